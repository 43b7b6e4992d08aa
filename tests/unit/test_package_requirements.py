"""requirements.txt is the whole of what ships: every dependency listed, or provided by the Lambda runtime."""
from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
# The Lambda Python runtime's own SDK and what it depends on: never shipped.
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def shipped() -> dict[str, str]:
    """requirements.txt as {name: pinned version}."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            [spec] = list(requirement.specifier)
            assert spec.operator == "==", f"{line}: pin the exact version that ships"
            pins[canonical(requirement.name)] = spec.version
    return pins


def test_every_dependency_of_what_ships_is_listed_or_provided_by_the_runtime() -> None:
    pins = shipped()
    missing = set()
    for name in pins:
        for raw in requires(name) or []:
            dependency = Requirement(raw)
            if dependency.marker and not dependency.marker.evaluate({"extra": ""}):
                continue  # an extra, or another Python version
            dependency_name = canonical(dependency.name)
            if dependency_name not in pins and dependency_name not in RUNTIME_PROVIDED:
                missing.add(f"{name} needs {dependency_name}")
    assert not missing


def test_what_ships_is_what_the_tests_run_with() -> None:
    for name, pinned in shipped().items():
        try:
            assert version(name) == pinned, name
        except PackageNotFoundError as exc:
            raise AssertionError(f"{name} is not installed") from exc


def test_nothing_the_runtime_provides_and_no_laptop_only_library_ships() -> None:
    assert not set(shipped()) & (RUNTIME_PROVIDED | {"pyjwt", "cryptography", "chalice", "moto"})
