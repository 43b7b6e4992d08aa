"""Public REST routes: what the citizen pages read before opening a chat."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.domain.topics import TOPICS

__all__ = ["public_routes"]

public_routes = Blueprint(__name__)


@public_routes.route("/topics", methods=["GET"], cors=True)
def list_topics() -> dict:
    """The chat topics a citizen can pick."""
    return {"topics": [{"id": t.id, "label": t.label, "label_en": t.label_en} for t in TOPICS]}


@public_routes.route("/health", methods=["GET"], cors=True)
def health() -> dict:
    """Liveness for load balancers and the local gateway."""
    return {"status": "ok"}
