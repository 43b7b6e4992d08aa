"""Creating Guichet's tables on moto (the local stack, tests, benchmarks); on AWS, infrastructure/ does it."""
from __future__ import annotations

from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE
from pynamodb.exceptions import TableError
from pynamodb.models import Model

from chalicelib.adapters.dynamodb_canned_answers import CannedAnswerModel, bind_canned_answer_models
from chalicelib.adapters.dynamodb_desk_figures import DeskCommentModel, bind_desk_figures_models
from chalicelib.adapters.dynamodb_models import (
    AgentModel,
    ConnectionModel,
    ConversationModel,
    MessageModel,
    NoteModel,
    StatsModel,
    bind_models,
)
from chalicelib.adapters.dynamodb_reports import ReportModel, bind_report_models
from chalicelib.adapters.dynamodb_supervisor_audit import SupervisorAuditModel, bind_supervisor_audit_model
from chalicelib.adapters.dynamodb_ws_tickets import WsTicketModel, bind_ws_ticket_model
from chalicelib.config import Settings

__all__ = ["create_tables"]

# One model per table: the others (dedup keys, the queue state, report keys and counters) share these.
_TABLE_OWNERS: tuple[type[Model], ...] = (
    ConnectionModel,
    ConversationModel,
    MessageModel,
    AgentModel,
    StatsModel,
    ReportModel,
    NoteModel,
    CannedAnswerModel,
    WsTicketModel,
    DeskCommentModel,  # the desk's hourly counters share its table (and its TTL, which only comments carry)
    SupervisorAuditModel,
)


def create_tables(settings: Settings) -> None:
    """Create the missing tables of this stage, on demand, with their indexes and TTL."""
    bind_models(settings)
    bind_report_models(settings)
    bind_canned_answer_models(settings)
    bind_ws_ticket_model(settings)
    bind_desk_figures_models(settings)
    bind_supervisor_audit_model(settings)
    for model in _TABLE_OWNERS:
        if model.exists():
            continue
        try:
            model.create_table(wait=True, billing_mode=PAY_PER_REQUEST_BILLING_MODE)
        except TableError as exc:
            if exc.cause_response_code != "ResourceInUseException":  # created meanwhile: fine
                raise
