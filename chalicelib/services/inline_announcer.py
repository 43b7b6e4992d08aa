"""The queue broadcast run inside the request that changed the queue (a small desk, or the handler tests)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.ports import QueueAnnouncer

if TYPE_CHECKING:
    from chalicelib.services.queue_broadcast import QueueBroadcaster

__all__ = ["InlineQueueAnnouncer"]


class InlineQueueAnnouncer(QueueAnnouncer):
    """Runs the broadcaster at once; its lease still makes nested or concurrent requests coalesce."""

    def __init__(self) -> None:
        self.broadcaster: QueueBroadcaster | None = None

    def request(self) -> None:
        """Broadcast now, in this invocation."""
        if self.broadcaster is not None:
            self.broadcaster.run()
