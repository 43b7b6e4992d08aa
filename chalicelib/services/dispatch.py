"""Assignment: whenever something changes, hand the longest-waiting online citizen to the least-busy officer."""
from __future__ import annotations

from dataclasses import replace

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import Agent
from chalicelib.domain.assignment import choose_agent, queue_view
from chalicelib.domain.conversation import ABANDONED, ClosedBy, Conversation
from chalicelib.domain.desk_figures import answered, when_closed
from chalicelib.errors import (
    AgentUnavailableError,
    AssignmentConflictError,
    ConversationClosedError,
    ConversationNotWaitingError,
)
from chalicelib.ports import Participants
from chalicelib.services.context import ChatContext
from chalicelib.services.queue_board import QueueBoard

__all__ = ["Dispatcher"]

logger = Logger(child=True)

# Bounded so one invocation never loops for long; the next event dispatches the rest.
_MAX_ROUNDS = 25
# How far down the queue one round looks for online citizens (offline ones are skipped, not served).
_LOOKAHEAD = 100


class Dispatcher:
    def __init__(self, ctx: ChatContext, participants: Participants, board: QueueBoard) -> None:
        self._ctx = ctx
        self._participants = participants
        self._board = board

    def dispatch(self) -> int:
        """Assign waiting conversations to available agents until one side runs out; return how many."""
        storage = self._ctx.storage
        agents = {a.agent_id: a for a in storage.agents.online()}
        if choose_agent(agents.values()) is None:
            return 0
        assigned = 0
        for _ in range(_MAX_ROUNDS):
            view = queue_view(
                storage.conversations.waiting(limit=_LOOKAHEAD), self._ctx.clock.now(), self._ctx.abandon_grace_s
            )
            for gone in view.abandoned:
                self.abandon(gone)
            conflict = False
            for conversation in view.serving_order:
                agent = choose_agent(agents.values())
                if agent is None:
                    return assigned
                try:
                    self.assign(conversation, agent)
                except AssignmentConflictError:
                    # Another dispatcher took this conversation or changed this agent's load: look again.
                    logger.info("assignment race lost, retrying")
                    agents = {a.agent_id: a for a in storage.agents.online()}
                    conflict = True
                    break
                assigned += 1
                agents[agent.agent_id] = replace(
                    agent, active_count=agent.active_count + 1, idle_since=self._ctx.clock.now()
                )
            if not conflict:
                break
        return assigned

    def slot_freed(self) -> int:
        """An officer's slot was freed (a close, a transfer): give it to the queue; if nobody got it, count a
        change all the same, so the broadcaster tells the officers' new load (the supervisors' board)."""
        assigned = self.dispatch()
        if assigned == 0:
            self._board.changed()
        return assigned

    def take(self, agent_id: str, conversation_id: str) -> Conversation:
        """An officer takes a specific waiting conversation (not one whose citizen left for good)."""
        storage = self._ctx.storage
        conversation = storage.conversations.get(conversation_id)
        conversation.ensure_waiting()
        if conversation.is_abandoned_at(self._ctx.clock.now(), self._ctx.abandon_grace_s):
            self.abandon(conversation)
            raise ConversationNotWaitingError()
        agent = storage.agents.get(agent_id)
        if agent is None or not agent.can_choose:
            raise AgentUnavailableError()
        return self.assign(conversation, agent, chosen=True)

    def assign(self, conversation: Conversation, agent: Agent, chosen: bool = False) -> Conversation:
        """Assign exactly once, then tell the officer, the citizen and the queue."""
        storage = self._ctx.storage
        now = self._ctx.clock.now()
        # Counted once per conversation: a citizen put back in the queue was answered already.
        first_time = conversation.assigned_at is None
        waited = now - conversation.created_at
        tally = answered(self._ctx.hour(now), waited) if first_time else None
        assigned = storage.conversations.assign(conversation.conversation_id, agent, now, chosen=chosen, tally=tally)
        logger.info("conversation assigned", extra={"topic": assigned.topic})
        self._ctx.telemetry.count("ConversationsAssigned")
        self._ctx.telemetry.seconds("WaitBeforeAssignment", now - assigned.created_at)
        if first_time:
            # The hourly figures' `answered`, `wait_s` and share within the target, as metrics (first joining only).
            self._ctx.telemetry.count("ConversationsAnswered")
            self._ctx.telemetry.seconds("WaitBeforeAnswer", waited)
            self._ctx.telemetry.count("AnsweredWithinTarget", int(waited <= self._ctx.service_target.within_s))
        messages = storage.messages.after(assigned.conversation_id, None) if assigned.last_seq else []
        notes = storage.notes.for_conversation(assigned.conversation_id) if assigned.last_note_seq else []
        self._participants.assigned(agent, assigned, messages, notes)
        self._participants.agent_joined(assigned)
        self._board.left(assigned)
        return assigned

    def abandon(self, conversation: Conversation) -> None:
        """Close a waiting conversation whose citizen left longer than the grace period ago."""
        try:
            now = self._ctx.clock.now()
            self._ctx.storage.conversations.close(
                conversation.conversation_id, ClosedBy.SYSTEM, ABANDONED, now, tally=when_closed(self._ctx.hour(now))
            )
        except ConversationClosedError:
            return
        logger.info("conversation abandoned", extra={"topic": conversation.topic})
        self._ctx.telemetry.count("ConversationsClosed")
        self._ctx.telemetry.count("ConversationsAbandoned")
        self._ctx.telemetry.count("AnsweredWithinTarget", 0)  # not answered in time: the share's denominator
        self._board.left(conversation)
