"""Transfers between two officers and a re-queue after no reply, over real websockets through the local gateway
(a stack with short delays: offers live 20 s, a citizen waits 6 s for an answer, with a reminder at 3 s)."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.chat_client import ChatClient
from tests.e2e.test_officer_tools_over_websockets import officer_client
from tests.local_stack import LocalStack, start_local_stack

SHORT = {"GUICHET_TRANSFER_OFFER_S": "20", "GUICHET_REPLY_TIMEOUT_S": "6", "GUICHET_REPLY_REMINDER_S": "3"}


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    started = start_local_stack(extra_env=SHORT)
    yield started
    started.stop()


def _held(stack: LocalStack, holder_name: str) -> tuple[ChatClient, ChatClient, str]:
    """A citizen whose conversation `holder_name` holds (the holder goes available first, alone)."""
    holder = officer_client(stack, holder_name)
    holder.send(action="set_status", status="available")
    holder.expect("status")
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="victime", lang="fr")
    conversation_id = citizen.expect("queued")["conversation_id"]
    holder.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conversation_id)
    citizen.expect("agent_joined")
    return holder, citizen, conversation_id


def test_a_transfer_declined_then_accepted_moves_the_conversation_with_its_history(stack):
    holder, citizen, conversation_id = _held(stack, "agent1")
    holder.send(action="send", conversation_id=conversation_id, client_msg_id="a-1", text="Bonjour, je vous écoute")
    holder.expect("ack")
    citizen.send(action="send", conversation_id=conversation_id, client_msg_id="c-1", text="Mon compagnon me menace")
    citizen.expect("ack")
    colleague = officer_client(stack, "agent2")
    colleague.send(action="set_status", status="available")
    colleague.expect("status")

    holder.send(action="colleagues")
    listed = holder.expect("colleagues")["colleagues"]
    assert "agent2" in [c["agent_id"] for c in listed]

    holder.send(action="transfer", conversation_id=conversation_id, to_agent_id="agent2", note="Besoin d'un avis")
    assert holder.expect("transfer_pending")["to"]["agent_id"] == "agent2"
    offer = colleague.expect("transfer_offer")
    assert (offer["conversation_id"], offer["note"]) == (conversation_id, "Besoin d'un avis")
    colleague.send(action="transfer_decline", conversation_id=conversation_id)
    assert holder.expect("transfer_result")["outcome"] == "declined"

    # The holder answered the citizen's last message: no re-queue while the second offer is made.
    holder.send(action="send", conversation_id=conversation_id, client_msg_id="a-2", text="Je vous passe une collègue")
    holder.expect("ack")
    holder.send(action="transfer", conversation_id=conversation_id, to_agent_id="agent2")
    colleague.expect("transfer_offer")
    colleague.send(action="transfer_accept", conversation_id=conversation_id)
    assigned = colleague.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conversation_id)
    texts = [m["text"] for m in assigned["conversation"]["messages"]]
    assert texts == ["Bonjour, je vous écoute", "Mon compagnon me menace", "Je vous passe une collègue"]
    assert assigned["conversation"]["transferred_from"]["display_name"]
    assert holder.expect("transfer_result")["outcome"] == "accepted"
    assert holder.expect("unassigned")["reason"] == "transferred"
    joined = citizen.expect("agent_joined", where=lambda f: f["agent"]["display_name"] != assigned["conversation"]["transferred_from"]["display_name"])
    assert joined["conversation_id"] == conversation_id

    citizen.send(action="send", conversation_id=conversation_id, client_msg_id="c-2", text="Merci")
    assert colleague.expect("message")["text"] == "Merci"
    colleague.send(action="close", conversation_id=conversation_id, outcome="resolved")
    colleague.expect("closed")
    for client in (holder, colleague, citizen):
        client.close()


def test_an_unanswered_citizen_goes_back_to_the_queue_after_a_reminder(stack):
    holder, citizen, conversation_id = _held(stack, "agent3")
    citizen.send(action="send", conversation_id=conversation_id, client_msg_id="c-1", text="Allô ?")
    citizen.expect("ack")
    began = time.monotonic()
    reminder = holder.expect("reply_reminder", timeout=15)
    assert reminder["conversation_id"] == conversation_id and 0 < reminder["requeue_in_s"] <= 6
    unassigned = holder.expect("unassigned", timeout=15)
    assert unassigned == {"type": "unassigned", "conversation_id": conversation_id, "reason": "no_reply"}
    assert time.monotonic() - began < 15
    requeued = citizen.expect("requeued")
    assert requeued["position"] == 1
    # Another officer gets it, with what was said and that it came back unanswered.
    other = officer_client(stack, "agent4")
    other.send(action="set_status", status="available")
    assigned = other.expect("assigned", where=lambda f: f["conversation"]["conversation_id"] == conversation_id)
    assert assigned["conversation"]["requeued_count"] == 1
    assert [m["text"] for m in assigned["conversation"]["messages"]] == ["Allô ?"]
    citizen.expect("agent_joined")
    other.send(action="close", conversation_id=conversation_id, outcome="resolved")
    other.expect("closed")
    for client in (holder, other, citizen):
        client.close()
