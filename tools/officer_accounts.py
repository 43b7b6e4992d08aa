"""Create, update and disable officers' Cognito accounts from one CSV file, idempotently.

    python -m tools.officer_accounts officers.csv --user-pool-id eu-west-3_AbCdEf --dry-run
    python -m tools.officer_accounts officers.csv --user-pool-id eu-west-3_AbCdEf

The CSV (UTF-8, comma-separated, a header line) has one line per officer:

    username,name,rank,group,email,status
    m123456,Martin,Brigadière,agents,jeanne.martin@interieur.gouv.fr,
    m234567,Durand,Capitaine,supervisors,paul.durand@interieur.gouv.fr,
    m345678,Petit,Gardien de la paix,agents,luc.petit@interieur.gouv.fr,left

- `username`: the account's name in the pool (the matricule): the officer's agent id, never shown to citizens;
- `name` and `rank`: what citizens see, as "<rank> <name>" (Cognito's `name` attribute);
- `group`: `agents`, or `supervisors` (a supervisor is in both groups: they answer chats too);
- `email`: where Cognito sends the invitation (the pool's own message, in French) and password resets;
- `status` (optional): `left` disables the account (so does leaving the officer out of the file).

Each run compares the file with the pool and changes only what differs: a new officer is created (Cognito
e-mails a temporary password), a changed name, rank, e-mail or group is updated, a disabled officer back in
the file is enabled again, and an account of the pool that the file leaves out or marks `left` is disabled
and signed out everywhere (`--keep-absent`: only those marked `left`). Run it twice: the second run changes
nothing. `--dry-run` prints the changes without making them. Nothing is ever deleted: a disabled account
keeps its history and can be enabled again.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MANAGED_GROUPS",
    "Account",
    "Change",
    "CognitoPool",
    "CsvError",
    "Officer",
    "apply",
    "main",
    "plan",
    "read_officers",
]

# The groups this tool manages; any other group an account is in is left alone.
MANAGED_GROUPS = frozenset({"agents", "supervisors"})
GROUPS_OF = {"agents": frozenset({"agents"}), "supervisors": frozenset({"agents", "supervisors"})}
LEFT = {"left", "parti", "partie"}
COLUMNS = ("username", "name", "rank", "group", "email")


class CsvError(ValueError):
    """The file cannot be used as it is: which line and why."""


@dataclass(frozen=True)
class Officer:
    """One line of the file."""

    username: str
    display_name: str
    email: str
    groups: frozenset[str]
    left: bool = False


@dataclass(frozen=True)
class Account:
    """One account as the pool has it."""

    username: str
    display_name: str
    email: str
    groups: frozenset[str]
    enabled: bool


@dataclass(frozen=True)
class Change:
    """One thing to do to the pool."""

    username: str
    action: str  # create, update, enable, add_group, remove_group, disable
    detail: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)
    group: str = ""

    def describe(self) -> str:
        """One line for the operator (usernames and field names, no e-mail address)."""
        return f"{self.action:12} {self.username}" + (f"  ({self.detail})" if self.detail else "")


def read_officers(text: str) -> list[Officer]:
    """The officers the file lists; CsvError names the first line that cannot be used."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvError(f"missing column(s): {', '.join(missing)}")
    officers: dict[str, Officer] = {}
    for line, row in enumerate(reader, start=2):
        values = {k: (row.get(k) or "").strip() for k in (*COLUMNS, "status")}
        if not any(values.values()):
            continue
        empty = [c for c in COLUMNS if not values[c]]
        if empty:
            raise CsvError(f"line {line}: empty {', '.join(empty)}")
        if values["group"] not in GROUPS_OF:
            raise CsvError(f"line {line}: group must be agents or supervisors")
        if "@" not in values["email"]:
            raise CsvError(f"line {line}: the e-mail address is not valid")
        if values["status"] and values["status"].lower() not in LEFT:
            raise CsvError(f"line {line}: status must be empty or left")
        if values["username"] in officers:
            raise CsvError(f"line {line}: {values['username']} appears twice")
        officers[values["username"]] = Officer(
            username=values["username"],
            display_name=f"{values['rank']} {values['name']}",
            email=values["email"],
            groups=GROUPS_OF[values["group"]],
            left=bool(values["status"]),
        )
    return list(officers.values())


def plan(officers: Iterable[Officer], accounts: Iterable[Account], keep_absent: bool = False) -> list[Change]:
    """What turns the pool's accounts into the file's officers (empty when they already agree)."""
    current = {a.username: a for a in accounts}
    wanted = {o.username: o for o in officers}
    changes: list[Change] = []
    for officer in wanted.values():
        account = current.get(officer.username)
        if officer.left:
            if account is not None and account.enabled:
                changes.append(Change(officer.username, "disable", "marked left"))
            continue
        attributes = {"name": officer.display_name, "email": officer.email}
        if account is None:
            changes.append(Change(officer.username, "create", "invitation e-mailed", attributes=attributes))
            changes.extend(Change(officer.username, "add_group", g, group=g) for g in sorted(officer.groups))
            continue
        changed = {
            k: v for k, v in attributes.items() if v != {"name": account.display_name, "email": account.email}[k]
        }
        if changed:
            changes.append(Change(officer.username, "update", ", ".join(sorted(changed)), attributes=changed))
        if not account.enabled:
            changes.append(Change(officer.username, "enable", "back in the file"))
        held = account.groups & MANAGED_GROUPS
        changes.extend(Change(officer.username, "add_group", g, group=g) for g in sorted(officer.groups - held))
        changes.extend(Change(officer.username, "remove_group", g, group=g) for g in sorted(held - officer.groups))
    if not keep_absent:
        for account in current.values():
            if account.username not in wanted and account.enabled:
                changes.append(Change(account.username, "disable", "absent from the file"))
    return changes


class CognitoPool:
    """The officers' user pool, through Cognito's admin API (boto3 `cognito-idp`)."""

    def __init__(self, user_pool_id: str, client: Any = None, region: str | None = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("cognito-idp", region_name=region)
        self._client = client
        self._pool = user_pool_id

    def accounts(self) -> list[Account]:
        """Every account of the pool, with its managed groups."""
        members: dict[str, set[str]] = {}
        for group in sorted(MANAGED_GROUPS):
            for user in self._paged("list_users_in_group", "Users", GroupName=group):
                members.setdefault(user["Username"], set()).add(group)
        accounts = []
        for user in self._paged("list_users", "Users"):
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            accounts.append(
                Account(
                    username=user["Username"],
                    display_name=attributes.get("name", ""),
                    email=attributes.get("email", ""),
                    groups=frozenset(members.get(user["Username"], set())),
                    enabled=bool(user.get("Enabled", True)),
                )
            )
        return accounts

    def apply(self, change: Change) -> None:
        """Make one change."""
        pool, user = self._pool, change.username
        if change.action == "create":
            self._client.admin_create_user(
                UserPoolId=pool,
                Username=user,
                UserAttributes=[*_attributes(change.attributes), {"Name": "email_verified", "Value": "true"}],
                DesiredDeliveryMediums=["EMAIL"],
            )
        elif change.action == "update":
            verified = [{"Name": "email_verified", "Value": "true"}] if "email" in change.attributes else []
            self._client.admin_update_user_attributes(
                UserPoolId=pool, Username=user, UserAttributes=[*_attributes(change.attributes), *verified]
            )
        elif change.action == "enable":
            self._client.admin_enable_user(UserPoolId=pool, Username=user)
        elif change.action == "add_group":
            self._client.admin_add_user_to_group(UserPoolId=pool, Username=user, GroupName=change.group)
        elif change.action == "remove_group":
            self._client.admin_remove_user_from_group(UserPoolId=pool, Username=user, GroupName=change.group)
        elif change.action == "disable":
            self._client.admin_disable_user(UserPoolId=pool, Username=user)
            # Refresh tokens stop working at once; an ID token already issued lasts its hour.
            self._client.admin_user_global_sign_out(UserPoolId=pool, Username=user)
        else:
            raise ValueError(f"unknown change {change.action}")

    def _paged(self, operation: str, key: str, **kwargs: str) -> Iterator[dict[str, Any]]:
        paginator = self._client.get_paginator(operation)
        for page in paginator.paginate(UserPoolId=self._pool, **kwargs):
            yield from page.get(key, [])


def _attributes(values: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in sorted(values.items())]


def apply(pool: CognitoPool, changes: Iterable[Change]) -> int:
    """Make the changes in order; the number made."""
    done = 0
    for change in changes:
        pool.apply(change)
        done += 1
    return done


def main(argv: list[str] | None = None) -> int:
    """Read the file, compare it with the pool, print the changes and (unless --dry-run) make them."""
    parser = argparse.ArgumentParser(description="Officers' Cognito accounts from a CSV file (idempotent).")
    parser.add_argument("csv", type=Path, help="username,name,rank,group,email[,status]")
    parser.add_argument("--user-pool-id", required=True, help="the stack output UserPoolId")
    parser.add_argument("--region", default=None, help="default: AWS_REGION / AWS_DEFAULT_REGION")
    parser.add_argument("--dry-run", action="store_true", help="print the changes, make none")
    parser.add_argument("--keep-absent", action="store_true", help="do not disable accounts the file leaves out")
    args = parser.parse_args(argv)
    try:
        officers = read_officers(args.csv.read_text(encoding="utf-8"))
    except CsvError as exc:
        print(f"{args.csv}: {exc}", file=sys.stderr)
        return 2
    pool = CognitoPool(args.user_pool_id, region=args.region)
    changes = plan(officers, pool.accounts(), keep_absent=args.keep_absent)
    for change in changes:
        print(change.describe())
    if not changes:
        print("nothing to change: the pool already matches the file")
    elif args.dry_run:
        print(f"dry run: {len(changes)} change(s) not made")
    else:
        print(f"{apply(pool, changes)} change(s) made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
