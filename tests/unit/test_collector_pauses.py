"""The local stack's process keeps the collector's full passes off the emulated tables (local/collector_pauses.py).

Each case runs in a fresh interpreter: the collector's settings are the whole process's.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(body: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", body], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_what_exists_when_the_stack_is_built_is_out_of_the_full_passes() -> None:
    frozen, young = _run(
        "import gc\n"
        "from local.collector_pauses import keep_collector_pauses_short\n"
        "tables = [{'pk': {'S': str(n)}} for n in range(50_000)]\n"
        "keep_collector_pauses_short()\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    assert int(frozen) > 50_000
    assert int(young) > 700  # CPython's default: young objects are examined less often


def test_survivors_of_a_full_pass_are_frozen_and_the_next_pass_walks_only_newer_objects() -> None:
    before, after_new, after_pass = _run(
        "import gc\n"
        "from local.collector_pauses import keep_collector_pauses_short\n"
        "keep_collector_pauses_short()\n"
        "before = gc.get_freeze_count()\n"
        "grown = [{'pk': {'S': str(n)}} for n in range(20_000)]\n"
        "after_new = gc.get_freeze_count()\n"
        "gc.collect(2)\n"
        "print(before, after_new, gc.get_freeze_count())\n"
    )
    assert int(after_new) == int(before)  # new objects are the collector's until a full pass
    assert int(after_pass) >= int(before) + 20_000


def test_the_local_stack_sets_it_up_once_its_tables_are_seeded() -> None:
    source = (ROOT / "local" / "stack.py").read_text()
    seeded = source.index("seed_demo_data(settings)")
    assert source.index("keep_collector_pauses_short()", seeded) > seeded
