"""The ticket store, the same tests on the fake and on DynamoDB (moto): spent once, never after expiry."""
from __future__ import annotations

import threading
import time

import boto3
import pytest

from chalicelib.domain.ws_ticket import WsTicket, hash_ticket
from chalicelib.errors import InvalidTicketError
from chalicelib.ports import WsTicketRepository
from tests.fakes import officer
from tests.integration.conftest import TEST_SETTINGS


def ticket(secret: str = "s3cret", expires_in: int = 30, agent_id: str = "agent1") -> WsTicket:
    return WsTicket(hash_ticket(secret), officer(agent_id), int(time.time()) + expires_in)


def test_a_ticket_is_redeemed_once_for_its_officer(ws_tickets: WsTicketRepository) -> None:
    ws_tickets.add(ticket())
    identity = ws_tickets.redeem(hash_ticket("s3cret"), time.time())
    assert (identity.agent_id, identity.display_name, identity.groups) == ("agent1", "Officer agent1", {"agents"})
    with pytest.raises(InvalidTicketError):
        ws_tickets.redeem(hash_ticket("s3cret"), time.time())


def test_an_expired_or_unknown_ticket_is_refused(ws_tickets: WsTicketRepository) -> None:
    ws_tickets.add(ticket("old", expires_in=-1))
    with pytest.raises(InvalidTicketError):
        ws_tickets.redeem(hash_ticket("old"), time.time())
    with pytest.raises(InvalidTicketError):
        ws_tickets.redeem(hash_ticket("never issued"), time.time())


def test_two_handshakes_racing_with_one_ticket_open_one_socket(ws_tickets: WsTicketRepository) -> None:
    ws_tickets.add(ticket())
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def handshake() -> None:
        barrier.wait()
        try:
            ws_tickets.redeem(hash_ticket("s3cret"), time.time())
            outcomes.append("opened")
        except InvalidTicketError:
            outcomes.append("refused")

    threads = [threading.Thread(target=handshake) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["opened"] + ["refused"] * 7


def test_dynamodb_holds_the_hash_and_a_ttl_never_the_ticket(dynamo_ws_tickets: WsTicketRepository) -> None:
    dynamo_ws_tickets.add(ticket("the-secret-ticket"))
    client = boto3.client("dynamodb", region_name=TEST_SETTINGS.region)
    [item] = client.scan(TableName=TEST_SETTINGS.tickets_table)["Items"]
    assert item["ticket_hash"]["S"] == hash_ticket("the-secret-ticket")
    assert "the-secret-ticket" not in repr(item)
    assert int(item["expires_at"]["N"]) > time.time()
    ttl = client.describe_time_to_live(TableName=TEST_SETTINGS.tickets_table)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expires_at"
