"""What each Lambda function imports, counted in a fresh interpreter: the chat functions leave the REST side alone.

The cold start's cost is what a function imports and builds (`python -m bench.cold_start` prints it): these
lists keep the chat functions off what only the REST routes, the supervisors' reads or another function use.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Import app.py as Lambda does for this handler, build the function's services as its first event does,
# and list the modules then loaded (no request is made: building touches no AWS endpoint).
PROBE = """
import json, sys
import app
app.runtime()
print(json.dumps(sorted(sys.modules)))
"""

REST_ONLY = (
    "chalicelib.adapters.dynamodb_reports",
    "chalicelib.adapters.dynamodb_report_inbox",
    "chalicelib.adapters.dynamodb_canned_answers",
    "chalicelib.api.rest_reports",
    "chalicelib.api.rest_report_inbox",
    "chalicelib.protocol.report_request",
    "chalicelib.services.reports",
)
# What no chat function loads at its cold start: the REST side's readers (the supervisors' figures and board,
# history, canned answers, report domain) and the live board's domain (assembled where a supervisor asks, or by
# the broadcaster's pass, never at wiring).
NOT_AT_CHAT_COLD_START = (
    *REST_ONLY,
    "chalicelib.domain.canned_answer",
    "chalicelib.domain.day_figures",
    "chalicelib.domain.live_board",
    "chalicelib.domain.report",
    "chalicelib.domain.report_inbox",
    "chalicelib.services.canned_answers",
    "chalicelib.services.history",
    "chalicelib.services.report_inbox",
    "chalicelib.services.supervisor_board",
)
# The websocket side: the queue broadcaster's function never builds it.
WEBSOCKET_SIDE = (
    "chalicelib.api.websocket_endpoint",
    "chalicelib.protocol.inbound",
    "chalicelib.services.agent_desk",
    "chalicelib.services.citizen",
    "chalicelib.services.officer_tickets",
    "chalicelib.services.supervision",
    "chalicelib.services.transfers",
)
CHAT_FUNCTIONS = ["app.message", "app.connect", "app.disconnect", "app.queue_broadcast"]


def _packages(loaded: set[str], *names: str) -> list[str]:
    """The loaded modules that are one of these packages or inside one."""
    return sorted(module for module in loaded if any(module == n or module.startswith(f"{n}.") for n in names))


def modules_loaded_by(handler: str | None) -> set[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "GUICHET_QUEUE_BROADCAST_FUNCTION": "guichet-test-queue_broadcast",
    }
    env.pop("_HANDLER", None)
    if handler is not None:
        env["_HANDLER"] = handler
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def chat_function_modules() -> dict[str, set[str]]:
    return {handler: modules_loaded_by(handler) for handler in CHAT_FUNCTIONS}


@pytest.mark.parametrize("handler", CHAT_FUNCTIONS)
def test_a_chat_function_imports_neither_the_report_side_nor_jwt_nor_pydantic(
    handler: str, chat_function_modules: dict[str, set[str]]
) -> None:
    loaded = chat_function_modules[handler]
    assert "chalicelib.services.queue_broadcast" in loaded and "chalicelib.adapters.dynamodb_repositories" in loaded
    assert [name for name in NOT_AT_CHAT_COLD_START if name in loaded] == []
    assert _packages(loaded, "jwt", "pydantic", "pydantic_core") == []
    assert not [name for name in loaded if name.startswith("chalicelib.api.rest_")]


@pytest.mark.parametrize("handler", ["app.message", "app.connect", "app.disconnect"])
def test_a_websocket_function_builds_the_websocket_side_at_its_cold_start(
    handler: str, chat_function_modules: dict[str, set[str]]
) -> None:
    assert set(WEBSOCKET_SIDE) <= chat_function_modules[handler]


def test_the_queue_broadcasters_function_builds_the_queue_side_only(chat_function_modules: dict[str, set[str]]) -> None:
    loaded = chat_function_modules["app.queue_broadcast"]
    assert [name for name in WEBSOCKET_SIDE if name in loaded] == []
    assert {"chalicelib.services.dispatch", "chalicelib.services.reply_watch", "chalicelib.api.websocket_participants"} <= loaded


def test_the_rest_function_imports_its_routes_and_still_not_jwt() -> None:
    loaded = modules_loaded_by("app.app")
    assert set(REST_ONLY) <= loaded
    assert "jwt" not in loaded  # API Gateway's Cognito authorizer checks the tokens


def test_off_lambda_one_process_serves_every_function() -> None:
    assert set(REST_ONLY) <= modules_loaded_by(None)
