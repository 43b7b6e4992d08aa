"""An officer's own closed conversations of the day: read-only, searchable, in the desk's time zone."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.canned_answer import fold
from chalicelib.domain.conversation import Conversation
from chalicelib.domain.message import Message
from chalicelib.domain.topics import TOPICS

__all__ = ["DEFAULT_DESK_TIMEZONE", "HISTORY_LIMIT", "conversation_matches", "start_of_day"]

# The desk's day begins at midnight where it works (Bordeaux, Mérignac).
DEFAULT_DESK_TIMEZONE = "Europe/Paris"
# More than any officer closes in a day: one query page answers the whole day.
HISTORY_LIMIT = 200

_TOPIC_WORDS = {topic.id: f"{topic.label} {topic.label_en}" for topic in TOPICS}


def start_of_day(now: float, timezone: str = DEFAULT_DESK_TIMEZONE) -> float:
    """The epoch of today's midnight in the desk's time zone."""
    local = datetime.fromtimestamp(now, ZoneInfo(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def conversation_matches(conversation: Conversation, messages: Iterable[Message], query: str) -> bool:
    """Every word of the query is in the topic, the outcome or a message (accents and case ignored)."""
    words = fold(query).split()
    if not words:
        return True
    haystack = fold(
        " ".join(
            [
                conversation.topic,
                _TOPIC_WORDS.get(conversation.topic, ""),
                conversation.outcome or "",
                *(m.text for m in messages),
            ]
        )
    )
    return all(word in haystack for word in words)
