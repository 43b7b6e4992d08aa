"""A local stand-in for Lambda's Invoke API: the app's plain functions (`@app.lambda_function`) run here.

On AWS the websocket handlers start the queue broadcaster with `lambda:InvokeFunction`
(InvocationType=Event): Lambda queues the event and answers 202 at once. Here the same boto3 call
reaches `POST /2015-03-31/functions/{name}/invocations` on the local gateway's port; the function
runs on a worker thread of its own, as an asynchronous invocation would, and its errors are logged.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web
from chalice import Chalice
from chalice.local import LambdaContext

__all__ = ["LocalLambdaService"]

logger = logging.getLogger(__name__)


class LocalLambdaService:
    def __init__(self, chalice_app: Chalice, stage: str, workers: int = 2) -> None:
        # Deployed names are `<app>-<stage>-<function>`, as Chalice names them.
        self._functions: dict[str, Callable[[Any, Any], Any]] = {
            f"{chalice_app.app_name}-{stage}-{function.name}": function
            for function in chalice_app.pure_lambda_functions
        }
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lambda-async")
        self._pending: set[asyncio.Future[Any]] = set()

    def add_routes(self, web_app: web.Application) -> None:
        """Register Lambda's Invoke API path."""
        web_app.router.add_post("/2015-03-31/functions/{name}/invocations", self._invoke)

    async def _invoke(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        function = self._functions.get(name)
        if function is None:
            return web.json_response(
                {"Type": "User", "Message": f"Function not found: {name}"},
                status=404,
                headers={"x-amzn-ErrorType": "ResourceNotFoundException"},
            )
        payload = json.loads((await request.read()) or b"{}")
        context = LambdaContext(name, memory_size=256, max_runtime_ms=60_000)
        if request.headers.get("X-Amz-Invocation-Type") == "Event":
            future = asyncio.get_running_loop().run_in_executor(self._pool, _run_logged, function, payload, context)
            self._pending.add(future)
            future.add_done_callback(self._pending.discard)
            return web.Response(status=202)
        result = await asyncio.get_running_loop().run_in_executor(self._pool, function, payload, context)
        return web.json_response(result)

    async def close(self) -> None:
        """Let the invocations under way finish, then stop the worker threads."""
        if self._pending:
            await asyncio.wait(list(self._pending), timeout=10)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run_logged(function: Callable[[Any, Any], Any], payload: Any, context: Any) -> None:
    try:
        function(payload, context)
    except Exception:  # an asynchronous invocation's failure goes to the logs, as on AWS
        logger.exception("asynchronous invocation failed")
