"""Demo data: today's hourly counters so far, as a day at the real desk might have gone (laptop only)."""
from __future__ import annotations

import random
import time

from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamodb_common import transaction_connection
from chalicelib.adapters.dynamodb_desk_figures import add_tally, bind_desk_figures_models
from chalicelib.config import Settings
from chalicelib.domain.desk_figures import (
    Tally,
    answered,
    closed,
    day_slots,
    first_response,
    hour_slot,
    started,
    surveyed,
)
from chalicelib.domain.retention import Retention
from chalicelib.domain.survey import Survey

__all__ = ["seed_desk_figures"]

# Conversations started per hour on a weekday (2021's ~500 a day): quiet nights, a morning and an evening peak.
ARRIVALS_BY_HOUR = (4, 3, 2, 2, 2, 3, 6, 12, 22, 30, 34, 33, 28, 27, 30, 31, 30, 29, 32, 34, 30, 22, 14, 8)
COMMENTS = (
    "Réponse rapide, merci.",
    "J'ai attendu longtemps mais l'agent était très clair.",
    "Je ne savais pas qu'il fallait déposer plainte au commissariat.",
    "Merci pour le lien vers la pré-plainte.",
)


def seed_desk_figures(settings: Settings, now: float | None = None) -> int:
    """Add today's counters, from midnight to the current hour (partly), in one transaction per hour."""
    now = time.time() if now is None else now
    bind_desk_figures_models(settings)
    connection = transaction_connection(settings.region, settings.dynamodb_host)
    rng = random.Random(2020)
    current = hour_slot(now, settings.desk_timezone)
    retention = Retention(settings.retention_days)
    written = 0
    for slot in day_slots(current.day, settings.desk_timezone):
        if slot.start > current.start:
            break
        share = min(1.0, (now - slot.start) / 3600)
        counts: dict[str, float] = {}
        comment_tallies: list[Tally] = []
        for _ in range(round(ARRIVALS_BY_HOUR[int(slot.label[:2])] * share)):
            events = [started(slot)]
            wait = rng.expovariate(1 / 50)
            if rng.random() < 0.08:  # gave up before an officer joined
                events.append(closed(slot, abandoned=True, handling_s=None))
            else:
                handling = 120 + rng.expovariate(1 / 300)
                events += [
                    answered(slot, wait),
                    first_response(slot, 5 + rng.expovariate(1 / 25)),
                    closed(slot, abandoned=False, handling_s=handling),
                ]
                if rng.random() < 0.3:
                    comment = COMMENTS[rng.randrange(len(COMMENTS))] if rng.random() < 0.3 else None
                    survey = Survey(rng.random() < 0.85, rng.random() < 0.9, rng.choice((3, 4, 4, 5, 5)), now, comment)
                    tally = surveyed(slot, survey, f"demo-{slot.start}-{written}", "autre", retention.expires_at(now))
                    events.append(Tally(slot, tally.counts))
                    if tally.comment is not None:
                        comment_tallies.append(Tally(slot, {}, tally.comment))
            for event in events:
                for name, value in event.counts.items():
                    counts[name] = counts.get(name, 0) + value
            written += 1
        if counts or comment_tallies:
            with TransactWrite(connection=connection) as transaction:
                add_tally(transaction, Tally(slot, counts))
                for tally in comment_tallies[:20]:
                    add_tally(transaction, tally)
    return written
