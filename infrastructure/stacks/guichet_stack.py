"""One Guichet stage: tables, agent directory, the Chalice app, the static site, alarms."""
from __future__ import annotations

from pathlib import Path

from aws_cdk import Acknowledgment, Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_wafv2 as wafv2
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib.api.officer_auth import AUTHORIZER_NAME
from chalicelib.api.viewer_source import ORIGIN_VERIFY_HEADER  # what CloudFront sends (stacks/site.py)
from chalicelib.config import ENV
from tools.build_version import build_version

from .alarms import GuichetAlarms
from .chalice_ids import FUNCTIONS, QUEUE_BROADCAST, REST_API, REST_API_STAGE, WEBSOCKET_API, WEBSOCKET_STAGE
from .cognito_messages import INVITATION, VERIFICATION
from .console_config import OFFICER_PAGES, SCOPES, console_config
from .edge import EdgeStack, managed_rule, visibility
from .permissions import FUNCTION_ACCESS, FunctionAccess
from .schema import APP_NAME
from .site import StaticSite
from .stage_settings import StageSettings
from .tables import GuichetTables

__all__ = ["AGENT_GROUPS", "API_STAGE", "SALT_SECRET_ENV", "GuichetStack"]

REPO_ROOT = Path(__file__).resolve().parents[2]
API_STAGE = "api"  # the API Gateway stage of both APIs, as in .chalice/config.json
AGENT_GROUPS = ("agents", "supervisors")

# Which environment variable carries each table's name (see chalicelib.config.Settings).
TABLE_ENV = {
    "connections": ENV.CONNECTIONS_TABLE,
    "conversations": ENV.CONVERSATIONS_TABLE,
    "messages": ENV.MESSAGES_TABLE,
    "agents": ENV.AGENTS_TABLE,
    "stats": ENV.STATS_TABLE,
    "reports": ENV.REPORTS_TABLE,
    "notes": ENV.NOTES_TABLE,
    "canned_answers": ENV.CANNED_ANSWERS_TABLE,
    "tickets": ENV.TICKETS_TABLE,
    "supervisor_audit": ENV.SUPERVISOR_AUDIT_TABLE,
    "desk_figures": ENV.DESK_FIGURES_TABLE,
}
# The NAME of the stage's rate-limit salt secret, for the functions that read it at run time (Powertools
# parameters, cached); the salt itself is in no environment variable.
SALT_SECRET_ENV = getattr(ENV, "SALT_SECRET", "GUICHET_SALT_SECRET")


class GuichetStack(Stack):
    """A whole stage. Its construct id is the Chalice stage name (`dev`, `prod`)."""

    def __init__(
        self,
        scope: Construct,
        settings: StageSettings,
        *,
        edge: EdgeStack,
        source_dir: Path = REPO_ROOT,
        **kwargs: object,
    ) -> None:
        super().__init__(
            scope,
            settings.stage,
            stack_name=settings.stack_name,
            description=f"Guichet, online police front desk ({settings.stage})",
            **kwargs,
        )
        self.settings = settings
        self.version = build_version()  # GUICHET_VERSION for the functions, `version` in config.js
        self.tables = GuichetTables(
            self,
            "Tables",
            stage=settings.stage,
            removal_policy=self.removal_policy,
            deletion_protection=settings.retain_data,
        )
        user_pool, login_domain = self._agent_directory()
        # CloudFront sends it to the REST API as X-Origin-Verify: the stage's regional web ACL lets only those
        # requests in, and the function trusts CloudFront's viewer address only on them. Generated once per stage.
        origin_secret = self._generated_secret(
            "OriginSecret", "Proves to the REST API that a request came through the site's CloudFront distribution"
        )
        # The report and chat rate limits hash sources with this salt; the functions read it at run time.
        self.salt = self._secret("RateLimitSalt", "Salt of the rate limits' source hashes (never logged)")
        self.chalice = Chalice(
            self,
            "Chalice",
            source_dir=str(source_dir),
            stage_config={"environment_variables": self._environment(user_pool, origin_secret)},
        )
        rest_api = self.chalice.get_resource(REST_API)
        # `chalice package` wrote a placeholder user pool into the REST API's definition (app.py is imported
        # before the pool exists): the officers' routes' Cognito authorizer gets the stage's pool here.
        rest_api.add_property_override(
            f"DefinitionBody.securityDefinitions.{AUTHORIZER_NAME}.x-amazon-apigateway-authorizer.providerARNs",
            [user_pool.user_pool_arn],
        )
        # One name per stage, so the REST API's metrics (dimension ApiName) of two stages never mix.
        self.rest_api_name = settings.stack_name
        rest_api.add_property_override("DefinitionBody.info.title", self.rest_api_name)
        ws_api_id = self.chalice.get_resource(WEBSOCKET_API).ref
        rest_api_id = rest_api.ref
        # The REST function sends on websockets too (chalice issue #1991): tell it the API id.
        # So does the queue broadcaster, a plain function started asynchronously.
        for function_id in ("APIHandler", QUEUE_BROADCAST.function_id):
            self.chalice.get_resource(function_id).add_property_override(
                f"Environment.Variables.{ENV.WS_API_ID}", {"Ref": WEBSOCKET_API}
            )
        log_groups = self._send_logs_to_groups()
        self._apply_reservations()
        self._throttle_stages()
        self._grant_access(ws_api_id, log_groups)
        self._only_through_cloudfront(origin_secret)

        ws_url = f"wss://{ws_api_id}.execute-api.{self.region}.{self.url_suffix}/{API_STAGE}"
        rest_domain = f"{rest_api_id}.execute-api.{self.region}.{self.url_suffix}"
        site = StaticSite(
            self,
            "Site",
            site_dir=source_dir / "static_site",
            rest_api_domain=rest_domain,
            origin_secret=origin_secret,
            removal_policy=self.removal_policy,
            web_acl_arn=edge.web_acl.attr_arn,
            # What the pages reach besides the site: the chat's websocket, and Cognito for the officers' sign-in.
            connect_sources=[
                f"wss://{ws_api_id}.execute-api.{self.region}.{self.url_suffix}",
                f"https://cognito-idp.{self.region}.{self.url_suffix}",
                login_domain.base_url(),
            ],
        )
        client = self._console_client(user_pool, site.url)
        site.publish(
            console_config(
                site_url=site.url,
                ws_url=ws_url,
                api_stage=API_STAGE,
                region=self.region,
                user_pool_id=user_pool.user_pool_id,
                client_id=client.user_pool_client_id,
                login_domain_url=login_domain.base_url(),
                url_suffix=self.url_suffix,
                version=self.version,
            )
        )
        self.alarms = GuichetAlarms(
            self,
            "Alarms",
            settings=settings,
            functions={f.key: self.chalice.get_function(f.function_id) for f in FUNCTIONS},
            rest_api_name=self.rest_api_name,
            websocket_api_id=ws_api_id,
            api_stage=API_STAGE,
            web_acl_name=f"guichet-{settings.stage}-site",
        )
        self._outputs(
            SiteUrl=site.url,
            RestApiUrl=f"https://{rest_domain}/{API_STAGE}",
            WebsocketUrl=ws_url,
            UserPoolId=user_pool.user_pool_id,
            UserPoolClientId=client.user_pool_client_id,
            ManagedLoginUrl=login_domain.base_url(),
        )

    @property
    def removal_policy(self) -> RemovalPolicy:
        """Only a stage that keeps no data (dev) may lose it when the stack is deleted."""
        return RemovalPolicy.RETAIN if self.settings.retain_data else RemovalPolicy.DESTROY

    def _agent_directory(self) -> tuple[cognito.UserPool, cognito.UserPoolDomain]:
        """Officers' accounts: created by an administrator only (temporary password, changed at first
        sign-in), grouped by role, TOTP required; signed in through the pool's managed login."""
        threat_protection = self.settings.threat_protection
        user_pool = cognito.UserPool(
            self,
            "Agents",
            user_pool_name=f"{APP_NAME}-{self.settings.stage}-agents",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            password_policy=cognito.PasswordPolicy(min_length=12, temp_password_validity=Duration.days(3)),
            # Officers' accounts require a second factor: an authenticator app (TOTP), no SMS.
            # Cognito sets this when the pool is created: an existing pool keeps its MFA setting.
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # Threat protection (compromised credentials, risky sign-ins blocked) needs the Plus plan.
            feature_plan=cognito.FeaturePlan.PLUS if threat_protection else cognito.FeaturePlan.ESSENTIALS,
            standard_threat_protection_mode=(
                cognito.StandardThreatProtectionMode.FULL_FUNCTION if threat_protection else None
            ),
            # In French: the invitation (temporary password) and the code of a password reset.
            user_invitation=cognito.UserInvitationConfig(
                email_subject=INVITATION.subject, email_body=INVITATION.body
            ),
            user_verification=cognito.UserVerificationConfig(
                email_subject=VERIFICATION.subject,
                email_body=VERIFICATION.body,
                email_style=cognito.VerificationEmailStyle.CODE,
            ),
            deletion_protection=self.settings.retain_data,
            removal_policy=self.removal_policy,
        )
        for group in AGENT_GROUPS:
            cognito.CfnUserPoolGroup(
                self,
                f"{group.capitalize()}Group",
                user_pool_id=user_pool.user_pool_id,
                group_name=group,
            )
        login_domain = user_pool.add_domain(
            "ManagedLogin",
            cognito_domain=cognito.CognitoDomainOptions(
                domain_prefix=f"{APP_NAME}-{self.settings.stage}-{Aws.ACCOUNT_ID}"
            ),
            managed_login_version=cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
        )
        return user_pool, login_domain

    def _console_client(self, user_pool: cognito.UserPool, site_url: str) -> cognito.UserPoolClient:
        """The console's app client: public (no secret), authorization code grant (the console sends PKCE),
        the site's officer pages (the console, the reports inbox) as its callback and sign-out URLs, refresh
        tokens for a shift."""
        pages = [f"{site_url}{path}" for path in OFFICER_PAGES]
        client = user_pool.add_client(
            "Console",
            user_pool_client_name="agent-console",
            generate_secret=False,
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True, implicit_code_grant=False),
                scopes=[cognito.OAuthScope.custom(scope) for scope in SCOPES],
                callback_urls=pages,
                logout_urls=pages,
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            prevent_user_existence_errors=True,
            id_token_validity=Duration.hours(1),
            access_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.hours(12),
            enable_token_revocation=True,
        )
        # Only what the console uses: the managed login signs in, the console renews with its refresh token.
        client_resource = client.node.default_child
        assert isinstance(client_resource, cognito.CfnUserPoolClient)
        client_resource.explicit_auth_flows = ["ALLOW_REFRESH_TOKEN_AUTH"]
        # The newer managed login shows a client's pages once a branding style is assigned (Cognito's own here).
        cognito.CfnManagedLoginBranding(
            self,
            "ConsoleLoginBranding",
            user_pool_id=user_pool.user_pool_id,
            client_id=client.user_pool_client_id,
            use_cognito_provided_values=True,
        )
        return client

    def _environment(self, user_pool: cognito.UserPool, origin_secret: str) -> dict[str, str]:
        """What only the stack knows, merged over `.chalice/config.json`'s values."""
        tables = {TABLE_ENV[name]: t.table_name for name, t in self.tables.by_name.items()}
        return {
            **tables,
            # API Gateway's Cognito authorizer checks officers' ID tokens before the function runs (the REST
            # API's definition names this pool); the functions verify no token themselves.
            ENV.USER_POOL_ARN: user_pool.user_pool_arn,
            ENV.WS_STAGE: API_STAGE,
            SALT_SECRET_ENV: self.salt.secret_name,
            ENV.ORIGIN_SECRET: origin_secret,
            ENV.VERSION: self.version,
        }

    def _secret(self, construct_id: str, description: str) -> secretsmanager.Secret:
        """A random secret generated once per stage by Secrets Manager."""
        return secretsmanager.Secret(
            self,
            construct_id,
            description=description,
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=48, exclude_punctuation=True),
            removal_policy=self.removal_policy,
        )

    def _generated_secret(self, construct_id: str, description: str) -> str:
        """A generated secret whose value the template carries only as a dynamic reference (resolved at deploy)."""
        return self._secret(construct_id, description).secret_value.unsafe_unwrap()

    def _send_logs_to_groups(self) -> dict[str, logs.LogGroup]:
        """One log group per function with the stage's retention (Chalice's own option breaks REST apps)."""
        groups = {}
        for function in FUNCTIONS:
            group = logs.LogGroup(
                self,
                f"{function.function_id}Logs",
                log_group_name=f"/{APP_NAME}/{self.settings.stage}/{function.key}",
                removal_policy=RemovalPolicy.DESTROY,
            )
            cfn_group = group.node.default_child
            assert isinstance(cfn_group, logs.CfnLogGroup)
            cfn_group.retention_in_days = self.settings.log_retention_days
            self.chalice.get_resource(function.function_id).add_property_override(
                "LoggingConfig.LogGroup", group.log_group_name
            )
            groups[function.key] = group
        return groups

    def _apply_reservations(self) -> None:
        """Reserved concurrency only where the stage file asks (`make deploy` checks the account quota first)."""
        for function in FUNCTIONS:
            reserved = self.settings.reserved_concurrency.get(function.key)
            if reserved is not None:
                self.chalice.get_resource(function.function_id).add_property_override(
                    "ReservedConcurrentExecutions", reserved
                )

    def _throttle_stages(self) -> None:
        """The stage file's throttles on both APIs (a flood is refused by API Gateway before any function runs)."""
        rest, ws = self.settings.rest_throttle, self.settings.websocket_throttle
        self.chalice.get_resource(REST_API).add_property_override("TracingEnabled", True)  # X-Ray, as the functions
        self.chalice.get_resource(REST_API).add_property_override(
            "MethodSettings",
            [
                {
                    "HttpMethod": "*",
                    "ResourcePath": "/*",
                    "ThrottlingRateLimit": rest.rate_per_s,
                    "ThrottlingBurstLimit": rest.burst,
                }
            ],
        )
        self.chalice.get_resource(WEBSOCKET_STAGE).add_property_override(
            "DefaultRouteSettings", {"ThrottlingRateLimit": ws.rate_per_s, "ThrottlingBurstLimit": ws.burst}
        )

    def _only_through_cloudfront(self, origin_secret: str) -> None:
        """A regional web ACL on the REST API's stage blocks every request without CloudFront's origin secret, so
        the `execute-api` address answers 403 to anyone calling it directly."""
        acl = wafv2.CfnWebACL(
            self,
            "RestApiWebAcl",
            name=f"{APP_NAME}-{self.settings.stage}-rest-origin",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(block={}),
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="FromCloudFront",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(allow={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                                single_header={"Name": ORIGIN_VERIFY_HEADER}
                            ),
                            positional_constraint="EXACTLY",
                            search_string=origin_secret,
                            text_transformations=[
                                wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                            ],
                        )
                    ),
                    visibility_config=visibility("FromCloudFront"),
                ),
                # The Log4j and known-bad-inputs protections apply here too (CloudFront's ACL has them as well).
                managed_rule("AWSManagedRulesKnownBadInputsRuleSet", 1),
            ],
            visibility_config=visibility(f"{APP_NAME}-{self.settings.stage}-rest-origin"),
        )
        association = wafv2.CfnWebACLAssociation(
            self,
            "RestApiWebAclAssociation",
            web_acl_arn=acl.attr_arn,
            resource_arn=Fn.sub(
                f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{REST_API}}}/stages/{API_STAGE}"
            ),
        )
        # The stage is a resource SAM's transform makes from the REST API (`<id><stage>Stage`): wait for it.
        association.add_override("DependsOn", [REST_API_STAGE])
        Validations.of(association).acknowledge(
            Acknowledgment(
                id="CloudFormation-Validate::E3005",
                reason="RestAPIapiStage exists after SAM's transform (cfn-lint, which transforms, checks it)",
            )
        )

    def _grant_access(self, ws_api_id: str, log_groups: dict[str, logs.LogGroup]) -> None:
        """Each function's own role gets what it does (stacks/permissions.py), on the exact resources."""
        send = iam.PolicyStatement(
            actions=["execute-api:ManageConnections"],
            resources=[
                # Post, read and close connections of this API's stage only (any method: POST, GET, DELETE).
                self.format_arn(
                    service="execute-api",
                    resource=ws_api_id,
                    resource_name=f"{API_STAGE}/*/@connections/*",
                ),
            ],
        )
        broadcaster = self.chalice.get_function(QUEUE_BROADCAST.function_id)
        for function in FUNCTIONS:
            access: FunctionAccess = FUNCTION_ACCESS[function.key]
            role = self.chalice.get_role(function.role_id)
            for grant in access.tables:
                table = self.tables.by_name[grant.table]
                resources = [table.table_arn, *(f"{table.table_arn}/index/{index}" for index in grant.indexes)]
                role.add_to_principal_policy(iam.PolicyStatement(actions=list(grant.actions), resources=resources))
            if access.sends_on_websockets:
                role.add_to_principal_policy(send)
            if access.starts_broadcaster:
                role.add_to_principal_policy(
                    iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[broadcaster.function_arn])
                )
            if not access.reads_salt:  # the stack-wide environment names the salt's secret: only for its readers
                self.chalice.get_resource(function.function_id).add_property_deletion_override(
                    f"Environment.Variables.{SALT_SECRET_ENV}"
                )
            else:
                role.add_to_principal_policy(
                    iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[self.salt.secret_arn])
                )
            role.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[f"{log_groups[function.key].log_group_arn}"],
                )
            )

    def _outputs(self, **outputs: str) -> None:
        for name, value in outputs.items():
            CfnOutput(self, name, value=value)
