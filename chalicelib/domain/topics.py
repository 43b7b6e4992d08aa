"""The chat topics a citizen picks from before talking to an officer."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import UnknownTopicError

__all__ = ["TOPICS", "Topic", "topic_by_id"]


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    label_en: str


TOPICS: tuple[Topic, ...] = (
    Topic("demarches", "Démarches et attestations", "Procedures and certificates"),
    Topic("victime", "Je suis victime", "I am a victim"),
    Topic("signalement", "Je signale un fait", "I want to report something"),
    Topic("escroquerie", "Escroquerie, arnaque en ligne", "Scam, online fraud"),
    Topic("violences", "Violences sexuelles, sexistes ou conjugales", "Sexual, sexist or domestic violence"),
    Topic("autre", "Autre question", "Other question"),
)

_BY_ID = {topic.id: topic for topic in TOPICS}


def topic_by_id(topic_id: str) -> Topic:
    """The topic with this id, or UnknownTopicError."""
    try:
        return _BY_ID[topic_id]
    except KeyError:
        raise UnknownTopicError() from None
