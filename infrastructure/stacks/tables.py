"""The DynamoDB tables, built from `schema.TABLES`."""
from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from .schema import TABLES, Key, TableSpec, table_name

__all__ = ["GuichetTables"]


def _attribute(key: Key) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key.name, type=dynamodb.AttributeType[key.type.name])


def _sort(key: Key | None) -> dynamodb.Attribute | None:
    return _attribute(key) if key else None


class GuichetTables(Construct):
    """All of Guichet's tables: on demand, point-in-time recovery, TTL where the schema says, deletion protection on
    stages that keep their data."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: str,
        removal_policy: RemovalPolicy,
        deletion_protection: bool,
    ) -> None:
        super().__init__(scope, construct_id)
        self.by_name: dict[str, dynamodb.Table] = {
            spec.name: self._table(spec, stage, removal_policy, deletion_protection) for spec in TABLES
        }

    def _table(
        self, spec: TableSpec, stage: str, removal_policy: RemovalPolicy, deletion_protection: bool
    ) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            spec.name.capitalize(),
            table_name=table_name(stage, spec.name),
            partition_key=_attribute(spec.partition),
            sort_key=_sort(spec.sort),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=spec.ttl_attribute,
            removal_policy=removal_policy,
            # prod: DeleteTable is refused until an operator turns this off (docs/operations.md, Recovery).
            deletion_protection=deletion_protection,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attribute(index.partition),
                sort_key=_sort(index.sort),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table
