"""The local Prefect server's app: Prefect's own, with a request that lost a SQLite lock retried at once.

The local server (dbpatrol/local_server.py) keeps its database in SQLite. Prefect 3.9's server opens
some read-then-write transactions as deferred ones; taking a task's concurrency slot
(``bulk_increment_active_slots_with_lease``, every instance task of every run: flows/runner.py) is one.
When another connection commits between its read and its write, SQLite fails it at once with
"database is locked" (busy_timeout does not help a deferred transaction that must upgrade), the
transaction rolls back, and Prefect's exception handler answers 503. Prefect's client then waits
``2 ** attempt`` seconds (no Retry-After is sent) and sends the request again: measured in
bench/vs_peers.py, a later ``dbpatrol inspect`` took ~1.8 s or, about one run in two, ~3.5 s.

``create_app`` returns Prefect's app (``prefect.server.api.server:create_app``, the factory
``prefect server start`` runs) wrapped in ``RetryLocked``: an HTTP request whose handler failed on a
SQLite lock is sent to the app again after 20, 40, 80 … ms, up to ``ATTEMPTS`` times in all, before its
503 goes to the client. It is the retry Prefect's client makes, made sooner and on the server: the failed
transaction was rolled back, and the request is replayed byte for byte. Any other response, and a
503 for any other cause, go to the client untouched and unbuffered once their status is known.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any, Awaitable, Callable

ATTEMPTS = 6  # 20 + 40 + 80 + 160 + 320 ms of waiting at most, then the client's own retry as before
FIRST_DELAY_S = 0.02
MAX_BODY = 16 * 1024 * 1024  # a larger request body is passed through, not held for a replay

# uvicorn's own logger: the local server's server.log. Prefect's logging settings keep the uvicorn
# loggers at WARNING (PREFECT_SERVER_LOGGING_LEVEL), so a replay is logged as a warning to be seen.
_log = logging.getLogger("uvicorn.error")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def is_sqlite_locked(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLAlchemy's wrapper of SQLite's busy/locked error (what Prefect answers 503 for)."""
    orig = getattr(exc, "orig", None)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    return getattr(orig, "sqlite_errorname", None) in {"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT"} or \
        "database is locked" in orig.args


class RetryLocked:
    """ASGI middleware: replay an HTTP request whose 503 came from a SQLite lock (module docstring)."""

    def __init__(self, app: Callable[..., Awaitable[None]], attempts: int = ATTEMPTS,
                 first_delay_s: float = FIRST_DELAY_S):
        self.app = app
        self.attempts = attempts
        self.first_delay_s = first_delay_s
        self.retried = 0  # requests sent to the app again (for tests and the log)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan, websockets: Prefect's app as it is
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away before its body came
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if not message.get("more_body"):
                break
            if size > MAX_BODY:
                await self.app(scope, _replay([{"type": "http.request", "body": b"".join(chunks),
                                                "more_body": True}], receive), send)
                return
        request = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        delay = self.first_delay_s
        for attempt in range(1, self.attempts + 1):
            held: list[Message] = []
            passing = False

            async def hold(message: Message) -> None:
                nonlocal passing
                if passing:
                    await send(message)
                elif message["type"] == "http.response.start" and message["status"] != 503:
                    passing = True
                    await send(message)
                else:
                    held.append(message)

            try:
                # a copy each time: routing writes into the scope (Starlette's Mount sets root_path, path)
                await self.app(dict(scope), _replay([request], receive), hold)
            except Exception as exc:
                if passing or attempt == self.attempts or not is_sqlite_locked(exc):
                    for message in held:
                        await send(message)
                    raise
                self.retried += 1
                _log.warning("%s %s lost a SQLite lock: sent again in %.0f ms (attempt %d of %d)",
                             scope.get("method"), scope.get("path"), delay * 1000, attempt + 1, self.attempts)
                await asyncio.sleep(delay)
                delay *= 2
                continue
            for message in held:  # a 503 without a SQLite lock behind it, or nothing held at all
                await send(message)
            return


def _replay(first: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives ``first`` and then whatever the real one gives (a disconnect)."""
    queue = list(first)

    async def replay() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replay


def create_app() -> RetryLocked:
    """The factory the local server's uvicorn runs (``--factory dbpatrol.prefect_app:create_app``)."""
    from prefect.server.api.server import create_app as prefect_create_app

    return RetryLocked(prefect_create_app())
