"""The stage's alarms, their SNS topic and its dashboard; each alarm is explained in docs/operations.md, "Alarms"."""
from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from .stage_settings import StageSettings

__all__ = ["APP_METRICS_NAMESPACE", "GuichetAlarms"]

PERIOD = Duration.minutes(5)
# What the functions publish through Powertools (chalicelib/adapters/powertools_telemetry.py, .chalice/config.json).
APP_METRICS_NAMESPACE = "Guichet"
SERVICE = {"service": "guichet"}
# The error frame sent when a handler fails unexpectedly (chalicelib's error mapping); other codes are refusals.
INTERNAL_ERROR = "internal_error"


def app_metric(name: str, statistic: str = "Sum", **dimensions: str) -> cloudwatch.Metric:
    """A metric the code publishes (dimension `service`, plus any given)."""
    return cloudwatch.Metric(
        namespace=APP_METRICS_NAMESPACE,
        metric_name=name,
        dimensions_map={**SERVICE, **dimensions},
        statistic=statistic,
        period=PERIOD,
    )


class GuichetAlarms(Construct):
    """Alarms on the chat's health (error frames, waits, throttles), REST 5xx, functions; one dashboard."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: StageSettings,
        functions: Mapping[str, lambda_.IFunction],
        rest_api_name: str,
        websocket_api_id: str,
        api_stage: str,
        web_acl_name: str,
    ) -> None:
        super().__init__(scope, construct_id)
        stage_name = Stack.of(self).stack_name
        self.topic = sns.Topic(self, "Topic", display_name=f"Guichet alarms ({settings.stage})")
        self.topic.add_subscription(subscriptions.EmailSubscription(settings.alarm_email))
        thresholds = settings.alarms
        self.alarms: list[cloudwatch.Alarm] = []

        internal_errors = app_metric("ErrorFrames", code=INTERNAL_ERROR)
        waiting = app_metric("QueueWaiting", "Maximum")
        longest_wait = app_metric("QueueLongestWait", "Maximum")
        code_throttles = app_metric("DynamoDBThrottles")
        rest_5xx = self._api_metric("5XXError", {"ApiName": rest_api_name, "Stage": api_stage})
        rest_4xx = self._api_metric("4XXError", {"ApiName": rest_api_name, "Stage": api_stage})
        ws = {"ApiId": websocket_api_id, "Stage": api_stage}

        self._alarm("chat-internal-errors", internal_errors, thresholds.internal_error_frames)
        self._alarm("rest-5xx", rest_5xx, thresholds.rest_5xx)
        self._alarm("queue-waiting", waiting, thresholds.waiting)
        self._alarm("queue-longest-wait", longest_wait, thresholds.longest_wait_s)
        self._alarm("dynamodb-throttles", code_throttles, thresholds.dynamodb_throttles)
        for key, function in functions.items():
            name = key.replace("_", "-")
            self._alarm(f"{name}-errors", function.metric_errors(period=PERIOD), thresholds.function_errors)
            self._alarm(f"{name}-throttles", function.metric_throttles(period=PERIOD), 1)
        self._alarm("websocket-IntegrationError", self._api_metric("IntegrationError", ws), 5)
        self._alarm("websocket-ExecutionError", self._api_metric("ExecutionError", ws), 1)

        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", dashboard_name=stage_name)
        flow = ("ConversationsStarted", "ConversationsAssigned", "ConversationsClosed", "ConversationsAbandoned")
        waits = [
            app_metric("WaitBeforeAssignment", "p50"),
            app_metric("WaitBeforeAssignment", "p90"),
            app_metric("FirstResponseTime", "p50"),
            app_metric("HandlingTime", "Average"),
        ]
        error_frames = cloudwatch.MathExpression(
            expression=f"SEARCH('{{{APP_METRICS_NAMESPACE},code,service}} MetricName=\"ErrorFrames\"', 'Sum', 300)",
            label="",
            period=PERIOD,
        )
        blocked = cloudwatch.Metric(
            namespace="AWS/WAFV2",
            metric_name="BlockedRequests",
            region="us-east-1",
            statistic="Sum",
            period=PERIOD,
            dimensions_map={"WebACL": web_acl_name, "Rule": "ALL"},
        )
        lambdas = list(functions.items())
        concurrency = [
            f.metric("ConcurrentExecutions", statistic="Maximum", period=PERIOD).with_(label=k)
            for k, f in functions.items()
        ]
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(self.alarms), width=24, height=3)
        )
        self.dashboard.add_widgets(
            self._graph("Citizens waiting (max)", [waiting], [longest_wait.with_(label="Longest wait (s)")]),
            self._graph("Conversations", [app_metric(name) for name in (*flow, "ConversationsRequeued")]),
            self._graph("Waits and handling (s)", waits),
        )
        self.dashboard.add_widgets(
            self._graph(
                "Messages and surveys",
                [app_metric("MessagesStored"), app_metric("SurveysAnswered")],
                [app_metric("AnsweredWithinTarget"), app_metric("TransfersOffered")],
            ),
            self._graph("Error frames by code", [error_frames]),
            self._graph("REST API", [rest_5xx, rest_4xx]),
        )
        self.dashboard.add_widgets(
            self._graph("DynamoDB throttles seen by the code", [code_throttles]),
            self._graph("Functions: errors", [f.metric_errors(period=PERIOD).with_(label=k) for k, f in lambdas]),
            self._graph("Functions: concurrent executions", concurrency),
        )
        self.dashboard.add_widgets(
            self._graph(
                "Websocket API",
                [self._api_metric("ConnectCount", ws), self._api_metric("MessageCount", ws)],
                [self._api_metric("ClientError", ws), self._api_metric("IntegrationError", ws)],
            ),
            self._graph("WAF: requests blocked at CloudFront", [blocked]),
        )

    @staticmethod
    def _api_metric(metric_name: str, dimensions: Mapping[str, str]) -> cloudwatch.Metric:
        return cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name=metric_name,
            dimensions_map=dict(dimensions),
            statistic="Sum",
            period=PERIOD,
        )

    @staticmethod
    def _graph(
        title: str, left: list[cloudwatch.IMetric], right: list[cloudwatch.IMetric] | None = None
    ) -> cloudwatch.GraphWidget:
        return cloudwatch.GraphWidget(title=title, left=left, right=right or [], width=8, height=6)

    def _alarm(self, name: str, metric: cloudwatch.IMetric, threshold: float) -> None:
        alarm = cloudwatch.Alarm(
            self,
            name,
            alarm_name=f"{Stack.of(self).stack_name}-{name}",
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=f"Guichet {name}: see docs/operations.md, Alarms.",
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)
