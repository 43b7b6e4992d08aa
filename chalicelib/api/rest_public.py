"""Public REST routes: what the citizen pages read before opening a chat."""
from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.domain.topics import TOPICS
from chalicelib.ports import Storage
from chalicelib.services.availability import current_availability

__all__ = ["public_routes"]


def public_routes(storage: Storage, version: str) -> Blueprint:
    """The public routes, reading from this storage; `version`: the deployed build (`git describe`)."""
    routes = Blueprint(__name__)

    @routes.route("/topics", methods=["GET"], cors=True)
    def list_topics() -> dict[str, object]:
        """The chat topics a citizen can pick."""
        return {"topics": [{"id": t.id, "label": t.label, "label_en": t.label_en} for t in TOPICS]}

    @routes.route("/availability", methods=["GET"], cors=True)
    def availability() -> dict[str, object]:
        """Whether officers are answering now (the widget shows the offline state otherwise)."""
        now = current_availability(storage)
        return {"answering": now.answering, "officers_available": now.officers_available, "open_slots": now.open_slots}

    @routes.route("/health", methods=["GET"], cors=True)
    def health() -> dict[str, object]:
        """Liveness for load balancers and the local gateway, and which build answers."""
        return {"status": "ok", "version": version}

    return routes
