"""`.chalice/config.json`, the CDK stack's table schema and the PynamoDB models agree.

Pure Python: no AWS, no CDK. `infrastructure/stacks/schema.py` is loaded by path because
the rest of that package needs aws-cdk-lib.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chalicelib.config import ENV, Settings

ROOT = Path(__file__).resolve().parents[2]
CHALICE_DIR = ROOT / ".chalice"
STACKS_DIR = ROOT / "infrastructure" / "stacks"
STAGES = ("local", "dev", "prod")
DEPLOYED_STAGES = ("dev", "prod")
LAMBDA_FUNCTION_KEYS = {
    "api_handler",
    "websocket_connect",
    "websocket_message",
    "queue_broadcast",
    "websocket_disconnect",
}

# What the adapters expect, written out by hand: (name, type) keys, indexes, TTL attribute.
EXPECTED_TABLES: dict[str, dict[str, Any]] = {
    "connections": {
        "partition": ("connection_id", "S"),
        "sort": None,
        "indexes": {},
        "ttl": "expires_at",
    },
    "conversations": {
        "partition": ("conversation_id", "S"),
        "sort": None,
        "indexes": {
            "waiting-index": (("waiting", "S"), ("created_at", "N")),
            "agent-index": (("active_agent_id", "S"), ("assigned_at", "N")),
            # Sparse: assigned conversations awaiting their officer's answer (the reply watch).
            "reply-index": (("awaiting_reply", "S"), ("awaiting_since", "N")),
            # Sparse: every assigned conversation (the supervisors' live board).
            "progress-index": (("in_progress", "S"), ("assigned_at", "N")),
            # Sparse: closed conversations, by the officer who held them (the officer's history).
            "history-index": (("agent_id", "S"), ("closed_at", "N")),
        },
        "ttl": "expires_at",
    },
    "messages": {
        "partition": ("conversation_id", "S"),
        "sort": ("sk", "S"),
        "indexes": {},
        "ttl": "expires_at",
    },
    "agents": {
        "partition": ("agent_id", "S"),
        "sort": None,
        "indexes": {"online-index": (("online", "S"), None)},
        "ttl": "expires_at",
    },
    "stats": {
        "partition": ("stat", "S"),
        "sort": None,
        "indexes": {},
        "ttl": None,
    },
    # Hourly counters (no TTL of their own) and survey comments (retention TTL), per desk day.
    "desk_figures": {
        "partition": ("day", "S"),
        "sort": ("sk", "S"),
        "indexes": {},
        "ttl": "expires_at",
    },
    # One item per supervisor action, per desk day; the conversations' retention TTL.
    "supervisor_audit": {
        "partition": ("day", "S"),
        "sort": ("sk", "S"),
        "indexes": {},
        "ttl": "expires_at",
    },
    "reports": {
        "partition": ("pk", "S"),
        "sort": None,
        "indexes": {"inbox-index": (("inbox_status", "S"), ("created_at", "N"))},
        "ttl": "expires_at",
    },
    "notes": {
        "partition": ("conversation_id", "S"),
        "sort": ("sk", "S"),
        "indexes": {},
        "ttl": "expires_at",
    },
    "canned_answers": {
        "partition": ("owner", "S"),
        "sort": ("sk", "S"),
        "indexes": {},
        "ttl": None,
    },
    "tickets": {
        "partition": ("ticket_hash", "S"),
        "sort": None,
        "indexes": {},
        "ttl": "expires_at",
    },
}


def _load_schema() -> ModuleType:
    path = STACKS_DIR / "schema.py"
    spec = importlib.util.spec_from_file_location("guichet_infra_schema", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


schema = _load_schema()


def _key(key: Any) -> tuple[str, str] | None:
    return (key.name, key.type.value) if key else None


def _described(spec: Any) -> dict[str, Any]:
    """A schema.TableSpec in the shape of EXPECTED_TABLES."""
    return {
        "partition": _key(spec.partition),
        "sort": _key(spec.sort),
        "indexes": {i.name: (_key(i.partition), _key(i.sort)) for i in spec.indexes},
        "ttl": spec.ttl_attribute,
    }


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return json.loads((CHALICE_DIR / "config.json").read_text())


def stage_environment(config: dict[str, Any], stage: str) -> dict[str, str]:
    """The environment Chalice gives a stage: top-level values, then the stage's."""
    stage_env = config["stages"][stage].get("environment_variables", {})
    return {**config.get("environment_variables", {}), **stage_env}


TABLE_ENV_NAMES = {
    name.removeprefix("GUICHET_").removesuffix("_TABLE").lower(): name
    for attribute, name in vars(ENV).items()
    if attribute.endswith("_TABLE")
}


def test_the_config_names_the_app_guichet_and_defines_every_stage(config: dict[str, Any]) -> None:
    assert config["version"] == "2.0"
    assert config["app_name"] == schema.APP_NAME == "guichet"
    assert set(STAGES) <= set(config["stages"])


def test_every_table_the_settings_read_has_a_table_in_the_schema() -> None:
    assert set(TABLE_ENV_NAMES) == {spec.name for spec in schema.TABLES}


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_names_every_table_after_the_scheme(config: dict[str, Any], stage: str) -> None:
    env = stage_environment(config, stage)
    for table, env_name in TABLE_ENV_NAMES.items():
        assert env.get(env_name) == schema.table_name(stage, table) == f"guichet-{stage}-{table}"


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_reads_back_into_settings_with_a_positive_retention(
    config: dict[str, Any], stage: str
) -> None:
    settings = Settings.from_env(stage_environment(config, stage))
    assert isinstance(settings.retention_days, int) and settings.retention_days > 0
    assert settings.agent_capacity > 0
    assert settings.retention_days == Settings().retention_days


@pytest.mark.parametrize("stage", STAGES)
def test_the_websocket_stage_is_the_api_gateway_stage(config: dict[str, Any], stage: str) -> None:
    env = stage_environment(config, stage)
    assert env[ENV.WS_STAGE] == config["stages"][stage]["api_gateway_stage"]


@pytest.mark.parametrize("stage", STAGES)
def test_every_environment_value_is_a_string(config: dict[str, Any], stage: str) -> None:
    assert all(isinstance(value, str) for value in stage_environment(config, stage).values())


@pytest.mark.parametrize("stage", DEPLOYED_STAGES)
def test_deployed_stages_serve_under_api_with_their_own_policy(
    config: dict[str, Any], stage: str
) -> None:
    stage_config = config["stages"][stage]
    assert stage_config["api_gateway_stage"] == "api"
    assert stage_config["autogen_policy"] is False
    assert stage_config["iam_policy_file"] == f"policy-{stage}.json"
    assert set(stage_config["lambda_functions"]) == LAMBDA_FUNCTION_KEYS


@pytest.mark.parametrize("stage", DEPLOYED_STAGES)
def test_the_policy_file_grants_only_tracing_the_stack_grants_the_rest_per_function(stage: str) -> None:
    policy = json.loads((CHALICE_DIR / f"policy-{stage}.json").read_text())
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert actions == {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}  # X-Ray takes no resource ARN


def test_every_table_and_index_a_function_is_granted_exists_in_the_schema() -> None:
    from infrastructure.stacks.permissions import FUNCTION_ACCESS

    specs = {spec.name: spec for spec in schema.TABLES}
    assert set(FUNCTION_ACCESS) == LAMBDA_FUNCTION_KEYS
    for access in FUNCTION_ACCESS.values():
        for grant in access.tables:
            assert set(grant.indexes) <= {index.name for index in specs[grant.table].indexes}
            assert "dynamodb:Scan" not in grant.actions
    granted = {grant.table for access in FUNCTION_ACCESS.values() for grant in access.tables}
    assert granted == set(specs)  # a new table is given to the functions that use it, or it is dead


@pytest.mark.parametrize("table", sorted(EXPECTED_TABLES))
def test_the_stack_schema_declares_the_keys_indexes_and_ttl_the_adapters_expect(table: str) -> None:
    specs = {spec.name: spec for spec in schema.TABLES}
    assert _described(specs[table]) == EXPECTED_TABLES[table]


def test_the_stack_builds_its_tables_from_the_schema_and_names_none_itself() -> None:
    tables_source = (STACKS_DIR / "tables.py").read_text()
    stack_source = (STACKS_DIR / "guichet_stack.py").read_text()
    assert "for spec in TABLES" in tables_source
    assert "table_name(stage, spec.name)" in tables_source
    assert "time_to_live_attribute=spec.ttl_attribute" in tables_source
    hard_coded = {f'"{spec.partition.name}"' for spec in schema.TABLES} | {
        f'"{index.name}"' for spec in schema.TABLES for index in spec.indexes
    }
    assert not {name for name in hard_coded if name in stack_source + tables_source}
    assert f'"{schema.TTL_ATTRIBUTE}"' not in stack_source + tables_source


def test_the_stack_creates_the_groups_the_token_verifier_accepts() -> None:
    verifier = pytest.importorskip("chalicelib.domain.officer_claims")
    stack_source = (STACKS_DIR / "guichet_stack.py").read_text()
    groups = ", ".join(f'"{group}"' for group in sorted(verifier.AGENT_GROUPS))
    assert f"AGENT_GROUPS = ({groups})" in stack_source


def _model_description(model: Any) -> dict[str, Any]:
    """A PynamoDB model in the shape of EXPECTED_TABLES."""

    def key(attribute: Any) -> tuple[str, str] | None:
        return (attribute.attr_name, attribute.attr_type) if attribute else None

    indexes = {}
    for name, index in model._indexes.items():
        attributes = index.Meta.attributes.values()
        partition = next(a for a in attributes if a.is_hash_key)
        sort = next((a for a in attributes if a.is_range_key), None)
        indexes[name] = (key(partition), key(sort))
    ttl = model._ttl_attribute()
    return {
        "partition": key(model._hash_key_attribute()),
        "sort": key(model._range_key_attribute()),
        "indexes": indexes,
        "ttl": ttl.attr_name if ttl else None,
    }


def test_the_pynamodb_models_match_the_expected_tables() -> None:
    models = pytest.importorskip("chalicelib.adapters.dynamodb_models")
    by_table = {
        "connections": models.ConnectionModel,
        "conversations": models.ConversationModel,
        "messages": models.MessageModel,
        "agents": models.AgentModel,
        "stats": models.StatsModel,
    }
    reports = pytest.importorskip("chalicelib.adapters.dynamodb_reports")
    by_table["reports"] = reports.ReportModel
    by_table["notes"] = models.NoteModel
    canned = pytest.importorskip("chalicelib.adapters.dynamodb_canned_answers")
    by_table["canned_answers"] = canned.CannedAnswerModel
    # Dedup items and shortcut claims share those tables: same keys.
    assert _model_description(models.NoteDedupModel) == EXPECTED_TABLES["notes"]
    assert _model_description(canned.ShortcutClaimModel) == EXPECTED_TABLES["canned_answers"]
    by_table["tickets"] = pytest.importorskip("chalicelib.adapters.dynamodb_ws_tickets").WsTicketModel
    # The key and rate-counter items share the reports table: same key, same TTL attribute.
    rate_counters = pytest.importorskip("chalicelib.adapters.dynamodb_rate_limits")
    for shared in (reports.ReportKeyModel, rate_counters.RateCounterModel):
        described = _model_description(shared)
        assert (described["partition"], described["ttl"]) == (("pk", "S"), "expires_at")
    for table, model in by_table.items():
        assert _model_description(model) == EXPECTED_TABLES[table], table


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"guichet_infra_{name}", STACKS_DIR / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_deployed_config_js_carries_what_the_console_signs_in_with() -> None:
    config = _load("console_config").console_config(
        site_url="https://d111.cloudfront.net",
        ws_url="wss://ws123.execute-api.eu-west-3.amazonaws.com/api",
        api_stage="api",
        region="eu-west-3",
        user_pool_id="eu-west-3_Pool",
        client_id="client123",
        login_domain_url="https://guichet-dev-1234.auth.eu-west-3.amazoncognito.com",
        version="v1.4.0-3-gabc1234",
    )
    assert config["apiBase"] == "/api"
    assert config["version"] == "v1.4.0-3-gabc1234"
    assert config["wsUrl"] == "wss://ws123.execute-api.eu-west-3.amazonaws.com/api"
    assert config["auth"] == {
        "authority": "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Pool",
        "clientId": "client123",
        "redirectUri": "https://d111.cloudfront.net/agent.html",
        "postLogoutRedirectUri": "https://d111.cloudfront.net/agent.html",
        "inboxRedirectUri": "https://d111.cloudfront.net/signalements.html",
        "scope": "openid profile email",
        "endSessionEndpoint": "https://guichet-dev-1234.auth.eu-west-3.amazoncognito.com/logout",
    }


def test_the_local_config_js_has_the_same_sign_in_keys_as_the_deployed_one() -> None:
    from local.stack import site_config

    deployed = _load("console_config").console_config(
        site_url="s", ws_url="w", api_stage="api", region="r", user_pool_id="p", client_id="c", login_domain_url="d"
    )
    local = site_config("127.0.0.1", 8000)
    assert set(local["auth"]) == set(deployed["auth"]) - {"endSessionEndpoint"}  # the local discovery names it
    assert "version" in local and "version" in deployed
    assert local["auth"]["redirectUri"] == "http://127.0.0.1:8000/agent.html"
    assert local["auth"]["inboxRedirectUri"] == "http://127.0.0.1:8000/signalements.html"


def test_the_console_client_sends_officers_back_to_both_officer_pages_and_nowhere_else() -> None:
    module = _load("console_config")
    assert module.OFFICER_PAGES == ("/agent.html", "/signalements.html")
    stack_source = (STACKS_DIR / "guichet_stack.py").read_text()
    assert "callback_urls=pages," in stack_source and "logout_urls=pages," in stack_source
    from local.stack import OFFICER_PAGES as LOCAL_PAGES

    assert LOCAL_PAGES == module.OFFICER_PAGES


def test_the_stack_gives_the_officers_authorizer_its_user_pool_and_the_console_its_client() -> None:
    stack_source = (STACKS_DIR / "guichet_stack.py").read_text()
    assert "securityDefinitions.{AUTHORIZER_NAME}.x-amazon-apigateway-authorizer.providerARNs" in stack_source
    assert "mfa=cognito.Mfa.REQUIRED" in stack_source and "otp=True, sms=False" in stack_source
    assert "authorization_code_grant=True, implicit_code_grant=False" in stack_source
    assert "generate_secret=False" in stack_source
