"""Short garbage-collector pauses for the local stack's process.

moto keeps every table of the emulated DynamoDB as Python objects in this process, and they only
grow while the stack runs (messages, conversations, reports). CPython's full collection walks every
tracked object, so its pauses grow with the tables: in the lockdown capacity run (`python -m bench`),
eleven full collections took 10 s in all and up to 2.3 s each, every handler and every frame stopped
behind them. Lambda has no such pause (DynamoDB's items live in DynamoDB), so the laptop stack must
not add one.

After a full collection, what survived it is moved out of the collector's sight (`gc.freeze`): the
next full collection walks only what was created since. Reference counting still frees frozen objects
that are dropped; only a reference cycle among them would stay, which a stack that lives as long as a
laptop session can afford. Laptop-only: Lambda never imports this.
"""
from __future__ import annotations

import gc
from typing import Any

__all__ = ["keep_collector_pauses_short"]

# Young objects examined less often than CPython's default 700: each collection is short all the same.
_YOUNG_THRESHOLD = 10_000


def keep_collector_pauses_short() -> None:
    """Freeze what exists now (the seeded tables, the imported code), and again after every full collection."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, middle, old)
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()
