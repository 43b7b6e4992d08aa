"""Imports point inward: the domain knows no AWS or wire format, the services speak in domain terms."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module the source imports, in full: `from chalicelib import protocol` counts as chalicelib.protocol."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: `..protocol` from chalicelib.services is chalicelib.protocol
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            modules.add(base)
            modules.update(f"{base}.{alias.name}" for alias in node.names)
    return modules


def forbidden_imports(source: str, package: str, forbidden: tuple[str, ...]) -> list[str]:
    """The imported modules that are, or are inside, one of `forbidden`."""
    found = imported_modules(source, package)
    return sorted(m for m in found if any(m == f or m.startswith(f + ".") for f in forbidden))


def imports_of(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    package = path.parent.relative_to(CHALICELIB.parent).as_posix().replace("/", ".")
    return forbidden_imports(path.read_text(), package, forbidden)


def modules_in(folder: str) -> list[Path]:
    return sorted((CHALICELIB / folder).glob("*.py"))


@pytest.mark.parametrize("path", modules_in("services"), ids=lambda p: p.name)
def test_a_service_does_not_build_wire_frames(path: Path) -> None:
    assert imports_of(path, ("chalicelib.protocol", "chalicelib.api")) == []


@pytest.mark.parametrize("path", modules_in("domain"), ids=lambda p: p.name)
def test_the_domain_imports_no_aws_library_and_no_wire_format(path: Path) -> None:
    forbidden = ("chalice", "boto3", "botocore", "pynamodb", "chalicelib.protocol")
    assert imports_of(path, forbidden) == []


def test_the_ports_know_only_the_domain() -> None:
    outer = ("chalicelib.protocol", "chalicelib.services", "chalicelib.api", "chalicelib.adapters")
    assert imports_of(CHALICELIB / "ports.py", outer) == []


def test_the_check_sees_every_form_of_import() -> None:
    source = (
        "import chalicelib.protocol.outbound\n"
        "from chalicelib import protocol\n"
        "from ..protocol import inbound\n"
        "from .delivery import Delivery\n"
        "import chalicelib.protocolish\n"
    )
    assert forbidden_imports(source, "chalicelib.services", ("chalicelib.protocol",)) == [
        "chalicelib.protocol",
        "chalicelib.protocol.inbound",
        "chalicelib.protocol.outbound",
    ]
    assert "chalicelib.services.delivery" in imported_modules(source, "chalicelib.services")
