"""Server frames: JSON objects with a `type`. One builder per frame, so the contract lives here."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from chalicelib.domain.agent import Agent
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.message import Message
from chalicelib.domain.note import Note
from chalicelib.domain.orientation import Card
from chalicelib.domain.transfer import TransferOffer, TransferOutcome
from chalicelib.errors import GuichetError

if TYPE_CHECKING:
    # The supervisors' board: only its annotations here (built where a supervisor asks, or by the broadcaster).
    from chalicelib.domain.live_board import LiveBoard

# How many waiting conversations one `waiting` frame lists (with 1,000 waiting, the whole list
# would come close to API Gateway's 128 KB frame limit; an officer reads the head of the queue).
WAITING_LISTED = 50

__all__ = [
    "WAITING_LISTED",
    "ack",
    "agent_joined",
    "agent_state",
    "assigned",
    "closed",
    "error",
    "message",
    "pong",
    "queue_update",
    "queued",
    "resumed",
    "status_changed",
    "typing",
    "waiting_list",
]

Frame = dict[str, Any]


def queued(
    conversation: Conversation,
    resume_token: str,
    position: int | None,
    estimated_wait_s: int | None,
    version: int,
    notice_version: int = 0,
) -> Frame:
    """The answer to `start`; `version` orders it among the queue frames (older ones are dropped);
    `notice_version` is the revision of the desk's notices (the widget reads them again when it moves)."""
    return {
        "type": "queued",
        "conversation_id": conversation.conversation_id,
        "resume_token": resume_token,
        "position": position,
        "estimated_wait_s": estimated_wait_s,
        "version": version,
        "notice_version": notice_version,
    }


def queue_update(
    conversation: Conversation, position: int, estimated_wait_s: int | None, version: int, notice_version: int = 0
) -> Frame:
    """Where a waiting citizen stands as of queue `version`, and the revision of the desk's notices."""
    return {
        "type": "queue",
        "conversation_id": conversation.conversation_id,
        "position": position,
        "estimated_wait_s": estimated_wait_s,
        "version": version,
        "notice_version": notice_version,
    }


def agent_joined(conversation: Conversation) -> Frame:
    return {
        "type": "agent_joined",
        "conversation_id": conversation.conversation_id,
        "agent": {"display_name": conversation.agent_display_name},
    }


def ack(client_msg_id: str, msg: Message) -> Frame:
    return {
        "type": "ack",
        "client_msg_id": client_msg_id,
        "message_id": msg.message_id,
        "conversation_id": msg.conversation_id,
        "sent_at": msg.sent_at,
    }


# The card of an orientation-card message, in the language of the conversation it is read in.
CardOf = Callable[[Message], Card | None]


def _no_card(_: Message) -> Card | None:
    return None


def message(msg: Message, own: bool = False, card: Card | None = None, officer: bool = False) -> Frame:
    """A message; replayed to its own author, it carries the author's client_msg_id.

    An orientation card carries `kind: "card"` and its `card` (kind, ref, title, url); its `text` is a
    plain-text fallback (title and link) for a client that does not show cards.
    """
    frame: Frame = {
        "type": "message",
        "conversation_id": msg.conversation_id,
        "message_id": msg.message_id,
        "author": msg.author.value,
        "text": msg.text,
        "sent_at": msg.sent_at,
    }
    if own:
        frame["client_msg_id"] = msg.client_msg_id
    if officer and msg.by is not None:
        frame["by"] = {"display_name": msg.by}  # a joined supervisor wrote it: officers' consoles only
    if card is not None:
        frame["kind"] = "card"
        frame["card"] = {"kind": card.kind.value, "ref": card.ref, "title": card.title, "url": card.url}
        frame["text"] = f"{card.title} : {card.url}" if card.url else card.title
    return frame


def _message_body(msg: Message, card: Card | None = None) -> Frame:
    """A message inside an officer's CONVERSATION (never a citizen's frame)."""
    body = message(msg, card=card, officer=True)
    body.pop("type")
    return body


def note(conversation_id: str, item: Note) -> Frame:
    """To officers only: an internal note on a conversation."""
    return {"type": "note", "conversation_id": conversation_id, **_note_body(item)}


def _note_body(item: Note) -> Frame:
    return {
        "note_id": item.note_id,
        "author": {"agent_id": item.author_id, "display_name": item.author_name},
        "text": item.text,
        "created_at": item.created_at,
        "client_msg_id": item.client_msg_id,
    }


def resumed(
    conversation: Conversation, position: int | None, estimated_wait_s: int | None, version: int | None
) -> Frame:
    frame: Frame = {
        "type": "resumed",
        "conversation_id": conversation.conversation_id,
        "status": conversation.status.value,
        "topic": conversation.topic,
    }
    if position is not None:
        frame.update(position=position, estimated_wait_s=estimated_wait_s)
    if version is not None:
        frame["version"] = version
    if conversation.agent_display_name:
        frame["agent"] = {"display_name": conversation.agent_display_name}
    return frame


def _conversation_body(
    conversation: Conversation, messages: Iterable[Message], card_of: CardOf = _no_card, notes: Iterable[Note] = ()
) -> Frame:
    """A conversation as an officer's console loads it: every message, the internal notes, and its context."""
    return {
        "conversation_id": conversation.conversation_id,
        "topic": conversation.topic,
        "lang": conversation.lang,
        "status": conversation.status.value,
        "created_at": conversation.created_at,
        "citizen_online": conversation.citizen_connection_id is not None,
        "messages": [_message_body(m, card_of(m)) for m in messages],
        "notes": [_note_body(n) for n in notes],
        **context_body(conversation),
    }


def context_body(conversation: Conversation) -> Frame:
    """What an officer taking a conversation should know: when an officer first took it, how long the
    citizen waited, how often they came back on a new connection or were put back in the queue, and who
    held it before a transfer. Messages sent before `assigned_at` were written before an officer joined."""
    waited = conversation.waited_s
    return {
        "assigned_at": conversation.assigned_at,
        "waited_s": int(waited) if waited is not None else None,
        "resumed_count": conversation.resumed_count,
        "requeued_count": conversation.requeued_count,
        "transferred_from": {"display_name": conversation.transferred_from} if conversation.transferred_from else None,
    }


def assigned(
    conversation: Conversation, messages: Iterable[Message], card_of: CardOf = _no_card, notes: Iterable[Note] = ()
) -> Frame:
    return {"type": "assigned", "conversation": _conversation_body(conversation, messages, card_of, notes)}


def closed(conversation: Conversation) -> Frame:
    return {
        "type": "closed",
        "conversation_id": conversation.conversation_id,
        "by": conversation.closed_by.value if conversation.closed_by else None,
        "outcome": conversation.outcome,
    }


def typing(conversation_id: str, author: str) -> Frame:
    return {"type": "typing", "conversation_id": conversation_id, "author": author}


def pong() -> Frame:
    return {"type": "pong"}


def _agent_body(agent: Agent) -> Frame:
    return {
        "agent_id": agent.agent_id,
        "display_name": agent.display_name,
        "status": agent.status.value,
        "capacity": agent.capacity,
        "active_count": agent.active_count,
    }


def agent_state(
    agent: Agent,
    conversations: Iterable[tuple[Conversation, list[Message]]],
    card_of: Callable[[Conversation], CardOf] = lambda _: _no_card,
    notes: Mapping[str, list[Note]] | None = None,
) -> Frame:
    return {
        "type": "agent_state",
        "agent": _agent_body(agent),
        "conversations": [
            _conversation_body(c, msgs, card_of(c), (notes or {}).get(c.conversation_id, ()))
            for c, msgs in conversations
        ],
    }


def status_changed(agent: Agent) -> Frame:
    return {"type": "status", "agent": _agent_body(agent)}


def waiting_list(queue: Sequence[tuple[Conversation, int | None]], version: int) -> Frame:
    """The queue as of `version` in serving order, citizens who are offline last without a position;
    the first WAITING_LISTED of them (a frame stays small in a surge), and how many wait in all."""
    return {
        "type": "waiting",
        "version": version,
        "total": len(queue),
        "conversations": [{**_waiting_body(c), "position": p} for c, p in queue[:WAITING_LISTED]],
    }


def board(view: LiveBoard) -> Frame:
    """The supervisors' live board (docs/protocol.md, "The live board"): only supervisors' consoles receive it."""
    return {
        "type": "board",
        "version": view.version,
        "at": view.at,
        "waiting": {
            "total": view.waiting_total,
            "offline": view.waiting_offline,
            "longest_wait_s": view.longest_wait_s,
            "by_topic": [
                {"topic": t.topic, "waiting": t.waiting, "longest_wait_s": t.longest_wait_s} for t in view.by_topic
            ],
        },
        "officers": [
            {
                "agent_id": o.agent_id,
                "display_name": o.display_name,
                "status": o.status,
                "capacity": o.capacity,
                "open_chats": o.open_chats,
                "since_last_answer_s": o.since_last_answer_s,
                "supervisor": o.supervisor,
            }
            for o in view.officers
        ],
        "chats": [
            {
                "conversation_id": c.conversation_id,
                "topic": c.topic,
                "agent_id": c.agent_id,
                "display_name": c.display_name,
                "alias": c.alias,
                "assigned_s": c.assigned_s,
                "awaiting_reply_s": c.awaiting_reply_s,
            }
            for c in view.chats
        ],
    }


def _waiting_body(conversation: Conversation) -> Frame:
    return {
        "conversation_id": conversation.conversation_id,
        "topic": conversation.topic,
        "created_at": conversation.created_at,
        "citizen_online": conversation.citizen_connection_id is not None,
    }


def error(err: GuichetError, client_msg_id: str | None = None) -> Frame:
    frame: Frame = {"type": "error", "code": err.code, "message": err.message}
    if client_msg_id is not None:
        frame["client_msg_id"] = client_msg_id
    return frame


def survey_saved(conversation_id: str) -> Frame:
    return {"type": "survey_saved", "conversation_id": conversation_id}


def citizen_presence(conversation_id: str, online: bool) -> Frame:
    return {"type": "citizen_presence", "conversation_id": conversation_id, "online": online}


def agent_presence(conversation_id: str, online: bool) -> Frame:
    """To the citizen: the officer's console dropped (the conversation is kept) or came back."""
    return {"type": "agent_presence", "conversation_id": conversation_id, "online": online}


def session_replaced() -> Frame:
    """To an officer's older console: a newer one took over; this connection is closed next."""
    return {"type": "session_replaced"}


__all__ += ["agent_presence", "citizen_presence", "session_replaced", "survey_saved"]
__all__ += ["CardOf", "note"]


def colleague(agent: Agent) -> Frame:
    """A colleague a conversation can be transferred to."""
    return {
        "agent_id": agent.agent_id,
        "display_name": agent.display_name,
        "status": agent.status.value,
        "supervisor": agent.supervisor,
        "free_slots": agent.free_slots,
    }


def colleagues(agents: Iterable[Agent]) -> Frame:
    """The answer to `colleagues`: who can be offered a conversation now."""
    return {"type": "colleagues", "colleagues": [colleague(a) for a in agents]}


def transfer_offer(conversation: Conversation, offer: TransferOffer, now: float) -> Frame:
    """To the colleague: a conversation offered to them, to accept or decline within `expires_in_s`."""
    return {
        "type": "transfer_offer",
        "conversation_id": conversation.conversation_id,
        "topic": conversation.topic,
        "from": {"agent_id": offer.from_agent_id, "display_name": offer.from_display_name},
        "note": offer.note,
        "expires_in_s": offer.remaining_s(now),
    }


def transfer_pending(conversation: Conversation, offer: TransferOffer, now: float) -> Frame:
    """To the holder: their offer waits for the colleague's answer."""
    return {
        "type": "transfer_pending",
        "conversation_id": conversation.conversation_id,
        "to": {"agent_id": offer.to_agent_id, "display_name": offer.to_display_name},
        "expires_in_s": offer.remaining_s(now),
    }


def transfer_result(conversation: Conversation, offer: TransferOffer, outcome: TransferOutcome) -> Frame:
    """To the holder (and to a colleague who declined): what became of the offer."""
    return {
        "type": "transfer_result",
        "conversation_id": conversation.conversation_id,
        "outcome": outcome.value,
        "to": {"agent_id": offer.to_agent_id, "display_name": offer.to_display_name},
    }


def unassigned(conversation: Conversation, reason: str) -> Frame:
    """To an officer's console: the conversation is no longer theirs (`transferred`, `no_reply`)."""
    return {"type": "unassigned", "conversation_id": conversation.conversation_id, "reason": reason}


def reply_reminder(conversation: Conversation, requeue_in_s: int) -> Frame:
    """To the conversation's officer: the citizen awaits an answer; it goes back to the queue in `requeue_in_s`."""
    return {
        "type": "reply_reminder",
        "conversation_id": conversation.conversation_id,
        "awaiting_since": conversation.awaiting_since,
        "requeue_in_s": requeue_in_s,
    }


def requeued(conversation: Conversation, position: int | None, estimated_wait_s: int | None, version: int) -> Frame:
    """To the citizen: the officer did not answer, the conversation is back at the head of the queue."""
    return {
        "type": "requeued",
        "conversation_id": conversation.conversation_id,
        "position": position,
        "estimated_wait_s": estimated_wait_s,
        "version": version,
    }


__all__ += [
    "colleagues",
    "context_body",
    "reply_reminder",
    "requeued",
    "transfer_offer",
    "transfer_pending",
    "transfer_result",
    "unassigned",
]


# Supervisors acting on the desk (frames sent to supervisors' consoles, and what the officer acted on is told).


def watching(
    conversation: Conversation,
    messages: Iterable[Message],
    joined: bool,
    card_of: CardOf = _no_card,
    notes: Iterable[Note] = (),
) -> Frame:
    """To a supervisor's console: a conversation they now follow (`watch`: read-only; `join`: they may write)."""
    body = _conversation_body(conversation, messages, card_of, notes)
    body["agent"] = (
        {"agent_id": conversation.agent_id, "display_name": conversation.agent_display_name}
        if conversation.agent_id
        else None
    )
    return {"type": "watching", "mode": "join" if joined else "watch", "conversation": body}


def unwatched(conversation_id: str) -> Frame:
    """To a supervisor's console: they no longer follow this conversation."""
    return {"type": "unwatched", "conversation_id": conversation_id}


def supervisor_joined(conversation: Conversation, supervisor_name: str) -> Frame:
    """To the officer holding a conversation: a supervisor joined it and may write in it (never to the citizen)."""
    return {
        "type": "supervisor_joined",
        "conversation_id": conversation.conversation_id,
        "supervisor": {"display_name": supervisor_name},
    }


def status_by_supervisor(agent: Agent, supervisor_name: str) -> Frame:
    """To an officer's console: a supervisor changed their status or capacity (the `status` frame, and by whom)."""
    return {"type": "status", "agent": _agent_body(agent), "by": {"display_name": supervisor_name}}


def supervised(
    action: str, conversation_id: str | None = None, agent: Agent | None = None, to: Agent | None = None
) -> Frame:
    """To the supervisor: their action is done (the conversation, the officer acted on, where it went)."""
    return {
        "type": "supervised",
        "action": action,
        "conversation_id": conversation_id,
        "agent": _agent_body(agent) if agent else None,
        "to": {"agent_id": to.agent_id, "display_name": to.display_name} if to else None,
    }


def supervision(
    officers: Iterable[Agent], chats: Iterable[Conversation], now: float
) -> Frame:
    """The answer to `supervise_list`: officers online and the chats they hold (the shapes of the board's lists)."""
    return {
        "type": "supervision",
        "at": int(now),
        "officers": [
            {
                "agent_id": a.agent_id,
                "display_name": a.display_name,
                "status": a.status.value,
                "capacity": a.capacity,
                "open_chats": a.active_count,
                "supervisor": a.supervisor,
            }
            for a in officers
        ],
        "chats": [
            {
                "conversation_id": c.conversation_id,
                "topic": c.topic,
                "agent_id": c.agent_id,
                "display_name": c.agent_display_name,
                "assigned_s": int(now - c.assigned_at) if c.assigned_at is not None else None,
                "awaiting_reply_s": int(now - c.awaiting_since) if c.awaiting_since is not None else None,
            }
            for c in chats
        ],
    }


__all__ += ["status_by_supervisor", "supervised", "supervision", "supervisor_joined", "unwatched", "watching"]
