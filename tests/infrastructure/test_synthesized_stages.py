"""What every synthesized stage must contain: read from `infrastructure/cdk.out/<stage>/` (`make synth-all`).

`make test` synthesizes each stage once, runs cfn-lint and checkov on the templates, then these tests. Run alone
without templates, they are skipped (GUICHET_REQUIRE_SYNTH=1, as `make test` sets, turns that into a failure).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infrastructure.stacks.cognito_messages import INVITATION, VERIFICATION
from infrastructure.stacks.permissions import FUNCTION_ACCESS
from infrastructure.stacks.schema import TABLES
from infrastructure.stacks.security_headers import content_security_policy
from infrastructure.stacks.stage_settings import STAGES, StageSettings, load_stage

ROOT = Path(__file__).resolve().parents[2]
CDK_OUT = ROOT / "infrastructure" / "cdk.out"
ROLES = {
    "api_handler": "ApiHandlerRole",
    "websocket_connect": "WebsocketConnectRole",
    "websocket_message": "WebsocketMessageRole",
    "websocket_disconnect": "WebsocketDisconnectRole",
    "queue_broadcast": "QueueBroadcastRole",
}
FUNCTIONS = {
    "api_handler": "APIHandler",
    "websocket_connect": "WebsocketConnect",
    "websocket_message": "WebsocketMessage",
    "websocket_disconnect": "WebsocketDisconnect",
    "queue_broadcast": "QueueBroadcast",
}
# The only statements allowed a "*" resource, and why: X-Ray takes no resource-level permission; CDK's site
# deployment provider invalidates the distribution with a policy it generates.
STAR_ALLOWED = {
    ("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
    ("cloudfront:GetInvalidation", "cloudfront:CreateInvalidation"),
}


def template(stage: str, name: str) -> dict[str, Any]:
    path = CDK_OUT / stage / f"{name}.template.json"
    if not path.exists():
        message = f"{path.relative_to(ROOT)} missing: run `make synth-all`"
        if os.environ.get("GUICHET_REQUIRE_SYNTH") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return json.loads(path.read_text(encoding="utf-8"))


def resources(tpl: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {k: r.get("Properties", {}) for k, r in tpl["Resources"].items() if r["Type"] == type_}


def one(tpl: dict[str, Any], type_: str) -> dict[str, Any]:
    found = resources(tpl, type_)
    assert len(found) == 1, f"{len(found)} {type_}"
    return next(iter(found.values()))


@pytest.fixture(params=STAGES)
def stage(request: pytest.FixtureRequest) -> Iterator[tuple[StageSettings, dict[str, Any], dict[str, Any]]]:
    name = request.param
    yield load_stage(name), template(name, name), template(name, f"{name}-edge")


def test_each_stage_alarms_on_the_chat_and_mails_the_stage_address(stage):
    settings, main, _ = stage
    alarms = {p["AlarmName"]: p for p in resources(main, "AWS::CloudWatch::Alarm").values()}
    prefix = settings.stack_name
    expected = {
        "chat-internal-errors": ("ErrorFrames", settings.alarms.internal_error_frames),
        "rest-5xx": ("5XXError", settings.alarms.rest_5xx),
        "queue-waiting": ("QueueWaiting", settings.alarms.waiting),
        "queue-longest-wait": ("QueueLongestWait", settings.alarms.longest_wait_s),
        "dynamodb-throttles": ("DynamoDBThrottles", settings.alarms.dynamodb_throttles),
    }
    for name, (metric, threshold) in expected.items():
        alarm = alarms[f"{prefix}-{name}"]
        assert (alarm["MetricName"], alarm["Threshold"]) == (metric, threshold)
    internal = alarms[f"{prefix}-chat-internal-errors"]
    assert {d["Name"]: d["Value"] for d in internal["Dimensions"]} == {"service": "guichet", "code": "internal_error"}
    assert internal["Namespace"] == "Guichet"
    assert len(alarms) == 5 + 2 * len(FUNCTIONS) + 2  # + errors and throttles per function, websocket API errors
    topic = next(iter(resources(main, "AWS::SNS::Topic")))
    assert all(a["AlarmActions"] == [{"Ref": topic}] for a in alarms.values())
    subscription = one(main, "AWS::SNS::Subscription")
    assert (subscription["Protocol"], subscription["Endpoint"]) == ("email", settings.alarm_email)
    dashboard = one(main, "AWS::CloudWatch::Dashboard")
    assert dashboard["DashboardName"] == settings.stack_name
    body = json.dumps(dashboard["DashboardBody"])
    for metric in ("QueueWaiting", "WaitBeforeAssignment", "ConversationsAbandoned", "ErrorFrames", "5XXError"):
        assert metric in body


def test_both_apis_are_throttled_as_the_stage_file_says(stage):
    settings, main, _ = stage
    rest = one(main, "AWS::Serverless::Api")
    assert rest["MethodSettings"] == [
        {
            "HttpMethod": "*",
            "ResourcePath": "/*",
            "ThrottlingRateLimit": settings.rest_throttle.rate_per_s,
            "ThrottlingBurstLimit": settings.rest_throttle.burst,
        }
    ]
    ws = one(main, "AWS::ApiGatewayV2::Stage")["DefaultRouteSettings"]
    assert (ws["ThrottlingRateLimit"], ws["ThrottlingBurstLimit"]) == (
        settings.websocket_throttle.rate_per_s,
        settings.websocket_throttle.burst,
    )


def test_cloudfront_has_the_rate_based_acl_and_the_rest_api_admits_only_cloudfront(stage):
    settings, main, edge = stage
    acl = one(edge, "AWS::WAFv2::WebACL")
    assert acl["Scope"] == "CLOUDFRONT"
    rate = next(r for r in acl["Rules"] if "RateBasedStatement" in r["Statement"])
    assert rate["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "EvaluationWindowSec": 300,
        "Limit": settings.waf_requests_per_ip_per_5_min,
    }
    assert "Block" in rate["Action"]
    distribution = one(main, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert "WebACLId" in distribution  # the edge stack's ACL, through a cross-region reference
    rest_acl = one(main, "AWS::WAFv2::WebACL")
    assert rest_acl["Scope"] == "REGIONAL" and "Block" in rest_acl["DefaultAction"]
    match = rest_acl["Rules"][0]["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": "x-origin-verify"}}
    origin_headers = [
        h for o in distribution["Origins"] for h in o.get("OriginCustomHeaders", []) if h["HeaderName"] == "X-Origin-Verify"
    ]
    assert origin_headers and all(h["HeaderValue"] == match["SearchString"] for h in origin_headers)  # same secret
    api_origins = [o for o in distribution["Origins"] if "CustomOriginConfig" in o]
    assert len(origin_headers) == len(api_origins)  # every origin of the REST API sends it
    association = one(main, "AWS::WAFv2::WebACLAssociation")
    assert "RestAPI" in json.dumps(association["ResourceArn"])


def test_the_site_is_served_with_the_shared_security_headers(stage):
    _, main, _ = stage
    policy = one(main, "AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]
    csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    # Same directives as the laptop's, plus the websocket API and Cognito in connect-src (tokens resolved at deploy).
    rendered = json.dumps(csp)
    for directive in content_security_policy().split("; "):
        if not directive.startswith("connect-src"):
            assert directive in rendered
    assert "wss://" in rendered and "cognito-idp" in rendered
    assert policy["SecurityHeadersConfig"]["FrameOptions"]["FrameOption"] == "DENY"
    assert policy["SecurityHeadersConfig"]["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    distribution = one(main, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert "ResponseHeadersPolicyId" in distribution["DefaultCacheBehavior"]


def test_tables_keep_their_data_on_prod_and_all_have_point_in_time_recovery(stage):
    settings, main, _ = stage
    tables = {k: r for k, r in main["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table"}
    assert len(tables) == len(TABLES)
    for resource in tables.values():
        properties = resource["Properties"]
        assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        assert properties.get("DeletionProtectionEnabled", False) is settings.retain_data
        assert resource["DeletionPolicy"] == ("Retain" if settings.retain_data else "Delete")


def test_officers_sign_in_with_mfa_through_the_code_flow_only_with_french_mails(stage):
    settings, main, _ = stage
    pool = one(main, "AWS::Cognito::UserPool")
    assert pool["MfaConfiguration"] == "ON"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    if settings.threat_protection:
        assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"} or pool["UserPoolTier"] == "PLUS"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    invitation = pool["AdminCreateUserConfig"]["InviteMessageTemplate"]
    assert (invitation["EmailSubject"], invitation["EmailMessage"]) == (INVITATION.subject, INVITATION.body)
    verification = pool["VerificationMessageTemplate"]
    assert (verification["EmailSubject"], verification["EmailMessage"]) == (VERIFICATION.subject, VERIFICATION.body)
    assert pool["DeletionProtection"] == ("ACTIVE" if settings.retain_data else "INACTIVE")
    client = one(main, "AWS::Cognito::UserPoolClient")
    assert client["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["GenerateSecret"] is False


def test_prod_has_threat_protection_enforced(stage):
    settings, main, _ = stage
    pool = one(main, "AWS::Cognito::UserPool")
    if settings.threat_protection:
        assert pool["UserPoolTier"] == "PLUS"
        assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    else:
        assert pool.get("UserPoolAddOns", {}).get("AdvancedSecurityMode", "OFF") == "OFF"
    if settings.stage == "prod":
        assert settings.threat_protection


def statements(tpl: dict[str, Any], role: str) -> list[dict[str, Any]]:
    """Every statement given to a role: inline in the role, and in the policies attached to it."""
    found = []
    for policy in tpl["Resources"][role]["Properties"].get("Policies", []):
        found += policy["PolicyDocument"]["Statement"]
    for policy in resources(tpl, "AWS::IAM::Policy").values():
        if f'"{role}"' in json.dumps(policy["Roles"]):  # a Ref, or the role's name cut out of its ARN
            found += policy["PolicyDocument"]["Statement"]
    return found


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_each_function_has_its_own_role_with_exact_resources_and_no_scan(stage):
    _, main, edge = stage
    for key, function_id in FUNCTIONS.items():
        function = main["Resources"][function_id]["Properties"]
        assert function["Role"] == {"Fn::GetAtt": [ROLES[key], "Arn"]}
    for tpl in (main, edge):
        for properties in [*resources(tpl, "AWS::IAM::Policy").values(), *resources(tpl, "AWS::IAM::Role").values()]:
            documents = [properties["PolicyDocument"]] if "PolicyDocument" in properties else [
                p["PolicyDocument"] for p in properties.get("Policies", [])
            ]
            for statement in (s for d in documents for s in d["Statement"]):
                actions = as_list(statement["Action"])
                assert not any(a in ("dynamodb:Scan", "dynamodb:*", "*") for a in actions), statement
                if "*" in as_list(statement.get("Resource")):
                    assert tuple(actions) in STAR_ALLOWED, statement
    for key, role in ROLES.items():
        granted = statements(main, role)
        blob = json.dumps(granted)
        assert "arn:aws:dynamodb:*" not in blob and "arn:aws:logs:*" not in blob and "execute-api:*:*" not in blob
        access = FUNCTION_ACCESS[key]
        assert ("execute-api:ManageConnections" in blob) is access.sends_on_websockets
        assert ("lambda:InvokeFunction" in blob) is access.starts_broadcaster
        assert ("secretsmanager:GetSecretValue" in blob) is access.reads_salt
        dynamodb = [s for s in granted if any(str(a).startswith("dynamodb:") for a in as_list(s["Action"]))]
        assert len(dynamodb) == len(access.tables), key  # one statement per table the function uses
        assert "dynamodb:DescribeTable" not in blob
        logs = [s for s in granted if "logs:PutLogEvents" in as_list(s["Action"])]
        assert len(logs) == 1 and FUNCTIONS[key] in json.dumps(logs[0]["Resource"]), key  # its own log group


def test_the_salt_is_read_at_run_time_never_from_the_environment(stage):
    _, main, _ = stage
    for key, function_id in FUNCTIONS.items():
        variables = main["Resources"][function_id]["Properties"]["Environment"]["Variables"]
        assert "GUICHET_RATE_LIMIT_SALT" not in variables
        assert ("GUICHET_SALT_SECRET" in variables) is FUNCTION_ACCESS[key].reads_salt, key


def test_every_function_carries_the_build_version(stage):
    _, main, _ = stage
    variables = [main["Resources"][f]["Properties"]["Environment"]["Variables"] for f in FUNCTIONS.values()]
    versions = {v.get("GUICHET_VERSION") for v in variables}
    assert len(versions) == 1 and not versions & {None, "", "dev"}  # the build's, the same in every function


def test_no_function_reserves_concurrency_unless_the_stage_file_says(stage):
    settings, main, _ = stage
    for key, function_id in FUNCTIONS.items():
        reserved = main["Resources"][function_id]["Properties"].get("ReservedConcurrentExecutions")
        assert reserved == settings.reserved_concurrency.get(key)
