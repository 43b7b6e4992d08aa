"""The DynamoDB tables, built from `schema.TABLES`."""
from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from constructs import Construct

from .schema import TABLES, Key, TableSpec, table_name

__all__ = ["GuichetTables"]


def _attribute(key: Key) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key.name, type=dynamodb.AttributeType[key.type.name])


def _sort(key: Key | None) -> dynamodb.Attribute | None:
    return _attribute(key) if key else None


class GuichetTables(Construct):
    """All of Guichet's tables: on demand, point-in-time recovery, TTL where the schema says."""

    def __init__(
        self, scope: Construct, construct_id: str, *, stage: str, removal_policy: RemovalPolicy
    ) -> None:
        super().__init__(scope, construct_id)
        self.by_name: dict[str, dynamodb.Table] = {
            spec.name: self._table(spec, stage, removal_policy) for spec in TABLES
        }

    def _table(
        self, spec: TableSpec, stage: str, removal_policy: RemovalPolicy
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
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attribute(index.partition),
                sort_key=_sort(index.sort),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def grant_read_write(self, grantee: iam.IGrantable) -> None:
        """Read and write every table and its indexes."""
        for table in self.by_name.values():
            table.grant_read_write_data(grantee)
