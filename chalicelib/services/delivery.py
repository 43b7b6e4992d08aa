"""Pushing frames to connections, and forgetting the ones API Gateway says are gone."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from chalicelib.domain.connection import Role
from chalicelib.domain.conversation import Conversation
from chalicelib.errors import ConnectionGoneError
from chalicelib.services.context import ChatContext

__all__ = ["CONNECTING_S", "Delivery"]

# API Gateway's integration timeout: a $connect handler finishes within this, so a younger
# connection that answers 410 may simply not be open yet.
CONNECTING_S = 30.0

logger = Logger(child=True)


class Delivery:
    def __init__(self, ctx: ChatContext) -> None:
        self._ctx = ctx

    def to(self, connection_id: str | None, frame: Mapping[str, Any]) -> bool:
        """Send a frame; a gone connection is cleaned up and reported as False."""
        if not connection_id:
            return False
        try:
            self._ctx.notifier.send(connection_id, frame)
            return True
        except ConnectionGoneError as gone:
            logger.info("connection gone", extra={"frame_type": frame.get("type")})
            self.forget(gone.connection_id)
            return False

    def to_citizen(self, conversation: Conversation, frame: Mapping[str, Any]) -> bool:
        """Send to the citizen's live connection, if they have one."""
        return self.to(conversation.citizen_connection_id, frame)

    def to_followers(self, conversation: Conversation, connection_ids: Iterable[str], frame: Mapping[str, Any]) -> None:
        """Send to supervisors' consoles following the conversation; one that is gone stops following it."""
        for connection_id in connection_ids:
            if not self.to(connection_id, frame) and connection_id in conversation.watchers | conversation.joined:
                self._ctx.storage.conversations.unwatch(conversation.conversation_id, connection_id)

    def to_agents(self, agent_connection_ids: Iterable[str], frame: Mapping[str, Any]) -> None:
        """Send the same frame to several agents."""
        for connection_id in agent_connection_ids:
            self.to(connection_id, frame)

    def forget(self, connection_id: str) -> None:
        """Drop a connection that no longer exists, and unlink it from what pointed at it."""
        storage = self._ctx.storage
        connection = storage.connections.get(connection_id)
        if connection is not None and connection.connected_at > self._ctx.clock.now() - CONNECTING_S:
            # API Gateway also answers 410 while a connection's $connect is still running: it is
            # arriving, not gone. Its own $disconnect cleans up if it never opens; the officer's
            # console syncs as it opens, so the frame missed here comes back with the state.
            return
        storage.connections.remove(connection_id)
        if connection is None:
            return
        if connection.role is Role.AGENT and connection.agent_id:
            storage.agents.disconnect(connection.agent_id, connection_id)
        elif connection.conversation_id:
            storage.conversations.citizen_left(connection.conversation_id, connection_id, self._ctx.clock.now())
