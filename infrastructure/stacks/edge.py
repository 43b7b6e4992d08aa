"""The stage's CloudFront web ACL: WAF's CLOUDFRONT scope exists only in us-east-1, so it has a small stack there.

The stage's main stack (eu-west-3) reads the web ACL's ARN through CDK's cross-region references (an SSM
parameter written here, read there by a custom resource): deploy both with `make deploy STAGE=<stage>`.
"""
from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from .stage_settings import StageSettings

__all__ = ["EDGE_REGION", "EdgeStack", "managed_rule", "rate_rule", "visibility"]

EDGE_REGION = "us-east-1"


def rate_rule(name: str, priority: int, limit: int) -> wafv2.CfnWebACL.RuleProperty:
    """Block a viewer address for as long as it sends more than `limit` requests in 5 minutes."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP", limit=limit, evaluation_window_sec=300
            )
        ),
        visibility_config=visibility(name),
    )


def managed_rule(name: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
    """An AWS managed rule group (no charge beyond the rule): known bad inputs, Log4j included."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name
            )
        ),
        visibility_config=visibility(name),
    )


def visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    # Metrics only: sampled requests would keep viewers' addresses and requests in WAF's console.
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=False
    )


class EdgeStack(Stack):
    """`guichet-<stage>-edge`: the rate-based web ACL in front of the site and, through it, the REST API."""

    def __init__(self, scope: Construct, settings: StageSettings, **kwargs: object) -> None:
        super().__init__(
            scope,
            f"{settings.stage}-edge",
            stack_name=settings.edge_stack_name,
            description=f"Guichet, CloudFront web ACL ({settings.stage})",
            **kwargs,
        )
        self.web_acl = wafv2.CfnWebACL(
            self,
            "SiteWebAcl",
            name=f"guichet-{settings.stage}-site",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=[
                rate_rule("RequestsPerViewer", 0, settings.waf_requests_per_ip_per_5_min),
                managed_rule("AWSManagedRulesKnownBadInputsRuleSet", 1),
            ],
            visibility_config=visibility(f"guichet-{settings.stage}-site"),
        )
