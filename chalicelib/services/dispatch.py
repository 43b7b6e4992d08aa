"""Assignment: whenever something changes, hand the oldest waiting conversation to the best agent."""
from __future__ import annotations

from dataclasses import replace

from aws_lambda_powertools import Logger

from chalicelib.domain.agent import Agent
from chalicelib.domain.assignment import choose_agent, oldest_waiting
from chalicelib.domain.conversation import ABANDONED, ClosedBy, Conversation
from chalicelib.domain.topics import TOPICS
from chalicelib.errors import AgentUnavailableError, AssignmentConflictError, ConversationClosedError
from chalicelib.protocol import outbound
from chalicelib.services.context import ChatContext
from chalicelib.services.delivery import Delivery
from chalicelib.services.queue_board import QueueBoard

__all__ = ["Dispatcher"]

logger = Logger(child=True)

# Bounded so one invocation never loops for long; the next event dispatches the rest.
_MAX_ROUNDS = 25


class Dispatcher:
    def __init__(self, ctx: ChatContext, delivery: Delivery, board: QueueBoard) -> None:
        self._ctx = ctx
        self._delivery = delivery
        self._board = board

    def dispatch(self) -> int:
        """Assign waiting conversations to available agents until one side runs out; return how many."""
        storage = self._ctx.storage
        agents = {a.agent_id: a for a in storage.agents.online()}
        if choose_agent(agents.values()) is None:
            return 0
        heads = {topic.id: storage.conversations.queue_head(topic.id) for topic in TOPICS}
        assigned = 0
        for _ in range(_MAX_ROUNDS):
            agent = choose_agent(agents.values())
            conversation = oldest_waiting([h for h in heads.values() if h is not None])
            if agent is None or conversation is None:
                break
            if conversation.is_abandoned_at(self._ctx.clock.now(), self._ctx.abandon_grace_s):
                self._abandon(conversation)
            else:
                try:
                    self.assign(conversation, agent)
                    assigned += 1
                    agents[agent.agent_id] = replace(
                        agent, active_count=agent.active_count + 1, idle_since=self._ctx.clock.now()
                    )
                except AssignmentConflictError:
                    # Another invocation won this conversation or this agent's last slot: look again.
                    logger.info("assignment race lost, retrying")
                    agents = {a.agent_id: a for a in storage.agents.online()}
            heads[conversation.topic] = storage.conversations.queue_head(conversation.topic)
        return assigned

    def take(self, agent_id: str, conversation_id: str) -> Conversation:
        """An officer takes a specific waiting conversation."""
        storage = self._ctx.storage
        conversation = storage.conversations.get(conversation_id)
        conversation.ensure_waiting()
        agent = storage.agents.get(agent_id)
        if agent is None or not agent.can_choose:
            raise AgentUnavailableError()
        return self.assign(conversation, agent, chosen=True)

    def assign(self, conversation: Conversation, agent: Agent, chosen: bool = False) -> Conversation:
        """Assign exactly once, then tell the officer, the citizen and the queue."""
        storage = self._ctx.storage
        now = self._ctx.clock.now()
        assigned = storage.conversations.assign(conversation.conversation_id, agent, now, chosen=chosen)
        logger.info("conversation assigned", extra={"topic": assigned.topic})
        self._ctx.telemetry.count("ConversationsAssigned")
        self._ctx.telemetry.seconds("WaitBeforeAssignment", now - assigned.created_at)
        messages = storage.messages.after(assigned.conversation_id, None)
        self._delivery.to(agent.connection_id, outbound.assigned(assigned, messages))
        self._delivery.to_citizen(assigned, outbound.agent_joined(assigned))
        self._board.left(assigned)
        return assigned

    def _abandon(self, conversation: Conversation) -> None:
        try:
            self._ctx.storage.conversations.close(
                conversation.conversation_id, ClosedBy.SYSTEM, ABANDONED, self._ctx.clock.now()
            )
        except ConversationClosedError:
            return
        logger.info("conversation abandoned", extra={"topic": conversation.topic})
        self._ctx.telemetry.count("ConversationsClosed")
        self._ctx.telemetry.count("ConversationsAbandoned")
        self._board.left(conversation)
