"""dbpatrol/prefect_app.py: a request that lost a real SQLite lock is replayed on the server, and nothing else is.

The app under test is shaped like Prefect's (an outer FastAPI app mounting the API app, whose generic
exception handler is Prefect's own ``custom_internal_exception_handler``: 503 for a SQLite lock, 500
otherwise), and the lock is real: a second connection holds ``BEGIN IMMEDIATE`` on the database file.
"""

from __future__ import annotations

import asyncio
import sqlite3

import httpx
import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from prefect.server.api.server import custom_internal_exception_handler

from dbpatrol.prefect_app import ATTEMPTS, RetryLocked


def _app(path, release_after: int | None):
    """POST /api/write inserts its body into t; the lock is held until ``release_after`` calls have failed."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    calls: list[bytes] = []
    api = FastAPI(exception_handlers={Exception: custom_internal_exception_handler})

    @api.post("/write")
    async def write(request: Request):
        body = await request.body()
        calls.append(body)
        if release_after is not None and len(calls) > release_after and holder.in_transaction:
            holder.execute("COMMIT")
        with engine.begin() as c:
            c.execute(sa.text("INSERT INTO t VALUES (:v)"), {"v": body.decode()})
        return {"stored": body.decode()}

    @api.post("/boom")
    async def boom(request: Request):
        calls.append(await request.body())
        raise ValueError("not a lock")

    @api.get("/busy")
    async def busy():
        calls.append(b"")
        return JSONResponse({"maintenance": True}, status_code=503)

    outer = FastAPI()
    outer.mount("/api", api)
    return RetryLocked(outer, first_delay_s=0.001), calls, holder


def _post(app, path, body=b""):
    async def go():
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request("GET" if path == "/api/busy" else "POST", path, content=body)
    return asyncio.run(go())


def test_a_locked_write_is_replayed_until_the_lock_is_gone(tmp_path):
    app, calls, holder = _app(tmp_path / "db.sqlite", release_after=2)
    body = '{"slots": 1, "names": ["tag:db:pg-α"]}'.encode()
    r = _post(app, "/api/write", body)
    assert r.status_code == 200 and r.json() == {"stored": body.decode()}, r.text
    assert calls == [body] * 3 and app.retried == 2  # two locked tries, replayed byte for byte, then the write
    assert sqlite3.connect(tmp_path / "db.sqlite").execute("SELECT v FROM t").fetchall() == [(body.decode(),)]
    holder.close()


def test_a_lock_that_stays_gets_prefects_503_after_the_last_attempt(tmp_path):
    app, calls, holder = _app(tmp_path / "db.sqlite", release_after=None)
    r = _post(app, "/api/write", b"x")
    assert r.status_code == 503 and r.json() == {"exception_message": "Service Unavailable"}, r.text
    assert len(calls) == ATTEMPTS and app.retried == ATTEMPTS - 1  # then Prefect's client retries, as before
    holder.close()


def test_other_errors_and_other_503s_are_not_replayed(tmp_path):
    app, calls, holder = _app(tmp_path / "db.sqlite", release_after=None)
    r = _post(app, "/api/boom", b"y")
    assert r.status_code == 500 and len(calls) == 1 and app.retried == 0, r.text
    r = _post(app, "/api/busy")
    assert r.status_code == 503 and r.json() == {"maintenance": True} and len(calls) == 2 and app.retried == 0
    holder.close()
