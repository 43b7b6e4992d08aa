"""The version a build carries: `git describe` of the checkout, so /api/health and config.js say what runs.

The deploy (infrastructure/app.py) and the local stack call `build_version()` once and pass the result
to the functions as GUICHET_VERSION and to the pages in `config.js`. `GUICHET_VERSION` already set in the
environment wins (a CI that builds from an archive without `.git`).

    python -m tools.build_version        # prints it
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

__all__ = ["UNKNOWN_VERSION", "build_version"]

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN_VERSION = "dev"  # as chalicelib.config's: a checkout that git cannot describe


def build_version(root: Path = ROOT) -> str:
    """`git describe --tags --always --dirty` (a tag, or the short commit; `-dirty` for uncommitted changes)."""
    given = os.environ.get("GUICHET_VERSION")
    if given:
        return given
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN_VERSION
    return described or UNKNOWN_VERSION


if __name__ == "__main__":
    print(build_version())
