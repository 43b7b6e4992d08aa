"""Guichet's Lambda entry points. Wiring only: each handler is parse → one call → reply.

Every function imports this module, so it imports only what every function uses: each function builds
its services at its first event (`runtime()`), and only the REST function (Lambda's `_HANDLER` is
`app.app`; off Lambda, every process) imports and registers the REST routes and their services.
"""
from __future__ import annotations

import functools

import boto3
from aws_lambda_powertools import Logger
from chalice import Chalice, ConvertToMiddleware, Response
from chalice.app import WebsocketEvent

from chalicelib.adapters.powertools_telemetry import metrics
from chalicelib.bootstrap import Runtime, build_aws_runtime
from chalicelib.config import Settings

logger = Logger(service="guichet")

app = Chalice(app_name="guichet")
app.experimental_feature_flags.update({"WEBSOCKETS"})
app.websocket_api.session = boto3.session.Session()
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics))

settings = Settings.from_env()


@functools.cache
def runtime() -> Runtime:
    """This process's services, built once: the chat only, or with what the REST routes use; the queue
    broadcaster's function leaves the websocket side unbuilt."""
    return build_aws_runtime(
        app.websocket_api, settings, rest=settings.serves_rest, websocket=settings.serves_websocket
    )


def register_rest_routes(services: Runtime) -> None:
    """The REST API's blueprints (the REST function only: the websocket functions never import them)."""
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

    authorizer = officers_authorizer(settings.user_pool_arn)
    app.register_blueprint(public_routes(services.ctx.storage, settings.version))
    if services.reports:
        app.register_blueprint(report_routes(services.reports, settings.origin_secret))
    app.register_blueprint(officer_routes(services.tickets, authorizer))
    if services.canned_answers:
        app.register_blueprint(canned_answer_routes(services.canned_answers, officer_of, authorizer))
    if services.history:
        app.register_blueprint(history_routes(services.history, officer_of, authorizer))
    if services.supervisor_board:
        app.register_blueprint(supervisor_routes(services.supervisor_board, supervisor_of, authorizer))
    if services.desk_settings:
        app.register_blueprint(desk_routes(services.desk_settings, supervisor_of, authorizer))
    if services.audit_log:
        app.register_blueprint(supervisor_audit_routes(services.audit_log, supervisor_of, authorizer))
    if services.report_triage:
        app.register_blueprint(report_inbox_routes(services.report_triage, officer_of, supervisor_of, authorizer))


if settings.serves_rest:
    register_rest_routes(runtime())


@app.on_ws_connect()
def connect(event: WebsocketEvent) -> Response:
    """Citizens connect freely; officers with ?ticket=<single-use ticket from POST /api/agent/ws-ticket>."""
    raw = event.to_dict()
    query = raw.get("queryStringParameters") or {}
    source_ip = (raw.get("requestContext", {}).get("identity") or {}).get("sourceIp")
    return Response(body="", status_code=runtime().websocket.connect(event.connection_id, query, source_ip))


@app.on_ws_message()
def message(event: WebsocketEvent) -> None:
    """One client frame."""
    runtime().websocket.message(event.connection_id, event.to_dict().get("body"))


@app.on_ws_disconnect()
def disconnect(event: WebsocketEvent) -> None:
    """The connection closed."""
    runtime().websocket.disconnect(event.connection_id)


@app.lambda_function(name="queue_broadcast")
def queue_broadcast(event: dict[str, object], context: object) -> dict[str, int]:
    """Tell every waiting citizen where they stand (invoked asynchronously when the queue changes), and
    watch citizens awaiting an officer's answer while officers hold conversations."""
    return {"passes": runtime().broadcaster.run()}
