"""The officers' CSV import against moto's Cognito: creates, updates, disables, and a second run changes nothing."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import handlers
from moto import mock_aws

from tools.officer_accounts import CognitoPool, main, plan, read_officers

REGION = "eu-west-3"
HEADER = "username,name,rank,group,email,status\n"
TEAM = (
    HEADER
    + "m123456,Martin,Brigadière,agents,jeanne.martin@interieur.gouv.fr,\n"
    + "m234567,Durand,Capitaine,supervisors,paul.durand@interieur.gouv.fr,\n"
    + "m345678,Petit,Gardien de la paix,agents,luc.petit@interieur.gouv.fr,\n"
)


class Pool:
    """A moto user pool with the stack's two groups, and the write calls made to it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Every botocore session made from now on (boto3's default one, which the tool's client uses, is made
        # afresh) reports its calls: the Admin* ones that change the pool are counted.
        monkeypatch.setattr(
            handlers, "BUILTIN_HANDLERS", [*handlers.BUILTIN_HANDLERS, ("before-call.cognito-identity-provider", self._count)]
        )
        monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
        self.writes: list[str] = []
        self.client = boto3.client("cognito-idp", region_name=REGION)
        self.id = self.client.create_user_pool(PoolName="guichet-test-officers")["UserPool"]["Id"]
        for group in ("agents", "supervisors"):
            self.client.create_group(UserPoolId=self.id, GroupName=group)

    def _count(self, model: Any = None, **_: Any) -> None:
        if model is not None and model.name.startswith("Admin") and model.name not in ("AdminGetUser", "AdminListGroupsForUser"):
            self.writes.append(model.name)

    def run(self, tmp_path: Path, csv_text: str, *flags: str) -> int:
        path = tmp_path / "officers.csv"
        path.write_text(csv_text, encoding="utf-8")
        self.writes.clear()
        return main([str(path), "--user-pool-id", self.id, "--region", REGION, *flags])

    def user(self, username: str) -> dict[str, Any]:
        user = self.client.admin_get_user(UserPoolId=self.id, Username=username)
        groups = self.client.admin_list_groups_for_user(UserPoolId=self.id, Username=username)["Groups"]
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        return {
            "name": attributes.get("name"),
            "email": attributes.get("email"),
            "groups": sorted(g["GroupName"] for g in groups),
            "enabled": user["Enabled"],
            "status": user["UserStatus"],
        }


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pool]:
    for name, value in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield Pool(monkeypatch)


def test_the_first_run_creates_every_officer_with_the_name_citizens_see_and_their_groups(pool, tmp_path) -> None:
    assert pool.run(tmp_path, TEAM) == 0
    assert pool.user("m123456") == {
        "name": "Brigadière Martin",
        "email": "jeanne.martin@interieur.gouv.fr",
        "groups": ["agents"],
        "enabled": True,
        "status": "FORCE_CHANGE_PASSWORD",  # Cognito e-mailed the invitation with a temporary password
    }
    assert pool.user("m234567")["groups"] == ["agents", "supervisors"]
    assert pool.writes.count("AdminCreateUser") == 3


def test_a_second_run_with_the_same_file_makes_no_write(pool, tmp_path, capsys) -> None:
    pool.run(tmp_path, TEAM)
    capsys.readouterr()
    assert pool.run(tmp_path, TEAM) == 0
    assert pool.writes == []
    assert "nothing to change" in capsys.readouterr().out


def test_changed_fields_are_updated_and_only_they(pool, tmp_path) -> None:
    pool.run(tmp_path, TEAM)
    promoted = TEAM.replace("m123456,Martin,Brigadière,agents", "m123456,Martin,Brigadière-cheffe,supervisors")
    promoted = promoted.replace("luc.petit@interieur.gouv.fr", "luc.petit2@interieur.gouv.fr")
    pool.run(tmp_path, promoted)
    assert sorted(pool.writes) == ["AdminAddUserToGroup", "AdminUpdateUserAttributes", "AdminUpdateUserAttributes"]
    assert pool.user("m123456")["name"] == "Brigadière-cheffe Martin"
    assert pool.user("m123456")["groups"] == ["agents", "supervisors"]
    assert pool.user("m345678")["email"] == "luc.petit2@interieur.gouv.fr"
    demoted = promoted.replace("m234567,Durand,Capitaine,supervisors", "m234567,Durand,Capitaine,agents")
    pool.run(tmp_path, demoted)
    assert pool.writes == ["AdminRemoveUserFromGroup"]
    assert pool.user("m234567")["groups"] == ["agents"]


def test_leavers_absent_or_marked_are_disabled_and_signed_out_and_can_come_back(pool, tmp_path) -> None:
    pool.run(tmp_path, TEAM)
    without_petit = "".join(line + "\n" for line in TEAM.splitlines() if not line.startswith("m345678"))
    durand_left = without_petit.replace("paul.durand@interieur.gouv.fr,", "paul.durand@interieur.gouv.fr,left")
    pool.run(tmp_path, durand_left)
    assert sorted(pool.writes) == ["AdminDisableUser", "AdminDisableUser", "AdminUserGlobalSignOut", "AdminUserGlobalSignOut"]
    assert (pool.user("m345678")["enabled"], pool.user("m234567")["enabled"]) == (False, False)
    assert pool.user("m123456")["enabled"] is True
    pool.run(tmp_path, durand_left)
    assert pool.writes == []  # already disabled: nothing again
    pool.run(tmp_path, TEAM)
    assert sorted(pool.writes) == ["AdminEnableUser", "AdminEnableUser"]
    assert pool.user("m234567")["enabled"] is True


def test_keep_absent_disables_only_those_marked_left(pool, tmp_path) -> None:
    pool.run(tmp_path, TEAM)
    only_martin = HEADER + "m123456,Martin,Brigadière,agents,jeanne.martin@interieur.gouv.fr,\n"
    pool.run(tmp_path, only_martin, "--keep-absent")
    assert pool.writes == []


def test_a_dry_run_prints_the_changes_and_makes_none(pool, tmp_path, capsys) -> None:
    assert pool.run(tmp_path, TEAM, "--dry-run") == 0
    out = capsys.readouterr().out
    assert pool.writes == []
    assert pool.client.list_users(UserPoolId=pool.id)["Users"] == []
    assert out.count("create") == 3 and "dry run: 7 change(s) not made" in out
    assert "@" not in out  # usernames and field names only


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("m1,Martin,Brigadière,chefs,j@x.fr,", "group must be agents or supervisors"),
        ("m1,Martin,,agents,j@x.fr,", "empty rank"),
        ("m1,Martin,Brigadière,agents,jx.fr,", "e-mail"),
        ("m1,Martin,Brigadière,agents,j@x.fr,parti-en-vacances", "status"),
    ],
)
def test_a_bad_line_stops_the_run_before_any_change(pool, tmp_path, capsys, line: str, error: str) -> None:
    assert pool.run(tmp_path, TEAM + line + "\n") == 2
    err = capsys.readouterr().err
    assert "line 5" in err and error in err
    assert pool.writes == [] and pool.client.list_users(UserPoolId=pool.id)["Users"] == []


def test_the_plan_reads_the_pool_through_the_admin_api(pool, tmp_path) -> None:
    pool.run(tmp_path, TEAM)
    accounts = CognitoPool(pool.id, client=pool.client).accounts()
    assert plan(read_officers(TEAM), accounts) == []
    assert {a.username: sorted(a.groups) for a in accounts}["m234567"] == ["agents", "supervisors"]
