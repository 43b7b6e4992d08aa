"""The supervisors' live board, told by the queue broadcaster's passes and on a supervisor's request.

A pass of the broadcaster already read the queue and the officers online; the board adds one query (the chats in
progress) and one post per supervisor online — and nothing at all, not even that query, when no supervisor is.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger

from chalicelib.domain.connection import Connection, Role
from chalicelib.errors import ActionNotAllowedError, SupervisorOnlyError

if TYPE_CHECKING:
    from chalicelib.domain.agent import Agent
    from chalicelib.domain.conversation import Conversation
    from chalicelib.domain.live_board import LiveBoard
    from chalicelib.ports import Participants
    from chalicelib.services.context import ChatContext

__all__ = ["LiveBoardFeed"]

logger = Logger(child=True)


class LiveBoardFeed:
    def __init__(self, ctx: ChatContext, participants: Participants) -> None:
        self._ctx = ctx
        self._participants = participants

    def tell_supervisors(self, version: int, waiting: Sequence[Conversation], agents: Sequence[Agent]) -> int:
        """The broadcaster's pass: send the board to every supervisor online; return the posts (0: nothing read)."""
        # Imported here, not at the top: the chat functions never assemble a board unless a supervisor asks.
        from chalicelib.domain.live_board import supervisor_consoles

        consoles = supervisor_consoles(agents)
        if not consoles:
            return 0
        self._participants.board(consoles, self._assemble(version, waiting, agents))
        logger.debug("board told", extra={"version": version, "posts": len(consoles)})
        return len(consoles)

    def send_board(self, connection: Connection) -> LiveBoard:
        """A supervisor asked (`board`): the board now, to their console alone."""
        if connection.role is not Role.AGENT:
            raise ActionNotAllowedError()
        if not connection.supervisor:
            raise SupervisorOnlyError()
        storage = self._ctx.storage
        version = storage.stats.queue_version()  # read first: what is read after it is at least as new
        view = self._assemble(version, storage.conversations.waiting(), storage.agents.online())
        self._participants.board([connection.connection_id], view)
        return view

    def _assemble(self, version: int, waiting: Sequence[Conversation], agents: Sequence[Agent]) -> LiveBoard:
        from chalicelib.domain.live_board import MAX_CHATS, assemble_board

        chats = self._ctx.storage.conversations.in_progress(MAX_CHATS)
        return assemble_board(version, self._ctx.clock.now(), waiting, agents, chats, self._ctx.abandon_grace_s)
