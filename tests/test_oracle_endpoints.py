"""The Oracle adapter's timeout and error paths, against local sockets (127.0.0.1 only).

No Oracle server can run here. What can be proven without one is that every network wait of the
adapter is bounded: an endpoint that accepts TCP and never answers, one that accepts and closes at
once, a refused port, and a statement that never gets an answer — each ends within its bound with
an Unreachable / QueryError cause, and an inspection with such an Oracle endpoint beside the real
local PostgreSQL finishes with the PostgreSQL instance fully inspected. (Measured before this
adapter: python-oracledb's synchronous thin connect to a silent endpoint waited > 100 s.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import threading
import time

import pytest
import yaml

from checks.adapters import ConnectTarget, QueryError, Unreachable, open_session
from checks.adapters import oracle
from tests.harness import MON_PASSWORD, MON_USER

CONNECT_TIMEOUT = 2.0


class _Server:
    """A listener on 127.0.0.1 that holds every connection silently, or closes it at once."""

    def __init__(self, close_at_once: bool):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.close_at_once = close_at_once
        self.held: list[socket.socket] = []
        self.accepted = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn = self.sock.accept()[0]
            except OSError:
                continue
            self.accepted += 1
            if self.close_at_once:
                conn.close()
            else:
                self.held.append(conn)

    def shutdown(self):
        self.stop.set()
        self.thread.join(2)
        for c in self.held:
            c.close()
        self.sock.close()


@pytest.fixture
def silent_server():
    s = _Server(close_at_once=False)
    yield s
    s.shutdown()


@pytest.fixture
def closing_server():
    s = _Server(close_at_once=True)
    yield s
    s.shutdown()


def _target(port: int) -> ConnectTarget:
    return ConnectTarget("oracle", "127.0.0.1", port, "ORCLPDB1", "dbpatrol_mon", "not-the-password",
                         connect_timeout_s=CONNECT_TIMEOUT, statement_timeout_s=5)


def test_connect_params_bound_every_wait():
    s = oracle.OracleSession(_target(1521))
    p = s.connect_params()
    assert p["tcp_connect_timeout"] == CONNECT_TIMEOUT and p["retry_count"] == 0 and p["expire_time"] >= 1
    assert "password" not in p
    assert s.connect_deadline_s == CONNECT_TIMEOUT + oracle.LOGIN_GRACE_S


def test_a_silent_endpoint_costs_at_most_the_connect_deadline(silent_server):
    t0 = time.monotonic()
    with pytest.raises(Unreachable) as exc:
        open_session(_target(silent_server.port))
    took = time.monotonic() - t0
    assert silent_server.accepted == 1  # it did accept: the TCP connect succeeded, then nothing
    assert CONNECT_TIMEOUT <= took < CONNECT_TIMEOUT + oracle.LOGIN_GRACE_S + 1.5, took
    assert "no answer to connect and login within 5s" in exc.value.cause
    assert "accepted the TCP connection" in exc.value.cause
    assert "not-the-password" not in exc.value.cause
    # and the adapter closed its socket: the server sees end-of-file on the held connection
    held = silent_server.held[0]
    held.settimeout(2)
    data = b""
    while True:
        chunk = held.recv(4096)
        if not chunk:
            break
        data += chunk
    assert data, "the client sent its TNS connect packet before giving up"


def test_an_endpoint_that_closes_at_once_is_unreachable_quickly(closing_server):
    t0 = time.monotonic()
    with pytest.raises(Unreachable) as exc:
        open_session(_target(closing_server.port))
    assert time.monotonic() - t0 < CONNECT_TIMEOUT
    assert "DPY-" in exc.value.cause, exc.value.cause


def test_a_refused_port_is_unreachable_at_once():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    t0 = time.monotonic()
    with pytest.raises(Unreachable) as exc:
        open_session(_target(port))
    assert time.monotonic() - t0 < CONNECT_TIMEOUT
    assert "DPY-6005" in exc.value.cause or "refused" in exc.value.cause.lower(), exc.value.cause


class _HungConnection:
    """Stands in for an oracledb.AsyncConnection whose server stops answering after login."""

    version = "19.22.0.0.0"
    call_timeout = 0

    def cursor(self):
        conn = self

        class Cursor:
            description = None

            async def execute(self, sql, binds):
                conn.executed.append(sql)
                await asyncio.sleep(3600)

            def close(self):
                pass

        return Cursor()

    async def commit(self):
        pass

    async def rollback(self):
        pass

    async def close(self):
        self.closed = True

    def __init__(self):
        self.executed = []
        self.closed = False


def test_a_statement_that_never_answers_is_cut_and_the_connection_dropped():
    s = oracle.OracleSession(_target(1521))
    s._loop = oracle._Loop()
    hung = s._raw = _HungConnection()
    try:
        t0 = time.monotonic()
        with pytest.raises(QueryError) as exc:
            s.run("SELECT 1 AS x FROM dual", timeout_s=1)
        took = time.monotonic() - t0
        assert exc.value.kind == "timeout"
        assert took < 1 + oracle.CALL_GRACE_S + 1.5, took
        assert hung.executed == ["SET TRANSACTION READ ONLY"]  # the first call already hung
        assert hung.closed and s._raw is None
        with pytest.raises(QueryError, match="abandoned"):
            s.run("SELECT 1 AS x FROM dual", timeout_s=1)  # later checks fail at once, not after another wait
    finally:
        s.close()


def test_a_hung_oracle_endpoint_does_not_stall_the_inspection(prefect_harness, silent_server, tmp_path, monkeypatch,
                                                              pg_monitor_user):
    from checks import registry
    from flows.tiers import daily

    monkeypatch.setenv("DBPATROL_TEST_MON_PW", MON_PASSWORD)
    monkeypatch.setenv("DBPATROL_TEST_ORA_PW", "not-the-password")
    monkeypatch.setenv("DBPATROL_CONNECT_TIMEOUT", str(CONNECT_TIMEOUT))
    monkeypatch.setenv("DBPATROL_HOME", str(tmp_path / "home"))
    inv = {"businesses": [{"name": "core", "hosts": [{"name": "local", "address": "127.0.0.1", "instances": [
        {"name": "pg-ok", "engine": "postgresql", "port": 5432, "database": "test", "user": MON_USER,
         "password": {"env": "DBPATROL_TEST_MON_PW"}},
        {"name": "ora-hung", "engine": "oracle", "port": silent_server.port, "database": "ORCLPDB1",
         "user": "dbpatrol_mon", "password": {"env": "DBPATROL_TEST_ORA_PW"}},
    ]}]}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(inv), encoding="utf-8")
    summary = daily(inventory=str(path), out_dir=str(tmp_path / "out"), formats=["json"])
    report = json.loads(open(summary["files"]["json"], encoding="utf-8").read())
    by_name = {i["name"]: i for i in report["instances"]}

    ora = by_name["ora-hung"]
    assert not ora["reachable"] and "accepted the TCP connection" in ora["cause"]
    took = (dt.datetime.fromisoformat(ora["finished_at"]) - dt.datetime.fromisoformat(ora["started_at"])).total_seconds()
    assert took < CONNECT_TIMEOUT + oracle.LOGIN_GRACE_S + 2, f"the hung Oracle endpoint took {took:.1f}s"
    oracle_daily = {c.code for c in registry.load().select("daily", "oracle")}
    assert {f["code"] for f in ora["findings"]} == oracle_daily  # what was not inspected is listed
    assert all(f["outcome"] == "SKIPPED" and "unreachable" in f["message"]["en"] for f in ora["findings"])

    pg = by_name["pg-ok"]
    assert pg["reachable"], pg["cause"]
    assert {f["code"] for f in pg["findings"]} == {c.code for c in registry.load().select("daily", "postgresql")}
    assert not [f for f in pg["findings"] if f["outcome"] == "ERROR" or "unreachable" in f["message"]["en"]]
