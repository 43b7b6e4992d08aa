"""Officers' websocket tickets: single use, seconds long, only their hash stored; no token in the URL."""
from __future__ import annotations

import pytest

from chalicelib.domain.officer_claims import groups_of, identity_from_claims
from chalicelib.domain.ws_ticket import TICKET_LIFETIME_S, hash_ticket
from chalicelib.errors import InvalidTicketError, InvalidTokenError, OfficerOnlyError
from chalicelib.services.officer_tickets import OfficerTickets
from tests.chat_desk import Desk, FixedClock
from tests.fakes import FakeWsTickets, officer


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store() -> FakeWsTickets:
    return FakeWsTickets()


@pytest.fixture
def tickets(store: FakeWsTickets, clock: FixedClock) -> OfficerTickets:
    return OfficerTickets(store, clock)


def test_a_ticket_names_its_officer_once(tickets: OfficerTickets) -> None:
    ticket = tickets.issue(officer("agent1"))
    assert tickets.redeem(ticket).agent_id == "agent1"
    with pytest.raises(InvalidTicketError):
        tickets.redeem(ticket)


def test_a_ticket_lives_thirty_seconds(tickets: OfficerTickets, clock: FixedClock) -> None:
    fresh, stale = tickets.issue(officer("agent1")), tickets.issue(officer("agent2"))
    clock.t += TICKET_LIFETIME_S - 1
    assert tickets.redeem(fresh).agent_id == "agent1"
    clock.t += 2
    with pytest.raises(InvalidTicketError):
        tickets.redeem(stale)


@pytest.mark.parametrize("forged", ["", "x", "A" * 43, "A" * 10_000, "\ud800"])
def test_a_forged_ticket_is_refused(tickets: OfficerTickets, forged: str) -> None:
    tickets.issue(officer("agent1"))
    with pytest.raises(InvalidTicketError):
        tickets.redeem(forged)


def test_only_the_hash_of_a_ticket_is_stored(tickets: OfficerTickets, store: FakeWsTickets) -> None:
    ticket = tickets.issue(officer("agent1"))
    assert list(store.tickets) == [hash_ticket(ticket)]
    assert ticket not in repr(store.tickets)


def test_every_ticket_is_different(tickets: OfficerTickets) -> None:
    assert len({tickets.issue(officer("agent1")) for _ in range(100)}) == 100


def test_the_handshake_refuses_a_used_expired_or_forged_ticket_and_a_token_in_the_url() -> None:
    desk = Desk()
    ticket = desk.ticket_for("valid:agent1")
    assert desk.connect("first", ticket) == 200
    assert desk.connect("again", ticket) == 401
    late = desk.ticket_for("valid:agent2")
    desk.clock.t += TICKET_LIFETIME_S + 1
    assert desk.connect("late", late) == 401
    assert desk.connect("forged", "forged-ticket") == 401
    assert desk.ws.connect("in-url", {"token": "valid:agent3"}) == 401
    assert [desk.storage.connections.get(c) for c in ("again", "late", "forged", "in-url")] == [None] * 4
    assert desk.frames("again") == desk.frames("in-url") == []


def test_a_citizen_still_connects_with_no_credentials() -> None:
    assert Desk().connect("citizen") == 200


@pytest.mark.parametrize(
    ("raw", "groups"),
    [
        (["agents"], {"agents"}),
        ("agents,supervisors", {"agents", "supervisors"}),
        ("[agents supervisors]", {"agents", "supervisors"}),
        ("agents", {"agents"}),
        (None, set()),
        (42, set()),
    ],
)
def test_groups_are_read_as_the_token_or_api_gateway_gives_them(raw: object, groups: set[str]) -> None:
    assert groups_of({"cognito:groups": raw}) == groups


def test_claims_outside_the_officers_groups_are_refused() -> None:
    with pytest.raises(OfficerOnlyError):
        identity_from_claims({"cognito:username": "x", "cognito:groups": "citizens"})
    with pytest.raises(InvalidTokenError):
        identity_from_claims({"cognito:groups": "agents"})
    assert identity_from_claims({"cognito:username": "sup", "cognito:groups": "supervisors,agents"}).is_supervisor
