"""RUN016 on a freshly started private mariadbd (max_connections = 10, its minimum), the review's case: a few failed
logins soon after a start make a large ratio of a small sample. Planted for real: failed logins, TCP
probes that connect and close (a load balancer's health check), connections refused at max_connections.
The counters are cumulative since the start, and the finding says since when."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pymysql
import pytest
import sqlalchemy as sa

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(180)

MON = "dbp_run016_mon"


@pytest.fixture(scope="module")
def server(mariadb_servers):
    started = dt.datetime.now(dt.timezone.utc)
    s = mariadb_servers({"max-connections": "10"})
    s.started = (started, dt.datetime.now(dt.timezone.utc))
    s.sql(f"CREATE USER '{MON}'@'127.0.0.1'")  # USAGE only: exactly RUN016's declared privilege
    return s


def test_fresh_start_failed_logins_probes_and_refusals(server):
    # up for 6 s at least, so a "since" computed from a wrong uptime would miss the start by more than the 2 s slack
    time.sleep(max(0.0, 6 - (dt.datetime.now(dt.timezone.utc) - server.started[1]).total_seconds()))
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON)) as mon:
        before = run(mon, "RUN016")
        b = before.evidence[0]
        assert before.outcome is Outcome.OK and b["connections"] < 1000, before.message.en
        assert before.basis == "cumulative"
        low, high = server.started
        assert low - dt.timedelta(seconds=2) <= before.since <= high + dt.timedelta(seconds=2), before.since

        for _ in range(6):  # wrong credentials
            with pytest.raises(pymysql.err.OperationalError):
                pymysql.connect(host="127.0.0.1", port=server.port, user="dbp_run016_nobody", password="wrong",
                                connect_timeout=5, ssl_disabled=True)
        for _ in range(3):  # TCP health checks: connect, close before the handshake
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
        held, refused = [], 0
        eng = sa.create_engine(f"mysql+pymysql://{MON}@127.0.0.1:{server.port}/", poolclass=sa.NullPool)
        try:
            for _ in range(12):  # max_connections = 10 (our session holds one)
                try:
                    held.append(eng.connect())
                except sa.exc.OperationalError:
                    refused += 1
            assert refused >= 2
        finally:
            for c in held:
                c.close()
            eng.dispose()

        f = run(mon, "RUN016")
        a = f.evidence[0]
        # MariaDB counts a refusal at max_connections as an aborted connect (Connection_errors_max_connections
        # stays 0: it checks the limit after authentication), a TCP probe as an aborted connect before auth
        assert a["aborted_connects"] == b["aborted_connects"] + 6 + 3 + refused, (b, a)
        assert a["aborted_preauth"] == b["aborted_preauth"] + 3, (b, a)
        assert a["connections"] < 1000
        expected = round(100 * (a["aborted_connects"] - a["aborted_preauth"]) / (a["connections"] - a["aborted_preauth"]), 2)
        assert float(a["aborted_pct"]) == expected > 3  # the review's false WARNING: a small sample after a start
        assert f.outcome is Outcome.OK, f.message.en
        assert f.message.en.startswith(f"Not rated: {a['connections']} connection attempts since server start")

        f = run(mon, "RUN016", {"min_connections": {"value": 10}})
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"{float(a['aborted_pct']):.2f}% of connection attempts failed since server start")
        assert f"{a['aborted_connects']} of {a['connections']} aborted, 3 of them before authentication" in f.message.en
        assert low - dt.timedelta(seconds=2) <= f.since <= high + dt.timedelta(seconds=2)


def test_flush_status_zeroes_the_failures_but_not_the_attempts(server):
    """FLUSH STATUS zeroes Aborted_connects and Aborted_connects_preauth but not Connections: the counters
    then start at the flush, and the ratio over attempts since the start is only a lower bound."""
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON)) as mon:
        before = run(mon, "RUN016", {"min_connections": {"value": 10}}).evidence[0]
        low = dt.datetime.now(dt.timezone.utc)
        server.sql("FLUSH STATUS")
        high = dt.datetime.now(dt.timezone.utc)
        f = run(mon, "RUN016", {"min_connections": {"value": 10}})
        a = f.evidence[0]
        assert before["aborted_connects"] > 0 and a["aborted_connects"] == 0 and a["aborted_preauth"] == 0, (before, a)
        assert a["connections"] >= before["connections"]  # not zeroed
        assert a["uptime_since_flush_s"] < a["uptime_s"] - 1
        assert low - dt.timedelta(seconds=2) <= f.since <= high + dt.timedelta(seconds=2), f.since
        assert f.outcome is Outcome.OK, f.message.en
        assert f.message.en.startswith("Not rated: FLUSH STATUS at "), f.message.en

        for _ in range(30):  # wrong credentials after the flush
            with pytest.raises(pymysql.err.OperationalError):
                pymysql.connect(host="127.0.0.1", port=server.port, user="dbp_run016_nobody", password="wrong",
                                connect_timeout=5, ssl_disabled=True)
        f = run(mon, "RUN016", {"min_connections": {"value": 10}})
        a = f.evidence[0]
        assert a["aborted_connects"] == 30, a
        assert float(a["aborted_pct"]) == round(100 * 30 / a["connections"], 2) > 3
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"At least {float(a['aborted_pct']):.2f}% of connection attempts failed since "
                                       "FLUSH STATUS at "), f.message.en
        assert low - dt.timedelta(seconds=2) <= f.since <= high + dt.timedelta(seconds=2)
