"""The one place that wires concrete adapters into the services."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from chalicelib.api.websocket_participants import WebsocketParticipants
from chalicelib.config import DEFAULT_RATE_LIMIT_SALT, Settings
from chalicelib.domain.clock import Clock, SystemClock
from chalicelib.domain.opening_hours import OpeningHours
from chalicelib.domain.orientation import OrientationCatalogue, orientation_catalogue
from chalicelib.domain.rate_limit import MessageBurst, RateLimit
from chalicelib.domain.reply_watch import ReplyPolicy
from chalicelib.domain.retention import Retention
from chalicelib.domain.staffing import ServiceTarget
from chalicelib.ports import (
    CannedAnswerRepository,
    Notifier,
    QueueAnnouncer,
    RateLimiter,
    ReportStorage,
    Secret,
    Storage,
    Telemetry,
    WsTicketRepository,
)
from chalicelib.services.context import ChatContext, FixedSecret, NoTelemetry
from chalicelib.services.delivery import Delivery
from chalicelib.services.dispatch import Dispatcher
from chalicelib.services.inline_announcer import InlineQueueAnnouncer
from chalicelib.services.live_board import LiveBoardFeed
from chalicelib.services.queue_board import QueueBoard
from chalicelib.services.queue_broadcast import QueueBroadcaster
from chalicelib.services.reply_watch import ReplyWatch

if TYPE_CHECKING:
    # The websocket side (the endpoint, tickets, desk settings, audit log) is imported where it is built: the
    # queue broadcaster's function never builds it. Only the REST function uses the others: imported when a
    # runtime is built with the report storage.
    from chalicelib.api.websocket_endpoint import WebsocketEndpoint
    from chalicelib.services.canned_answers import CannedAnswers
    from chalicelib.services.desk_settings import DeskSettingsService
    from chalicelib.services.history import OfficerHistory
    from chalicelib.services.officer_tickets import OfficerTickets
    from chalicelib.services.report_inbox import ReportTriage
    from chalicelib.services.reports import ReportDesk
    from chalicelib.services.supervisor_audit import AuditLog
    from chalicelib.services.supervisor_board import SupervisorBoard

__all__ = ["ChatServices", "Runtime", "build_aws_runtime", "build_runtime"]


class ChatServices:
    """The websocket side: the endpoint and what it shares with the REST routes."""

    def __init__(
        self,
        websocket: WebsocketEndpoint,
        tickets: OfficerTickets,
        desk_settings: DeskSettingsService,
        audit_log: AuditLog | None,
    ) -> None:
        self.websocket = websocket
        self.tickets = tickets
        # The desk's notices and opening hours (the citizens' start; REST: public read, supervisors' edits).
        self.desk_settings = desk_settings
        # The supervisors' audit trail (every supervisor action; read over REST): other desks record through it.
        self.audit_log = audit_log


class Runtime:
    """A process's services: the queue's, built at once; the websocket side, built at its first use (at once
    where `build_runtime` is asked to: the queue broadcaster's function never uses it); the REST ones if wired."""

    def __init__(
        self,
        ctx: ChatContext,
        dispatcher: Dispatcher,
        broadcaster: QueueBroadcaster,
        build_chat: Callable[[], ChatServices],
    ) -> None:
        self.ctx = ctx
        self.dispatcher = dispatcher
        self.broadcaster = broadcaster
        self._build_chat = build_chat
        # The citizens' reports (REST); None in the chat functions' runtime (built without the report storage).
        self.reports: ReportDesk | None = None
        # The officers' canned answers (REST); None where a runtime serves no REST routes (handler tests).
        self.canned_answers: CannedAnswers | None = None
        # The officers' inbox of reports (REST); None where the report storage has no inbox (handler tests).
        self.report_triage: ReportTriage | None = None
        # The officers' closed conversations of the day (REST).
        self.history: OfficerHistory | None = None
        # The supervisors' figures of the day and staffing (REST).
        self.supervisor_board: SupervisorBoard | None = None

    @functools.cached_property
    def chat(self) -> ChatServices:
        """The websocket side, built once."""
        return self._build_chat()

    @property
    def websocket(self) -> WebsocketEndpoint:
        return self.chat.websocket

    @property
    def tickets(self) -> OfficerTickets:
        return self.chat.tickets

    @property
    def desk_settings(self) -> DeskSettingsService:
        return self.chat.desk_settings

    @property
    def audit_log(self) -> AuditLog | None:
        return self.chat.audit_log


def build_runtime(
    storage: Storage,
    report_storage: ReportStorage | None,
    notifier: Notifier,
    tickets: WsTicketRepository,
    settings: Settings,
    clock: Clock | None = None,
    telemetry: Telemetry | None = None,
    announcer: QueueAnnouncer | None = None,
    canned_answers: CannedAnswerRepository | None = None,
    keep_watching: bool = False,
    rate_limiter: RateLimiter | None = None,
    salt: Secret | None = None,
    websocket: bool = True,
) -> Runtime:
    """Wire the services over the given ports; without an announcer the queue broadcast runs in the request.

    `keep_watching`: the broadcaster runs in its own invocation, so it may keep watching unanswered citizens.
    Without `report_storage` only the chat is wired (the websocket functions and the broadcaster): the REST
    services stay None and their modules unimported; `rate_limiter` then counts the chat's new conversations.
    `salt`: the key of the sources' hashes and report secrets (default: the public default, for tests).
    `websocket`: build the websocket side now; False (the queue broadcaster's function): at its first use, if any,
    so that function never imports the endpoint, the frames or the citizens' and officers' use cases.
    """
    salt = salt or FixedSecret(DEFAULT_RATE_LIMIT_SALT)
    ctx = ChatContext(
        storage=storage,
        notifier=notifier,
        clock=clock or SystemClock(),
        retention=Retention(settings.retention_days),
        agent_capacity=settings.agent_capacity,
        telemetry=telemetry or NoTelemetry(),
        rate_limiter=report_storage.rate_limiter if report_storage else rate_limiter,
        start_limit=RateLimit(settings.start_limit, settings.start_window_s),
        message_burst=MessageBurst(settings.message_burst, settings.message_burst_window_s),
        salt=salt,
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
    live_board = LiveBoardFeed(ctx, participants)
    broadcaster = QueueBroadcaster(
        ctx,
        board,
        dispatcher,
        announcer or inline,
        min_interval_s=settings.queue_broadcast_interval_s if announcer else 0.0,
        watch=ReplyWatch(ctx, participants, board, dispatcher),
        keep_watching=keep_watching,
        live_board=live_board,
    )
    inline.broadcaster = broadcaster
    runtime = Runtime(
        ctx,
        dispatcher,
        broadcaster,
        functools.partial(
            _build_chat, ctx, delivery, participants, board, dispatcher, live_board, tickets, catalogue, settings
        ),
    )
    if websocket:
        _ = runtime.chat  # the websocket side, built now: part of a websocket function's cold start
    if report_storage is not None:
        _wire_rest_services(runtime, report_storage, canned_answers, settings, catalogue)
    return runtime


def _build_chat(
    ctx: ChatContext,
    delivery: Delivery,
    participants: WebsocketParticipants,
    board: QueueBoard,
    dispatcher: Dispatcher,
    live_board: LiveBoardFeed,
    tickets: WsTicketRepository,
    catalogue: OrientationCatalogue,
    settings: Settings,
) -> ChatServices:
    """The websocket endpoint and the use cases behind it (imported here: the queue broadcaster never needs them)."""
    from chalicelib.api.websocket_endpoint import WebsocketEndpoint
    from chalicelib.services.agent_desk import AgentDesk
    from chalicelib.services.citizen import CitizenChat
    from chalicelib.services.closing import Closer
    from chalicelib.services.desk_settings import DeskSettingsService
    from chalicelib.services.messaging import Messaging
    from chalicelib.services.notes import Notes
    from chalicelib.services.officer_tickets import OfficerTickets
    from chalicelib.services.supervision import Supervision
    from chalicelib.services.supervisor_audit import AuditLog
    from chalicelib.services.transfers import Transfers

    storage = ctx.storage
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
    websocket = WebsocketEndpoint(
        storage.connections,
        citizens,
        desk,
        messaging,
        delivery,
        notes=notes,
        transfers=Transfers(ctx, participants, dispatcher),
        supervision=Supervision(ctx, participants, dispatcher, board, audit_log) if audit_log else None,
        telemetry=ctx.telemetry,
        live_board=live_board,
    )
    return ChatServices(websocket, officer_tickets, desk_settings, audit_log)


def _wire_rest_services(
    runtime: Runtime,
    report_storage: ReportStorage,
    canned_answers: CannedAnswerRepository | None,
    settings: Settings,
    catalogue: OrientationCatalogue,
) -> None:
    """What only the REST routes use: reports and their inbox, canned answers, history, the supervisors' board."""
    from chalicelib.services.canned_answers import CannedAnswers
    from chalicelib.services.history import OfficerHistory
    from chalicelib.services.report_inbox import ReportTriage
    from chalicelib.services.reports import ReportDesk
    from chalicelib.services.supervisor_board import SupervisorBoard

    ctx = runtime.ctx
    runtime.reports = ReportDesk(
        reports=report_storage.reports,
        clock=ctx.clock,
        retention=ctx.retention,
        salt=ctx.salt,
        rate_limiter=report_storage.rate_limiter,
    )
    runtime.canned_answers = CannedAnswers(canned_answers, ctx.clock) if canned_answers else None
    if report_storage.inbox and report_storage.audit:
        runtime.report_triage = ReportTriage(
            report_storage.reports, report_storage.inbox, report_storage.audit, catalogue, ctx.clock
        )
    runtime.history = OfficerHistory(ctx.storage, ctx.clock, settings.desk_timezone)
    runtime.supervisor_board = SupervisorBoard(
        ctx.storage, ctx.clock, settings.desk_timezone, ctx.service_target, settings.agent_capacity
    )


def build_aws_runtime(
    websocket_api: object, settings: Settings | None = None, rest: bool = True, websocket: bool = True
) -> Runtime:
    """Wire DynamoDB and API Gateway's management API from the environment: with `rest`, everything the REST
    routes use too (reports, canned answers); without, only the chat (the websocket functions, the broadcaster).
    Without `websocket` (the queue broadcaster's function), the websocket side is left for its first use.
    """
    from chalicelib.adapters.dynamodb_rate_limits import dynamodb_rate_limiter
    from chalicelib.adapters.dynamodb_repositories import dynamodb_storage
    from chalicelib.adapters.dynamodb_throttles import count_dynamodb_throttles
    from chalicelib.adapters.dynamodb_ws_tickets import dynamodb_ws_tickets
    from chalicelib.adapters.lambda_announcer import LambdaQueueAnnouncer
    from chalicelib.adapters.powertools_telemetry import PowertoolsTelemetry
    from chalicelib.adapters.websocket_notifier import ChaliceWebsocketNotifier

    settings = settings or Settings.from_env()
    telemetry = PowertoolsTelemetry()
    count_dynamodb_throttles(telemetry)  # before the first DynamoDB client is made
    report_storage: ReportStorage | None = None
    canned_answers: CannedAnswerRepository | None = None
    if rest:
        from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
        from chalicelib.adapters.dynamodb_reports import dynamodb_report_storage

        report_storage = dynamodb_report_storage(settings)
        canned_answers = dynamodb_canned_answers(settings)
    return build_runtime(
        storage=dynamodb_storage(settings),
        report_storage=report_storage,
        rate_limiter=None if rest else dynamodb_rate_limiter(settings),
        notifier=ChaliceWebsocketNotifier(websocket_api, settings.ws_api_id, settings.ws_stage),  # type: ignore[arg-type]
        tickets=dynamodb_ws_tickets(settings),
        settings=settings,
        telemetry=telemetry,
        canned_answers=canned_answers,
        keep_watching=bool(settings.queue_broadcast_function),
        announcer=(
            LambdaQueueAnnouncer(settings.queue_broadcast_function, settings.region, settings.lambda_endpoint)
            if settings.queue_broadcast_function
            else None
        ),
        salt=_salt(settings),
        websocket=websocket,
    )


def _salt(settings: Settings) -> Secret:
    """The stage's salt secret, read at run time; the public default where the stage names none (tests)."""
    if not settings.salt_secret:
        return FixedSecret(DEFAULT_RATE_LIMIT_SALT)
    from chalicelib.adapters.secrets_manager_secret import SecretsManagerSecret

    return SecretsManagerSecret(settings.salt_secret)
