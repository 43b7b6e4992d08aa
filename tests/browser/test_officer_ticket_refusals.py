"""From a signed-in officer's own page, the websocket handshake refuses what is not a fresh ticket:
a ticket used twice, a forged one, an ID token in the URL. (An expired ticket is refused on moto:
tests/unit/test_ws_tickets.py; tickets live 30 s, too long to wait for here.)"""
from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP
from tests.browser.pages import OfficerPage
from tests.browser.test_officer_sign_in import stored_user

pytestmark = pytest.mark.browser

# Opens a websocket at `url` and says whether the handshake let it open (browsers expose no status).
OPENS = """async (url) => await new Promise((resolve) => {
  const socket = new WebSocket(url);
  socket.onopen = () => { socket.close(); resolve("open"); };
  socket.onerror = () => resolve("refused");
  setTimeout(() => resolve("timeout"), 10000);
})"""

TICKET = """async (token) => {
  const answer = await fetch("/api/agent/ws-ticket", {method: "POST", headers: {Authorization: "Bearer " + token}});
  return [answer.status, (await answer.json()).ticket];
}"""


def test_a_ticket_opens_one_socket_and_nothing_else_opens_one(contexts, local_stack) -> None:
    officer = OfficerPage(contexts.new_page(DESKTOP), local_stack.base_url, "agent8").login()
    page = officer.page
    id_token = stored_user(page)["id_token"]
    ws = local_stack.base_url.replace("http", "ws", 1) + "/ws"

    status, ticket = page.evaluate(TICKET, id_token)
    assert status == 200 and len(ticket) >= 32
    assert page.evaluate(OPENS, f"{ws}?ticket={ticket}") == "open"
    assert page.evaluate(OPENS, f"{ws}?ticket={ticket}") == "refused"  # replayed
    forged = ticket[:-4] + ("AAAA" if not ticket.endswith("AAAA") else "BBBB")
    assert page.evaluate(OPENS, f"{ws}?ticket={forged}") == "refused"
    assert page.evaluate(OPENS, f"{ws}?token={id_token}") == "refused"  # a token in the URL opens nothing

    status, fresh = page.evaluate(TICKET, id_token)
    assert status == 200 and fresh != ticket
    assert page.evaluate(OPENS, f"{ws}?ticket={fresh}") == "open"
