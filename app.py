"""Guichet's Lambda entry points. Wiring only: each handler is parse → one call → reply."""
from __future__ import annotations

import boto3
from aws_lambda_powertools import Logger
from chalice import Chalice, ConvertToMiddleware, Response
from chalice.app import WebsocketEvent

from chalicelib.adapters.powertools_telemetry import metrics
from chalicelib.api.officer_auth import officer_of, officers_authorizer, supervisor_of
from chalicelib.api.rest_canned_answers import canned_answer_routes
from chalicelib.api.rest_desk import desk_routes
from chalicelib.api.rest_history import history_routes
from chalicelib.api.rest_officers import officer_routes
from chalicelib.api.rest_public import public_routes
from chalicelib.api.rest_report_inbox import report_inbox_routes
from chalicelib.api.rest_reports import report_routes
from chalicelib.api.rest_supervisor import supervisor_routes
from chalicelib.api.rest_supervisor_audit import supervisor_audit_routes
from chalicelib.bootstrap import build_aws_runtime
from chalicelib.config import Settings

logger = Logger(service="guichet")

app = Chalice(app_name="guichet")
app.experimental_feature_flags.update({"WEBSOCKETS"})
app.websocket_api.session = boto3.session.Session()
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics))

settings = Settings.from_env()
runtime = build_aws_runtime(app.websocket_api, settings)
app.register_blueprint(public_routes(runtime.ctx.storage))
app.register_blueprint(report_routes(runtime.reports, settings.origin_secret))
app.register_blueprint(officer_routes(runtime.tickets, officers_authorizer(settings.user_pool_arn)))
if runtime.canned_answers:
    app.register_blueprint(
        canned_answer_routes(runtime.canned_answers, officer_of, officers_authorizer(settings.user_pool_arn))
    )
if runtime.history:
    app.register_blueprint(history_routes(runtime.history, officer_of, officers_authorizer(settings.user_pool_arn)))
if runtime.supervisor_board:
    app.register_blueprint(
        supervisor_routes(runtime.supervisor_board, supervisor_of, officers_authorizer(settings.user_pool_arn))
    )
if runtime.desk_settings:
    app.register_blueprint(
        desk_routes(runtime.desk_settings, supervisor_of, officers_authorizer(settings.user_pool_arn))
    )
if runtime.audit_log:
    app.register_blueprint(
        supervisor_audit_routes(runtime.audit_log, supervisor_of, officers_authorizer(settings.user_pool_arn))
    )
if runtime.report_triage:
    app.register_blueprint(
        report_inbox_routes(
            runtime.report_triage, officer_of, supervisor_of, officers_authorizer(settings.user_pool_arn)
        )
    )


@app.on_ws_connect()
def connect(event: WebsocketEvent) -> Response:
    """Citizens connect freely; officers with ?ticket=<single-use ticket from POST /api/agent/ws-ticket>."""
    raw = event.to_dict()
    query = raw.get("queryStringParameters") or {}
    source_ip = (raw.get("requestContext", {}).get("identity") or {}).get("sourceIp")
    return Response(body="", status_code=runtime.websocket.connect(event.connection_id, query, source_ip))


@app.on_ws_message()
def message(event: WebsocketEvent) -> None:
    """One client frame."""
    runtime.websocket.message(event.connection_id, event.to_dict().get("body"))


@app.on_ws_disconnect()
def disconnect(event: WebsocketEvent) -> None:
    """The connection closed."""
    runtime.websocket.disconnect(event.connection_id)


@app.lambda_function(name="queue_broadcast")
def queue_broadcast(event: dict[str, object], context: object) -> dict[str, int]:
    """Tell every waiting citizen where they stand (invoked asynchronously when the queue changes), and
    watch citizens awaiting an officer's answer while officers hold conversations."""
    return {"passes": runtime.broadcaster.run()}
