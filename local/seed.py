"""Demo data for the local stack: recent handling times, so wait estimates mean something at once, and the
desk's shared canned answers, and citizens' reports at every stage of their triage."""
from __future__ import annotations

from chalicelib.adapters.dynamodb_canned_answers import dynamodb_canned_answers
from chalicelib.adapters.dynamodb_repositories import dynamodb_storage
from chalicelib.config import Settings
from local.canned_answers_seed import seed_canned_answers
from local.desk_figures_seed import seed_desk_figures
from local.reports_seed import seed_reports

__all__ = ["DEMO_HANDLING_TIMES_S", "seed_demo_data"]

# Handling times (seconds) of a morning at the real service: short "where is my attestation" chats, longer victims.
DEMO_HANDLING_TIMES_S = (240, 420, 180, 600, 360, 300, 540, 270)


def seed_demo_data(settings: Settings) -> None:
    """Fill the local tables with what a fresh laptop needs to look alive."""
    stats = dynamodb_storage(settings).stats
    for seconds in DEMO_HANDLING_TIMES_S:
        stats.record_handling_time(seconds)
    seed_canned_answers(dynamodb_canned_answers(settings))
    seed_desk_figures(settings)  # today's hourly counters so far: the supervisors' figures show at once
    seed_reports(settings)  # the reports inbox: several kinds, communes and statuses
