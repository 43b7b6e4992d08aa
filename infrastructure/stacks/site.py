"""The static site (citizen pages and agent console) on a private S3 bucket behind CloudFront."""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

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
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Guichet static site and /api",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
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
