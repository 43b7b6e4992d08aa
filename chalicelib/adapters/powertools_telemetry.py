"""Metrics through Powertools (CloudWatch embedded metric format, flushed once per invocation)."""
from __future__ import annotations

import os

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

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

    def count_by(self, name: str, dimension: str, label: str) -> None:
        """One more, under `dimension=label` beside the service (printed at once: the invocation's other
        metrics share one set of dimensions)."""
        if is_metrics_disabled():
            return  # single_metric prints even when metrics are off (the laptop turns them off)
        with single_metric(
            name=name,
            unit=MetricUnit.Count,
            value=1,
            namespace=metrics.namespace,
            default_dimensions=metrics.default_dimensions or {"service": metrics.service or "guichet"},
        ) as metric:
            metric.add_dimension(name=dimension, value=label)
