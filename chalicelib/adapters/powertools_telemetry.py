"""Metrics through Powertools (CloudWatch embedded metric format, flushed once per invocation)."""
from __future__ import annotations

import os

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.config import ENV
from chalicelib.ports import Telemetry

__all__ = ["PowertoolsTelemetry", "metrics"]

# One per process; app.py flushes it after every invocation (Metrics.log_metrics middleware).
# Namespace and service have defaults: Powertools refuses to flush without them.
metrics = Metrics(
    namespace=os.environ.get(ENV.METRICS_NAMESPACE, "Guichet"),
    service=os.environ.get(ENV.SERVICE_NAME, "guichet"),
)


class PowertoolsTelemetry(Telemetry):
    def count(self, name: str, value: int = 1) -> None:
        """Add to a counter."""
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)

    def seconds(self, name: str, value: float) -> None:
        """Record a duration."""
        metrics.add_metric(name=name, unit=MetricUnit.Seconds, value=round(value, 3))
