"""The static site (citizen pages and agent console) on a private S3 bucket behind CloudFront."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from .security_headers import (
    FRAME_OPTIONS,
    HSTS_MAX_AGE_S,
    PERMISSIONS_POLICY,
    REFERRER_POLICY,
    content_security_policy,
)

__all__ = ["StaticSite"]

CONFIG_OBJECT = "config.js"
# In static_site/ but not for browsers: the front end's unit tests and the file telling node they are ES modules.
NOT_DEPLOYED = ("*.test.js", "components/package.json")


def config_script(values: Mapping[str, object]) -> str:
    """The deployed `config.js`: the site reads its endpoints from `window.GUICHET_CONFIG`."""
    return f"window.GUICHET_CONFIG = {json.dumps(dict(values), indent=2)};\n"


DIRECTORY_INDEX_FUNCTION = """
function handler(event) {
  var request = event.request;
  if (request.uri.endsWith("/")) {
    request.uri += "index.html";
  }
  return request;
}
"""

class StaticSite(Construct):
    """Bucket, distribution and deployment; `/api/*` is forwarded to the REST API."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        site_dir: Path,
        rest_api_domain: str,
        origin_secret: str,
        removal_policy: RemovalPolicy,
        web_acl_arn: str,
        connect_sources: Sequence[str],
    ) -> None:
        super().__init__(scope, construct_id)
        self._site_dir = site_dir
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            removal_policy=removal_policy,
            auto_delete_objects=removal_policy == RemovalPolicy.DESTROY,
        )
        directory_index = cloudfront.Function(
            self,
            "DirectoryIndex",
            comment="Serve <folder>/index.html for /<folder>/ (the site's /fiches/ and /en/)",
            code=cloudfront.FunctionCode.from_inline(DIRECTORY_INDEX_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        self.headers = self._security_headers(connect_sources)
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Guichet static site and /api",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=self.headers,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=directory_index, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            additional_behaviors={
                # First: CloudFront takes the first pattern that matches.
                "/api/desk": self._desk_behavior(rest_api_domain, origin_secret),
                "/api/*": self._api_behavior(rest_api_domain, origin_secret),
            },
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            # The rate-based web ACL of the stage's us-east-1 stack (stacks/edge.py) sees every request: pages and /api.
            web_acl_id=web_acl_arn,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        )

    def publish(self, site_config: Mapping[str, object]) -> None:
        """Deploy the pages with this `config.js` (its values may be tokens: the console's app client needs the
        distribution's address first, and config.js needs the client)."""
        s3deploy.BucketDeployment(
            self,
            "Deployment",
            destination_bucket=self.bucket,
            sources=[
                s3deploy.Source.asset(str(self._site_dir), exclude=[CONFIG_OBJECT, *NOT_DEPLOYED]),
                # Resolved at deploy time: the token markers become the real endpoints.
                s3deploy.Source.data(CONFIG_OBJECT, config_script(site_config)),
            ],
            cache_control=[s3deploy.CacheControl.max_age(Duration.minutes(5))],
            distribution=self.distribution,
            distribution_paths=["/*"],
        )

    def _security_headers(self, connect_sources: Sequence[str]) -> cloudfront.ResponseHeadersPolicy:
        """The headers of stacks/security_headers.py (the local gateway serves the same ones)."""
        return cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="Guichet: CSP without inline code, no framing, HSTS (stacks/security_headers.py)",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(connect_sources), override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption[FRAME_OPTIONS], override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy[REFERRER_POLICY.upper().replace("-", "_")],
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.seconds(HSTS_MAX_AGE_S), include_subdomains=True, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy", value=PERMISSIONS_POLICY, override=True
                    )
                ]
            ),
        )

    @staticmethod
    def _api_behavior(rest_api_domain: str, origin_secret: str) -> cloudfront.BehaviorOptions:
        # The API Gateway stage "api" is the first path segment, so no origin path is needed.
        # X-Origin-Verify proves to the function that CloudFront sent the request, so that it may
        # trust CloudFront-Viewer-Address (chalicelib/api/viewer_source.py).
        return cloudfront.BehaviorOptions(
            origin=origins.HttpOrigin(
                rest_api_domain,
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                custom_headers={"X-Origin-Verify": origin_secret},
            ),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        )

    def _desk_behavior(self, rest_api_domain: str, origin_secret: str) -> cloudfront.BehaviorOptions:
        # GET /api/desk is read by every widget that opens: CloudFront answers it from its cache for the origin's
        # max-age (5 s), one entry per `v` (the notices' revision a queue frame named, so a new one is fetched once
        # per edge), nothing else in the key. A supervisor's edit reaches the widgets at most 5 s late.
        policy = cloudfront.CachePolicy(
            self,
            "DeskCache",
            comment="GET /api/desk: a few seconds, keyed on ?v= only",
            min_ttl=Duration.seconds(0),
            default_ttl=Duration.seconds(5),
            max_ttl=Duration.seconds(10),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.allow_list("v"),
            header_behavior=cloudfront.CacheHeaderBehavior.none(),
            cookie_behavior=cloudfront.CacheCookieBehavior.none(),
        )
        return cloudfront.BehaviorOptions(
            origin=origins.HttpOrigin(
                rest_api_domain,
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                custom_headers={"X-Origin-Verify": origin_secret},
            ),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
            cache_policy=policy,
        )

    @property
    def url(self) -> str:
        """The site's public https URL."""
        return f"https://{self.distribution.distribution_domain_name}"
