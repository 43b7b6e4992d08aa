"""CloudWatch alarms; each one is explained in docs/operations.md, "Alarms"."""
from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

__all__ = ["GuichetAlarms"]

PERIOD = Duration.minutes(5)

# The operations Guichet's adapters use; an alarm expression may hold at most 10 metrics.
DYNAMODB_OPERATIONS = (
    dynamodb.Operation.GET_ITEM,
    dynamodb.Operation.PUT_ITEM,
    dynamodb.Operation.UPDATE_ITEM,
    dynamodb.Operation.DELETE_ITEM,
    dynamodb.Operation.QUERY,
    dynamodb.Operation.BATCH_GET_ITEM,
    dynamodb.Operation.BATCH_WRITE_ITEM,
    dynamodb.Operation.TRANSACT_WRITE_ITEMS,
)


class GuichetAlarms(Construct):
    """Alarms on Lambda errors and throttles, DynamoDB throttles and websocket API errors."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        functions: Mapping[str, lambda_.IFunction],
        tables: Mapping[str, dynamodb.Table],
        websocket_api_id: str,
        websocket_stage: str,
        alarm_email: str | None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "Topic", display_name="Guichet alarms")
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        for key, function in functions.items():
            name = key.replace("_", "-")
            self._alarm(f"{name}-errors", function.metric_errors(period=PERIOD), threshold=5)
            self._alarm(f"{name}-throttles", function.metric_throttles(period=PERIOD))
        for name, table in tables.items():
            throttled = table.metric_throttled_requests_for_operations(
                operations=list(DYNAMODB_OPERATIONS), period=PERIOD
            )
            self._alarm(f"{name}-table-throttled", throttled)
        for metric_name, threshold in (("IntegrationError", 5), ("ExecutionError", 1)):
            metric = self._websocket_metric(metric_name, websocket_api_id, websocket_stage)
            self._alarm(f"websocket-{metric_name}", metric, threshold=threshold)

    @staticmethod
    def _websocket_metric(metric_name: str, api_id: str, stage: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name=metric_name,
            dimensions_map={"ApiId": api_id, "Stage": stage},
            statistic="Sum",
            period=PERIOD,
        )

    def _alarm(self, name: str, metric: cloudwatch.IMetric, threshold: float = 1) -> None:
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
