"""The one place that wires concrete adapters into the services."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.api.websocket_endpoint import WebsocketEndpoint
from chalicelib.api.websocket_participants import WebsocketParticipants
from chalicelib.config import Settings
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.opening_hours import OpeningHours
from chalicelib.domain.orientation import orientation_catalogue
from chalicelib.domain.rate_limit import MessageBurst, RateLimit
from chalicelib.domain.reply_watch import ReplyPolicy
from chalicelib.domain.retention import Retention
from chalicelib.domain.staffing import ServiceTarget
from chalicelib.ports import (
    CannedAnswerRepository,
    Notifier,
    QueueAnnouncer,
    ReportStorage,
    Storage,
    Telemetry,
    WsTicketRepository,
)
from chalicelib.services.agent_desk import AgentDesk
from chalicelib.services.canned_answers import CannedAnswers
from chalicelib.services.citizen import CitizenChat
from chalicelib.services.closing import Closer
from chalicelib.services.context import ChatContext, NoTelemetry
from chalicelib.services.delivery import Delivery
from chalicelib.services.desk_settings import DeskSettingsService
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.history import OfficerHistory
from chalicelib.services.inline_announcer import InlineQueueAnnouncer
from chalicelib.services.messaging import Messaging
from chalicelib.services.notes import Notes
from chalicelib.services.officer_tickets import OfficerTickets
from chalicelib.services.queue_board import QueueBoard
from chalicelib.services.queue_broadcast import QueueBroadcaster
from chalicelib.services.reply_watch import ReplyWatch
from chalicelib.services.report_inbox import ReportTriage
from chalicelib.services.reports import ReportDesk
from chalicelib.services.supervision import Supervision
from chalicelib.services.supervisor_audit import AuditLog
from chalicelib.services.supervisor_board import SupervisorBoard
from chalicelib.services.transfers import Transfers

__all__ = ["Runtime", "build_aws_runtime", "build_runtime"]


@dataclass
class Runtime:
    ctx: ChatContext
    websocket: WebsocketEndpoint
    dispatcher: Dispatcher
    broadcaster: QueueBroadcaster
    reports: ReportDesk
    tickets: OfficerTickets
    # The officers' canned answers (REST); None where a runtime serves no REST routes (handler tests).
    canned_answers: CannedAnswers | None = None
    # The officers' inbox of reports (REST); None where the report storage has no inbox (handler tests).
    report_triage: ReportTriage | None = None
    # The officers' closed conversations of the day (REST).
    history: OfficerHistory | None = None
    # The supervisors' figures of the day and staffing (REST).
    supervisor_board: SupervisorBoard | None = None
    # The desk's notices and opening hours (REST: public read, supervisors' edits).
    desk_settings: DeskSettingsService | None = None
    # The supervisors' audit trail (every supervisor action; read over REST): other desks record through it.
    audit_log: AuditLog | None = None


def build_runtime(
    storage: Storage,
    report_storage: ReportStorage,
    notifier: Notifier,
    tickets: WsTicketRepository,
    settings: Settings,
    clock: Clock | None = None,
    telemetry: Telemetry | None = None,
    announcer: QueueAnnouncer | None = None,
    canned_answers: CannedAnswerRepository | None = None,
    keep_watching: bool = False,
) -> Runtime:
    """Wire the services over the given ports; without an announcer the queue broadcast runs in the request.

    `keep_watching`: the broadcaster runs in its own invocation, so it may keep watching unanswered citizens.
    """
    ctx = ChatContext(
        storage=storage,
        notifier=notifier,
        clock=clock or SystemClock(),
        retention=Retention(settings.retention_days),
        agent_capacity=settings.agent_capacity,
        telemetry=telemetry or NoTelemetry(),
        rate_limiter=report_storage.rate_limiter,
        start_limit=RateLimit(settings.start_limit, settings.start_window_s),
        message_burst=MessageBurst(settings.message_burst, settings.message_burst_window_s),
        source_salt=settings.rate_limit_salt,
        transfer_offer_s=settings.transfer_offer_s,
        reply_policy=ReplyPolicy(settings.reply_timeout_s, settings.reply_reminder_s),
        desk_timezone=settings.desk_timezone,
        service_target=ServiceTarget(settings.staffing_target_share, settings.staffing_target_s),
        default_hours=OpeningHours.parse(settings.opening_hours),
    )
    delivery = Delivery(ctx)
    catalogue = orientation_catalogue()  # the orientation cards' ids, titles and links: read at cold start
    participants = WebsocketParticipants(delivery, catalogue)
    inline = InlineQueueAnnouncer()
    board = QueueBoard(ctx, participants, announcer or inline)
    dispatcher = Dispatcher(ctx, participants, board)
    broadcaster = QueueBroadcaster(
        ctx,
        board,
        dispatcher,
        announcer or inline,
        min_interval_s=settings.queue_broadcast_interval_s if announcer else 0.0,
        watch=ReplyWatch(ctx, participants, board, dispatcher),
        keep_watching=keep_watching,
    )
    inline.broadcaster = broadcaster
    closer = Closer(ctx, participants, board, dispatcher)
    messaging = Messaging(ctx, participants, catalogue)
    notes = Notes(ctx, participants)
    audit_log = (
        AuditLog(storage.audit, ctx.clock, ctx.retention, settings.desk_timezone) if storage.audit else None
    )
    # Each supervisor's edit of the desk's settings goes to the audit trail.
    desk_settings = DeskSettingsService(ctx, board, record=audit_log.desk_edit if audit_log else None)
    citizens = CitizenChat(ctx, participants, board, dispatcher, closer, messaging, desk_settings)
    officer_tickets = OfficerTickets(tickets, ctx.clock)
    desk = AgentDesk(ctx, officer_tickets, participants, board, dispatcher, closer, messaging)
    reports = ReportDesk(
        reports=report_storage.reports,
        clock=ctx.clock,
        retention=ctx.retention,
        source_salt=settings.rate_limit_salt,
        rate_limiter=report_storage.rate_limiter,
    )
    return Runtime(
        ctx=ctx,
        websocket=WebsocketEndpoint(
            storage.connections,
            citizens,
            desk,
            messaging,
            delivery,
            notes=notes,
            transfers=Transfers(ctx, participants, dispatcher),
            supervision=Supervision(ctx, participants, dispatcher, board, audit_log) if audit_log else None,
        ),
        dispatcher=dispatcher,
        broadcaster=broadcaster,
        reports=reports,
        canned_answers=CannedAnswers(canned_answers, ctx.clock) if canned_answers else None,
        tickets=officer_tickets,
        report_triage=(
            ReportTriage(report_storage.reports, report_storage.inbox, report_storage.audit, catalogue, ctx.clock)
            if report_storage.inbox and report_storage.audit
            else None
        ),
        history=OfficerHistory(storage, ctx.clock, settings.desk_timezone),
        supervisor_board=SupervisorBoard(
            storage, ctx.clock, settings.desk_timezone, ctx.service_target, settings.agent_capacity
        ),
        desk_settings=desk_settings,
        audit_log=audit_log,
    )


def build_aws_runtime(websocket_api: object, settings: Settings | None = None) -> Runtime:
    """Wire DynamoDB (chat, reports, websocket tickets) and API Gateway's management API, from the environment."""
    from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
    from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage
    from chalicelib.adapters.dynamodb_repositories import dynamodb_storage
    from chalicelib.adapters.dynamodb_ws_tickets import dynamodb_ws_tickets
    from chalicelib.adapters.lambda_announcer import LambdaQueueAnnouncer
    from chalicelib.adapters.powertools_telemetry import PowertoolsTelemetry
    from chalicelib.adapters.websocket_notifier import ChaliceWebsocketNotifier

    settings = settings or Settings.from_env()
    return build_runtime(
        storage=dynamodb_storage(settings),
        report_storage=dynamodb_report_storage(settings),
        notifier=ChaliceWebsocketNotifier(websocket_api, settings.ws_api_id, settings.ws_stage),  # type: ignore[arg-type]
        tickets=dynamodb_ws_tickets(settings),
        settings=settings,
        telemetry=PowertoolsTelemetry(),
        canned_answers=dynamodb_canned_answers(settings),
        keep_watching=bool(settings.queue_broadcast_function),
        announcer=(
            LambdaQueueAnnouncer(settings.queue_broadcast_function, settings.region, settings.lambda_endpoint)
            if settings.queue_broadcast_function
            else None
        ),
    )
