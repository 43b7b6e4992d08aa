"""One Guichet stage: tables, agent directory, the Chalice app, the static site, alarms."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Aws, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib.api.officer_auth import AUTHORIZER_NAME
from chalicelib.config import ENV

from .alarms import GuichetAlarms
from .chalice_ids import FUNCTIONS, QUEUE_BROADCAST, REST_API, WEBSOCKET_API
from .console_config import CONSOLE_PATH, SCOPES, console_config
from .schema import APP_NAME
from .site import StaticSite
from .sizing import SURGE
from .tables import GuichetTables

__all__ = ["AGENT_GROUPS", "API_STAGE", "GuichetStack", "StageOptions"]

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


@dataclass(frozen=True)
class StageOptions:
    """What varies between deployments, from `cdk -c` context."""

    stage: str = "dev"
    surge: bool = False
    alarm_email: str | None = None
    source_dir: Path = REPO_ROOT

    @property
    def is_dev(self) -> bool:
        return self.stage == "dev"

    @property
    def removal_policy(self) -> RemovalPolicy:
        """Only the dev stage may lose its data when the stack is deleted."""
        return RemovalPolicy.DESTROY if self.is_dev else RemovalPolicy.RETAIN

    @property
    def log_retention(self) -> logs.RetentionDays:
        """Logs carry no message text or personal data; they are kept for operations only."""
        return logs.RetentionDays.TWO_WEEKS if self.is_dev else logs.RetentionDays.ONE_MONTH


class GuichetStack(Stack):
    """A whole stage. Its construct id is the Chalice stage name (`dev`, `prod`)."""

    def __init__(self, scope: Construct, options: StageOptions, **kwargs: object) -> None:
        super().__init__(
            scope,
            options.stage,
            stack_name=f"{APP_NAME}-{options.stage}",
            description=f"Guichet, online police front desk ({options.stage})",
            **kwargs,
        )
        self.options = options
        self.tables = GuichetTables(
            self, "Tables", stage=options.stage, removal_policy=options.removal_policy
        )
        user_pool, login_domain = self._agent_directory()
        # CloudFront sends it to the REST API as X-Origin-Verify; the function trusts CloudFront's viewer
        # address only on requests that carry it. Generated once per stage; the template holds a reference.
        origin_secret = self._generated_secret(
            "OriginSecret", "Proves to the REST API that a request came through the site's CloudFront distribution"
        )
        self.chalice = Chalice(
            self,
            "Chalice",
            source_dir=str(options.source_dir),
            stage_config={"environment_variables": self._environment(user_pool, origin_secret)},
        )
        # `chalice package` wrote a placeholder user pool into the REST API's definition (app.py is imported
        # before the pool exists): the officers' routes' Cognito authorizer gets the stage's pool here.
        self.chalice.get_resource(REST_API).add_property_override(
            f"DefinitionBody.securityDefinitions.{AUTHORIZER_NAME}.x-amazon-apigateway-authorizer.providerARNs",
            [user_pool.user_pool_arn],
        )
        ws_api_id = self.chalice.get_resource(WEBSOCKET_API).ref
        rest_api_id = self.chalice.get_resource(REST_API).ref
        # The REST function sends on websockets too (chalice issue #1991): tell it the API id.
        # So does the queue broadcaster, a plain function started asynchronously.
        for function_id in ("APIHandler", QUEUE_BROADCAST.function_id):
            self.chalice.get_resource(function_id).add_property_override(
                f"Environment.Variables.{ENV.WS_API_ID}", {"Ref": WEBSOCKET_API}
            )
        self._send_logs_to_groups()
        if options.surge:
            self._apply_surge_sizing()
        self._grant_access(ws_api_id)

        ws_url = f"wss://{ws_api_id}.execute-api.{self.region}.{self.url_suffix}/{API_STAGE}"
        rest_domain = f"{rest_api_id}.execute-api.{self.region}.{self.url_suffix}"
        site = StaticSite(
            self,
            "Site",
            site_dir=options.source_dir / "static_site",
            rest_api_domain=rest_domain,
            origin_secret=origin_secret,
            removal_policy=options.removal_policy,
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
            )
        )
        GuichetAlarms(
            self,
            "Alarms",
            functions={f.key: self.chalice.get_function(f.function_id) for f in FUNCTIONS},
            tables=self.tables.by_name,
            websocket_api_id=ws_api_id,
            websocket_stage=API_STAGE,
            alarm_email=options.alarm_email,
        )
        self._outputs(
            SiteUrl=site.url,
            RestApiUrl=f"https://{rest_domain}/{API_STAGE}",
            WebsocketUrl=ws_url,
            UserPoolId=user_pool.user_pool_id,
            UserPoolClientId=client.user_pool_client_id,
            ManagedLoginUrl=login_domain.base_url(),
        )

    def _agent_directory(self) -> tuple[cognito.UserPool, cognito.UserPoolDomain]:
        """Officers' accounts: created by an administrator only (temporary password, changed at first
        sign-in), grouped by role, TOTP required; signed in through the pool's managed login."""
        user_pool = cognito.UserPool(
            self,
            "Agents",
            user_pool_name=f"{APP_NAME}-{self.options.stage}-agents",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            password_policy=cognito.PasswordPolicy(min_length=12, temp_password_validity=Duration.days(3)),
            # Officers' accounts require a second factor: an authenticator app (TOTP), no SMS.
            # Cognito sets this when the pool is created: an existing pool keeps its MFA setting.
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=not self.options.is_dev,
            removal_policy=self.options.removal_policy,
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
                domain_prefix=f"{APP_NAME}-{self.options.stage}-{Aws.ACCOUNT_ID}"
            ),
            managed_login_version=cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
        )
        return user_pool, login_domain

    def _console_client(self, user_pool: cognito.UserPool, site_url: str) -> cognito.UserPoolClient:
        """The console's app client: public (no secret), authorization code grant (the console sends PKCE),
        the site's console as its only callback and sign-out URL, refresh tokens for a shift."""
        console = f"{site_url}{CONSOLE_PATH}"
        client = user_pool.add_client(
            "Console",
            user_pool_client_name="agent-console",
            generate_secret=False,
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True, implicit_code_grant=False),
                scopes=[cognito.OAuthScope.custom(scope) for scope in SCOPES],
                callback_urls=[console],
                logout_urls=[console],
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
        # A per-stage random salt for the report rate limit's source hashes, generated once by Secrets
        # Manager; the template carries only a dynamic reference resolved at deploy time.
        salt = self._generated_secret("RateLimitSalt", "Salt of the report rate limit's source hashes (never logged)")
        return {
            **tables,
            # API Gateway's Cognito authorizer checks officers' ID tokens before the function runs (the REST
            # API's definition names this pool); the functions verify no token themselves.
            ENV.USER_POOL_ARN: user_pool.user_pool_arn,
            ENV.WS_STAGE: API_STAGE,
            ENV.RATE_LIMIT_SALT: salt,
            ENV.ORIGIN_SECRET: origin_secret,
        }

    def _generated_secret(self, construct_id: str, description: str) -> str:
        """A random secret generated once per stage by Secrets Manager; the template holds only a reference."""
        return secretsmanager.Secret(
            self,
            construct_id,
            description=description,
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=48, exclude_punctuation=True),
            removal_policy=self.options.removal_policy,
        ).secret_value.unsafe_unwrap()

    def _send_logs_to_groups(self) -> None:
        """One log group per function with a retention (Chalice's own option breaks REST apps)."""
        for function in FUNCTIONS:
            group = logs.LogGroup(
                self,
                f"{function.function_id}Logs",
                log_group_name=f"/{APP_NAME}/{self.options.stage}/{function.key}",
                retention=self.options.log_retention,
                removal_policy=RemovalPolicy.DESTROY,
            )
            self.chalice.get_resource(function.function_id).add_property_override(
                "LoggingConfig.LogGroup", group.log_group_name
            )

    def _apply_surge_sizing(self) -> None:
        for function in FUNCTIONS:
            size = SURGE[function.key]
            resource = self.chalice.get_resource(function.function_id)
            resource.add_property_override("MemorySize", size.memory_mb)
            if size.reserved_concurrency is not None:
                resource.add_property_override(
                    "ReservedConcurrentExecutions", size.reserved_concurrency
                )

    def _grant_access(self, ws_api_id: str) -> None:
        """Tables and websocket sends for each function's role (autogen can't see PynamoDB)."""
        send = iam.PolicyStatement(
            actions=["execute-api:ManageConnections"],
            resources=[
                self.format_arn(
                    service="execute-api",
                    resource=ws_api_id,
                    resource_name=f"{API_STAGE}/*/@connections/*",
                )
            ],
        )
        broadcaster = self.chalice.get_function(QUEUE_BROADCAST.function_id)
        for function in FUNCTIONS:
            role = self.chalice.get_role(function.role_id)
            self.tables.grant_read_write(role)
            role.add_to_principal_policy(send)
            broadcaster.grant_invoke(role)

    def _outputs(self, **outputs: str) -> None:
        for name, value in outputs.items():
            CfnOutput(self, name, value=value)
