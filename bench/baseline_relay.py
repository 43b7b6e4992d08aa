"""The yardstick: the canonical AWS serverless websocket chat (aws-samples/simple-websockets-chat-app) as a tiny Chalice app.

What the sample does: `$connect` puts the connection id in a DynamoDB table; each `sendmessage`
scans that table and posts the data to every connection found; a post answered 410 deletes that
connection's row; `$disconnect` deletes the row. The one change: the sample has a single room,
here each connection names a room (`?room=` at connect, `"room"` beside `"data"` in each
`sendmessage`) and the scan keeps that room's connections, so the
relay carries the same pairs of people as Guichet does (the scan still reads the whole table, as
the sample's does). Served by the same LocalGateway, on the same emulated DynamoDB.
"""
from __future__ import annotations

import json
import os
from typing import Any

import boto3
from chalice import Chalice, Response
from chalice.app import WebsocketDisconnectedError, WebsocketEvent

__all__ = ["TABLE_ENV", "app", "create_table"]

TABLE_ENV = "BASELINE_CONNECTIONS_TABLE"

app = Chalice(app_name="baseline-relay")
app.experimental_feature_flags.update({"WEBSOCKETS"})
app.websocket_api.session = boto3.session.Session()
_clients: dict[str, Any] = {}


def _dynamodb() -> Any:
    if "dynamodb" not in _clients:
        _clients["dynamodb"] = boto3.client("dynamodb")
    return _clients["dynamodb"]


def _table() -> str:
    return os.environ.get(TABLE_ENV, "baseline-connections")


def create_table() -> None:
    """The sample's connections table: connectionId as the key."""
    _dynamodb().create_table(
        TableName=_table(),
        KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


@app.on_ws_connect()
def on_connect(event: WebsocketEvent) -> Response:
    """Store the connection id (and its room)."""
    room = (event.to_dict().get("queryStringParameters") or {}).get("room", "lobby")
    _dynamodb().put_item(TableName=_table(), Item={"connectionId": {"S": event.connection_id}, "room": {"S": room}})
    return Response(body="", status_code=200)


@app.on_ws_message()
def send_message(event: WebsocketEvent) -> None:
    """Scan for the room's connections and post the data to each; forget the gone ones."""
    body = json.loads(event.body)
    room = str(body.get("room", "lobby"))
    scan: dict[str, Any] = {
        "TableName": _table(),
        "ProjectionExpression": "connectionId",
        "FilterExpression": "room = :room",
        "ExpressionAttributeValues": {":room": {"S": room}},
    }
    while True:
        page = _dynamodb().scan(**scan)
        for item in page.get("Items", []):
            connection_id = item["connectionId"]["S"]
            try:
                app.websocket_api.send(connection_id, body["data"])
            except WebsocketDisconnectedError:
                _dynamodb().delete_item(TableName=_table(), Key={"connectionId": {"S": connection_id}})
        if "LastEvaluatedKey" not in page:
            return
        scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@app.on_ws_disconnect()
def on_disconnect(event: WebsocketEvent) -> None:
    """Forget the connection."""
    _dynamodb().delete_item(TableName=_table(), Key={"connectionId": {"S": event.connection_id}})
