"""Named errors. Each carries the stable `code` clients see; the API maps them in one place."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.domain.conversation import Conversation

__all__ = [
    "ActionNotAllowedError",
    "AgentUnavailableError",
    "AlreadyStartedError",
    "AssignmentConflictError",
    "ConnectionGoneError",
    "ConversationClosedError",
    "ConversationExistsError",
    "ConversationNotWaitingError",
    "ForbiddenError",
    "FrameTooLargeError",
    "GuichetError",
    "InvalidFieldError",
    "InvalidFrameError",
    "InvalidResumeTokenError",
    "InvalidTicketError",
    "InvalidTokenError",
    "MessageSequenceConflictError",
    "NoConversationError",
    "NotClosedError",
    "NotFoundError",
    "OfficerOnlyError",
    "ParticipantsChangedError",
    "SurveyAlreadyAnsweredError",
    "TextTooLongError",
    "UnknownActionError",
    "UnknownConnectionError",
    "UnknownTopicError",
]


class GuichetError(Exception):
    """Base of every error Guichet raises on purpose."""

    code = "internal_error"
    http_status = 500
    default_message = "Something went wrong on our side."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class InvalidFrameError(GuichetError):
    code = "invalid_frame"
    http_status = 400
    default_message = "A frame must be a JSON object with an 'action'."


class UnknownActionError(GuichetError):
    code = "unknown_action"
    http_status = 400
    default_message = "This action does not exist."


class InvalidFieldError(GuichetError):
    code = "invalid_field"
    http_status = 400
    default_message = "A field is missing or has the wrong type."


class TextTooLongError(GuichetError):
    code = "text_too_long"
    http_status = 400
    default_message = "A message is limited to 4000 characters."


class FrameTooLargeError(GuichetError):
    code = "frame_too_large"
    http_status = 413
    default_message = "This frame is too large."


class ActionNotAllowedError(GuichetError):
    code = "action_not_allowed"
    http_status = 403
    default_message = "This action is not available on this connection."


class UnknownConnectionError(GuichetError):
    code = "unknown_connection"
    http_status = 410
    default_message = "This connection is unknown or expired; reconnect."


class UnknownTopicError(GuichetError):
    code = "unknown_topic"
    http_status = 400
    default_message = "This topic does not exist."


class NotFoundError(GuichetError):
    code = "not_found"
    http_status = 404
    default_message = "Not found."


class ForbiddenError(GuichetError):
    code = "forbidden"
    http_status = 403
    default_message = "You cannot act on this conversation."


class InvalidResumeTokenError(GuichetError):
    code = "invalid_resume_token"
    http_status = 403
    default_message = "This conversation cannot be resumed with this token."


class InvalidTokenError(GuichetError):
    code = "invalid_token"
    http_status = 401
    default_message = "The agent token is missing, invalid or expired."


class InvalidTicketError(GuichetError):
    """A websocket ticket that is unknown (forged), already used or expired: the handshake is refused."""

    code = "invalid_ticket"
    http_status = 401
    default_message = "The websocket ticket is unknown, used or expired; ask for a new one."


class OfficerOnlyError(GuichetError):
    """A signed-in account outside the officers' groups (or not a supervisor, for supervisors' routes)."""

    code = "officer_only"
    http_status = 403
    default_message = "This account is not an officer's."


class ConversationClosedError(GuichetError):
    code = "conversation_closed"
    http_status = 409
    default_message = "This conversation is closed."


class AlreadyStartedError(GuichetError):
    code = "already_started"
    http_status = 409
    default_message = "A conversation is already open on this connection."


class NoConversationError(GuichetError):
    code = "no_conversation"
    http_status = 409
    default_message = "Start or resume a conversation first."


class ConversationExistsError(GuichetError):
    """A conversation with this id is already stored (a repeated `start`)."""

    code = "conversation_exists"
    http_status = 409
    default_message = "This conversation already exists."


class ConversationNotWaitingError(GuichetError):
    code = "not_waiting"
    http_status = 409
    default_message = "This conversation is no longer waiting."


class AgentUnavailableError(GuichetError):
    code = "agent_unavailable"
    http_status = 409
    default_message = "Sign in again, or close a conversation to free a slot, before taking another."


class AssignmentConflictError(GuichetError):
    """Another assignment won the race for this conversation or this agent's last slot."""

    code = "assignment_conflict"
    http_status = 409
    default_message = "Someone else took this conversation."


class MessageSequenceConflictError(GuichetError):
    """Another message took the next sequence number first; retry."""

    code = "sequence_conflict"
    http_status = 409
    default_message = "Too many messages at once in this conversation; send it again."


class ParticipantsChangedError(GuichetError):
    """The conversation's citizen or officer connection changed since it was read: act again on `current`."""

    code = "participants_changed"
    http_status = 409
    default_message = "The conversation changed; send it again."

    def __init__(self, current: Conversation) -> None:
        super().__init__()
        self.current = current


class NotClosedError(GuichetError):
    code = "not_closed"
    http_status = 409
    default_message = "The survey comes once the conversation is closed."


class SurveyAlreadyAnsweredError(GuichetError):
    code = "survey_already_answered"
    http_status = 409
    default_message = "This conversation's survey has already been answered."


class ConnectionGoneError(GuichetError):
    """The websocket connection no longer exists (API Gateway answered 410)."""

    code = "connection_gone"
    http_status = 410

    def __init__(self, connection_id: str) -> None:
        super().__init__("The connection is gone.")
        self.connection_id = connection_id


class InvalidRequestError(GuichetError):
    """The body is not a JSON object."""

    code = "invalid_request"
    http_status = 400
    default_message = "La requête doit être un objet JSON."


class InvalidFieldsError(GuichetError):
    """Some fields of a form are missing or wrong; `fields` maps each one's path to a message to show beside it."""

    code = "invalid_fields"
    http_status = 400
    default_message = "Certains champs sont à corriger."

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields)


class RequestTooLargeError(GuichetError):
    code = "request_too_large"
    http_status = 413
    default_message = "Cette requête est trop volumineuse."


class UnsupportedMediaTypeError(GuichetError):
    code = "unsupported_media_type"
    http_status = 415
    default_message = "Envoyez le formulaire au format JSON (Content-Type: application/json)."


class RateLimitedError(GuichetError):
    """Too many requests from one source in the current window."""

    code = "rate_limited"
    http_status = 429
    default_message = "Vous avez envoyé plusieurs signalements en peu de temps. Merci de réessayer plus tard."

    def __init__(self, retry_after_s: int, message: str | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ReferenceTakenError(GuichetError):
    """Another report already holds this reference; the service draws a new one."""

    code = "reference_taken"
    http_status = 409
    default_message = "This reference is already taken."


class UnknownCardError(GuichetError):
    """An orientation card names an outcome the orientation data does not have."""

    code = "unknown_card"
    http_status = 400
    default_message = "This orientation card does not exist."


class ShortcutTakenError(GuichetError):
    """Another canned answer of the same owner (or another shared one) already uses this shortcut."""

    code = "shortcut_taken"
    http_status = 409
    default_message = "Ce raccourci est déjà utilisé par une autre réponse."


__all__ += ["ShortcutTakenError", "UnknownCardError"]


__all__ += [
    "InvalidFieldsError",
    "InvalidRequestError",
    "RateLimitedError",
    "ReferenceTakenError",
    "RequestTooLargeError",
    "UnsupportedMediaTypeError",
]


class TransferPendingError(GuichetError):
    """The conversation already has a live transfer offer to a colleague."""

    code = "transfer_pending"
    http_status = 409
    default_message = "A transfer of this conversation is already waiting for an answer."


class NoTransferOfferError(GuichetError):
    """No transfer of this conversation is offered to this officer (none, another colleague's, or answered)."""

    code = "no_transfer_offer"
    http_status = 404
    default_message = "No transfer of this conversation is offered to you."


class TransferExpiredError(GuichetError):
    """The transfer offer was not answered in time."""

    code = "transfer_expired"
    http_status = 410
    default_message = "This transfer offer has expired."


class ColleagueUnavailableError(GuichetError):
    """The colleague named for a transfer is not online, has no free slot, or is the officer themselves."""

    code = "colleague_unavailable"
    http_status = 409
    default_message = "This colleague cannot take the conversation now."


__all__ += ["ColleagueUnavailableError", "NoTransferOfferError", "TransferExpiredError", "TransferPendingError"]


class InvalidTransitionError(GuichetError):
    """A report's triage change the state machine does not allow (new → in progress → forwarded → closed)."""

    code = "invalid_transition"
    http_status = 409
    default_message = "Ce changement de statut n'est pas possible depuis le statut actuel."


class NotYourReportError(GuichetError):
    """An officer acting on (or asking for the contact details of) a report another officer handles."""

    code = "not_your_report"
    http_status = 403
    default_message = "Ce signalement est suivi par un autre agent."


class UnknownUnitError(GuichetError):
    """Forwarding a report to a unit the locator's data does not have."""

    code = "unknown_unit"
    http_status = 400
    default_message = "Cette unité n'existe pas dans l'annuaire."


class ReportChangedError(GuichetError):
    """The report's status changed since it was read (another officer acted first): read it again."""

    code = "report_changed"
    http_status = 409
    default_message = "Le signalement vient d'être modifié par un autre agent ; rechargez-le."


class UnknownReportError(GuichetError):
    """A citizen's status check: the reference is unknown or the secret wrong (never told apart)."""

    code = "unknown_report"
    http_status = 404
    default_message = "Aucun signalement ne correspond à cette référence et à ce code secret."


__all__ += [
    "InvalidTransitionError",
    "NotYourReportError",
    "ReportChangedError",
    "UnknownReportError",
    "UnknownUnitError",
]


class DeskClosedError(GuichetError):
    """A citizen's `start` while the desk is closed (its opening hours): no queue; `next_opening` says when it opens
    (epoch seconds, None: no opening is planned)."""

    code = "desk_closed"
    http_status = 409
    default_message = "The desk is closed: no new conversation until it opens again."

    def __init__(self, next_opening: float | None) -> None:
        super().__init__()
        self.next_opening = next_opening


class DeskSettingsChangedError(GuichetError):
    """Another supervisor saved the desk's settings since they were read; the service reads them again."""

    code = "desk_settings_changed"
    http_status = 409
    default_message = "The desk's settings changed meanwhile; try again."


__all__ += ["DeskClosedError", "DeskSettingsChangedError"]
# Supervisors acting on conversations and officers (watch, join, take over, reassign, away, capacity).


class SupervisorOnlyError(ForbiddenError):
    """A supervisor's action from an officer's or a citizen's connection."""

    code = "forbidden"
    http_status = 403
    default_message = "Only supervisors may do this."


class ConversationNotAssignedError(GuichetError):
    """Joining, taking over or reassigning a conversation no officer holds (waiting or closed)."""

    code = "not_assigned"
    http_status = 409
    default_message = "No officer holds this conversation."


class OfficerOfflineError(GuichetError):
    """A supervisor's action on an officer who is not connected (or not known)."""

    code = "officer_offline"
    http_status = 409
    default_message = "This officer is not connected."


__all__ += ["ConversationNotAssignedError", "OfficerOfflineError", "SupervisorOnlyError"]
