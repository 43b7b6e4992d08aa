"""Environment variable names and the settings read from them, in one place."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_RATE_LIMIT_SALT", "ENV", "SALT_MAX_AGE_S", "UNKNOWN_VERSION", "Settings"]

# Every deployed stage names a Secrets Manager secret in GUICHET_SALT_SECRET (a long random value, never
# committed, never in the environment): with this public default, used only where no secret is named,
# anyone could hash every IPv4 address and read the sources back from the rate-limit items.
DEFAULT_RATE_LIMIT_SALT = "guichet-rate-limit-salt-set-per-stage"
# How long a function keeps the salt it read before reading it again (a rotation is taken up within this).
SALT_MAX_AGE_S = 300
# The version when the build names none (a laptop checkout).
UNKNOWN_VERSION = "dev"


class ENV:
    """Names of the environment variables Guichet reads."""

    CONNECTIONS_TABLE = "GUICHET_CONNECTIONS_TABLE"
    CONVERSATIONS_TABLE = "GUICHET_CONVERSATIONS_TABLE"
    MESSAGES_TABLE = "GUICHET_MESSAGES_TABLE"
    AGENTS_TABLE = "GUICHET_AGENTS_TABLE"
    STATS_TABLE = "GUICHET_STATS_TABLE"
    DYNAMODB_HOST = "GUICHET_DYNAMODB_HOST"
    RETENTION_DAYS = "GUICHET_RETENTION_DAYS"
    AGENT_CAPACITY = "GUICHET_AGENT_CAPACITY"
    JWKS_URL = "GUICHET_JWKS_URL"
    JWT_ISSUER = "GUICHET_JWT_ISSUER"
    JWT_AUDIENCE = "GUICHET_JWT_AUDIENCE"
    WS_API_ID = "GUICHET_WS_API_ID"
    WS_STAGE = "GUICHET_WS_STAGE"
    REPORTS_TABLE = "GUICHET_REPORTS_TABLE"
    # Officers' internal notes on conversations, and the canned answers.
    NOTES_TABLE = "GUICHET_NOTES_TABLE"
    CANNED_ANSWERS_TABLE = "GUICHET_CANNED_ANSWERS_TABLE"
    # Officers' single-use websocket tickets.
    TICKETS_TABLE = "GUICHET_TICKETS_TABLE"
    # The desk's hourly counters and survey comments (the supervisors' figures), and the staffing target:
    # this share of citizens answered within this many seconds.
    DESK_FIGURES_TABLE = "GUICHET_DESK_FIGURES_TABLE"
    STAFFING_TARGET_SHARE = "GUICHET_STAFFING_TARGET_SHARE"
    # The supervisors' audit trail (every supervisor action: who, what, when, on what).
    SUPERVISOR_AUDIT_TABLE = "GUICHET_SUPERVISOR_AUDIT_TABLE"
    STAFFING_TARGET_S = "GUICHET_STAFFING_TARGET_S"
    # The Cognito user pool whose ID tokens the REST authorizer accepts (officers' and supervisors' routes).
    USER_POOL_ARN = "GUICHET_USER_POOL_ARN"
    # The NAME (or ARN) of the Secrets Manager secret holding the salt of the sources' hashes (rate limits)
    # and of the citizens' report secrets; the value is read at run time, never from the environment.
    SALT_SECRET = "GUICHET_SALT_SECRET"
    # The deployed version (`git describe` at build time): /api/health and config.js show it.
    VERSION = "GUICHET_VERSION"
    # Set by the Lambda runtime: the function's handler (`app.app` for REST, `app.message`, ...). A
    # websocket function registers no REST routes; unset (packaging, the laptop, tests): every route.
    LAMBDA_HANDLER = "_HANDLER"
    # The secret CloudFront sends to the API origin as X-Origin-Verify: only then is its viewer address trusted.
    ORIGIN_SECRET = "GUICHET_ORIGIN_SECRET"
    # The queue broadcaster's Lambda function; empty: broadcast inside the request (small desks, tests).
    QUEUE_BROADCAST_FUNCTION = "GUICHET_QUEUE_BROADCAST_FUNCTION"
    QUEUE_BROADCAST_INTERVAL_S = "GUICHET_QUEUE_BROADCAST_INTERVAL_S"
    # Abuse limits on the chat: new conversations per source and window, a citizen's messages per burst window.
    START_LIMIT = "GUICHET_START_LIMIT"
    START_WINDOW_S = "GUICHET_START_WINDOW_S"
    MESSAGE_BURST = "GUICHET_MESSAGE_BURST"
    MESSAGE_BURST_WINDOW_S = "GUICHET_MESSAGE_BURST_WINDOW_S"
    # Transfers and unanswered citizens: how long a colleague has to accept; after how long without an
    # officer's answer the conversation goes back to the queue (0: never), and when the officer is reminded.
    TRANSFER_OFFER_S = "GUICHET_TRANSFER_OFFER_S"
    REPLY_TIMEOUT_S = "GUICHET_REPLY_TIMEOUT_S"
    REPLY_REMINDER_S = "GUICHET_REPLY_REMINDER_S"
    # The desk's time zone: an officer's history shows the conversations closed since its midnight.
    DESK_TIMEZONE = "GUICHET_DESK_TIMEZONE"
    # The desk's opening hours until a supervisor edits them (in its time zone): `always`, `08:00-20:00` (every
    # day) or `mon=08:00-20:00,…,sun=closed`. Unset: always (tests); the deployed stages set the real desk's.
    OPENING_HOURS = "GUICHET_OPENING_HOURS"
    # Laptop only: where the local gateway serves Lambda's Invoke API.
    LAMBDA_ENDPOINT = "GUICHET_LAMBDA_ENDPOINT"
    REGION = "AWS_DEFAULT_REGION"
    METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"
    SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"


@dataclass(frozen=True)
class Settings:
    """Everything the Lambda functions need to know about their stage."""

    connections_table: str = "guichet-connections"
    conversations_table: str = "guichet-conversations"
    messages_table: str = "guichet-messages"
    agents_table: str = "guichet-agents"
    stats_table: str = "guichet-stats"
    dynamodb_host: str | None = None
    region: str = "eu-west-3"
    retention_days: int = 90
    agent_capacity: int = 3
    jwks_url: str = ""
    jwt_issuer: str = ""
    jwt_audience: str = ""
    ws_api_id: str = ""
    ws_stage: str = "api"
    reports_table: str = "guichet-reports"
    notes_table: str = "guichet-notes"
    canned_answers_table: str = "guichet-canned_answers"
    tickets_table: str = "guichet-tickets"
    desk_figures_table: str = "guichet-desk_figures"
    supervisor_audit_table: str = "guichet-supervisor_audit"
    staffing_target_share: float = 0.8
    staffing_target_s: float = 60.0
    user_pool_arn: str = ""
    salt_secret: str = ""
    version: str = UNKNOWN_VERSION
    lambda_handler: str = ""
    origin_secret: str = ""
    queue_broadcast_function: str = ""
    queue_broadcast_interval_s: float = 1.0
    lambda_endpoint: str | None = None
    # Peers allow about 6 new conversations per 12 hours from one source.
    start_limit: int = 6
    start_window_s: int = 12 * 3600
    message_burst: int = 20
    message_burst_window_s: int = 60
    transfer_offer_s: float = 60.0
    reply_timeout_s: float = 120.0
    reply_reminder_s: float = 90.0
    desk_timezone: str = "Europe/Paris"
    opening_hours: str = "always"

    @property
    def serves_rest(self) -> bool:
        """Whether this process answers REST requests (the REST function, or everything off Lambda)."""
        return self.lambda_handler in ("", "app.app")

    @property
    def serves_websocket(self) -> bool:
        """Whether this process answers websocket events (every function but the queue broadcaster's)."""
        return self.lambda_handler != "app.queue_broadcast"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment, defaults filling the gaps."""
        env = os.environ if env is None else env
        default = cls()
        return cls(
            connections_table=env.get(ENV.CONNECTIONS_TABLE, default.connections_table),
            conversations_table=env.get(ENV.CONVERSATIONS_TABLE, default.conversations_table),
            messages_table=env.get(ENV.MESSAGES_TABLE, default.messages_table),
            agents_table=env.get(ENV.AGENTS_TABLE, default.agents_table),
            stats_table=env.get(ENV.STATS_TABLE, default.stats_table),
            dynamodb_host=env.get(ENV.DYNAMODB_HOST) or None,
            region=env.get(ENV.REGION, env.get("AWS_REGION", default.region)),
            retention_days=int(env.get(ENV.RETENTION_DAYS, default.retention_days)),
            agent_capacity=int(env.get(ENV.AGENT_CAPACITY, default.agent_capacity)),
            jwks_url=env.get(ENV.JWKS_URL, default.jwks_url),
            jwt_issuer=env.get(ENV.JWT_ISSUER, default.jwt_issuer),
            jwt_audience=env.get(ENV.JWT_AUDIENCE, default.jwt_audience),
            ws_api_id=env.get(ENV.WS_API_ID, default.ws_api_id),
            ws_stage=env.get(ENV.WS_STAGE, default.ws_stage),
            reports_table=env.get(ENV.REPORTS_TABLE, default.reports_table),
            notes_table=env.get(ENV.NOTES_TABLE, default.notes_table),
            canned_answers_table=env.get(ENV.CANNED_ANSWERS_TABLE, default.canned_answers_table),
            tickets_table=env.get(ENV.TICKETS_TABLE, default.tickets_table),
            desk_figures_table=env.get(ENV.DESK_FIGURES_TABLE, default.desk_figures_table),
            supervisor_audit_table=env.get(ENV.SUPERVISOR_AUDIT_TABLE, default.supervisor_audit_table),
            staffing_target_share=float(env.get(ENV.STAFFING_TARGET_SHARE, default.staffing_target_share)),
            staffing_target_s=float(env.get(ENV.STAFFING_TARGET_S, default.staffing_target_s)),
            user_pool_arn=env.get(ENV.USER_POOL_ARN, default.user_pool_arn),
            salt_secret=env.get(ENV.SALT_SECRET, default.salt_secret),
            version=env.get(ENV.VERSION) or default.version,
            lambda_handler=env.get(ENV.LAMBDA_HANDLER, default.lambda_handler),
            origin_secret=env.get(ENV.ORIGIN_SECRET, default.origin_secret),
            queue_broadcast_function=env.get(ENV.QUEUE_BROADCAST_FUNCTION, default.queue_broadcast_function),
            queue_broadcast_interval_s=float(
                env.get(ENV.QUEUE_BROADCAST_INTERVAL_S, default.queue_broadcast_interval_s)
            ),
            lambda_endpoint=env.get(ENV.LAMBDA_ENDPOINT) or None,
            start_limit=int(env.get(ENV.START_LIMIT, default.start_limit)),
            start_window_s=int(env.get(ENV.START_WINDOW_S, default.start_window_s)),
            message_burst=int(env.get(ENV.MESSAGE_BURST, default.message_burst)),
            message_burst_window_s=int(env.get(ENV.MESSAGE_BURST_WINDOW_S, default.message_burst_window_s)),
            transfer_offer_s=float(env.get(ENV.TRANSFER_OFFER_S, default.transfer_offer_s)),
            reply_timeout_s=float(env.get(ENV.REPLY_TIMEOUT_S, default.reply_timeout_s)),
            reply_reminder_s=float(env.get(ENV.REPLY_REMINDER_S, default.reply_reminder_s)),
            desk_timezone=env.get(ENV.DESK_TIMEZONE, default.desk_timezone),
            opening_hours=env.get(ENV.OPENING_HOURS) or default.opening_hours,
        )
