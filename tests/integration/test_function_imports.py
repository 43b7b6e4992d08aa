"""What each Lambda function imports, counted in a fresh interpreter: the chat functions leave the REST side alone."""
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


@pytest.mark.parametrize("handler", ["app.message", "app.connect", "app.disconnect", "app.queue_broadcast"])
def test_a_chat_function_imports_neither_the_report_side_nor_jwt(handler: str) -> None:
    loaded = modules_loaded_by(handler)
    assert "chalicelib.api.websocket_endpoint" in loaded and "chalicelib.adapters.dynamodb_repositories" in loaded
    assert not [name for name in REST_ONLY if name in loaded]
    assert not [name for name in loaded if name == "jwt" or name.startswith("jwt.")]
    assert not [name for name in loaded if name.startswith("chalicelib.api.rest_")]


def test_the_rest_function_imports_its_routes_and_still_not_jwt() -> None:
    loaded = modules_loaded_by("app.app")
    assert set(REST_ONLY) <= loaded
    assert "jwt" not in loaded  # API Gateway's Cognito authorizer checks the tokens


def test_off_lambda_one_process_serves_every_function() -> None:
    assert set(REST_ONLY) <= modules_loaded_by(None)
