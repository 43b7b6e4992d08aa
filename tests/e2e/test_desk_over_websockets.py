"""The desk's notices and opening hours over the real local gateway: a supervisor's edit reaches a citizen already
waiting through the broadcaster's queue frame, and a closed desk refuses `start` clearly without cutting a
conversation already open."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e.chat_client import ChatClient, login

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SURGE = {
    "enabled": True,
    "text_fr": "Forte affluence : attente d'environ 20 minutes ; voici les réponses les plus demandées",
    "text_en": "Very busy: about a 20-minute wait; here are the most asked answers",
    "links": [{"url": "/fiches/", "label_fr": "Les fiches", "label_en": "The sheets"}],
}
OFF = {"enabled": False, "text_fr": "", "text_en": "", "links": []}


def http(method: str, url: str, token: str | None = None, body: Any = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def hours_closed_now() -> dict[str, Any]:
    """Every day open one hour, twelve hours from now in Paris: closed now whatever the time of the run."""
    now = datetime.now(ZoneInfo("Europe/Paris"))
    opens = (now.hour + 12) % 24
    span = {"opens": f"{opens:02d}:00", "closes": f"{opens + 1:02d}:00" if opens < 23 else "24:00"}
    return {day: span for day in WEEKDAYS}


def test_a_waiting_citizen_gets_the_edited_surge_notice_through_a_queue_frame(stack):
    citizen = ChatClient(stack.ws_url)
    citizen.send(action="start", topic="autre", lang="en")
    queued = citizen.expect("queued")
    token = login(stack.base_url, "superviseur")
    status, saved = http("PUT", f"{stack.base_url}/api/supervisor/desk-notices", token, {"pinned": OFF, "surge": SURGE})
    assert status == 200 and saved["revision"] > queued["notice_version"]
    told = citizen.expect("queue", where=lambda f: f["notice_version"] == saved["revision"])
    assert told["conversation_id"] == queued["conversation_id"]
    status, desk = http("GET", f"{stack.base_url}/api/desk?v={told['notice_version']}")
    assert status == 200 and desk["revision"] == saved["revision"]
    assert desk["notices"]["surge"]["text_en"] == SURGE["text_en"] and desk["notices"]["pinned"] is None
    citizen.send(action="end")
    citizen.expect("closed")
    citizen.close()


def test_a_closed_desk_refuses_start_and_keeps_the_conversation_already_open(stack):
    token = login(stack.base_url, "superviseur")
    waiting = ChatClient(stack.ws_url)
    waiting.send(action="start", topic="autre", lang="fr")
    conversation_id = waiting.expect("queued")["conversation_id"]
    status, saved = http("PUT", f"{stack.base_url}/api/supervisor/opening-hours", token, {"hours": hours_closed_now()})
    assert status == 200 and saved["open"] is False
    try:
        late = ChatClient(stack.ws_url)
        late.send(action="start", topic="autre", lang="fr")
        refused = late.expect("error")
        assert refused["code"] == "desk_closed" and refused["next_opening"] == saved["next_opening"]
        assert not [f for f in late.drain() if f.get("type") == "queued"]
        late.close()
        waiting.send(action="send", conversation_id=conversation_id, client_msg_id="m1", text="Toujours là ?")
        assert waiting.expect("ack")["conversation_id"] == conversation_id
        officer_token = login(stack.base_url, "agent3")
        status, refused_officer = http("PUT", f"{stack.base_url}/api/supervisor/opening-hours", officer_token, {"hours": {}})
        assert (status, refused_officer["code"]) == (403, "officer_only")
    finally:
        always = {day: {"opens": "00:00", "closes": "24:00"} for day in WEEKDAYS}
        assert http("PUT", f"{stack.base_url}/api/supervisor/opening-hours", token, {"hours": always})[0] == 200
    waiting.send(action="end")
    waiting.expect("closed")
    waiting.close()
