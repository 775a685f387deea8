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

from checks import samples
from checks.adapters import ConnectTarget, open_session
from dbpatrol import snapshots
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

        f, a = settled(mon, None, lambda a: a["aborted_connects"] >= b["aborted_connects"] + 6 + 3 + refused)
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


def settled(mon, overrides, reached, timeout_s: float = 10.0):
    """The check's finding and evidence once ``reached(evidence)``: MariaDB counts a refused login when
    the refused connection's thread ends, which can be just after the client has its error."""
    deadline = time.monotonic() + timeout_s
    while True:
        f = run(mon, "RUN016", overrides) if overrides else run(mon, "RUN016")
        if reached(f.evidence[0]) or time.monotonic() > deadline:
            return f, f.evidence[0]
        time.sleep(0.1)


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
        f, a = settled(mon, {"min_connections": {"value": 10}}, lambda a: a["aborted_connects"] >= 30)
        assert a["aborted_connects"] == 30, a
        assert float(a["aborted_pct"]) == round(100 * 30 / a["connections"], 2) > 3
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"At least {float(a['aborted_pct']):.2f}% of connection attempts failed since "
                                       "FLUSH STATUS at "), f.message.en
        assert low - dt.timedelta(seconds=2) <= f.since <= high + dt.timedelta(seconds=2)


# ----- over the window, from stored snapshots (issue 8) ---------------------------------------------
# Sample, plant, sample, judge with a store of our own (SQLite in tmp_path): the failures and attempts are
# those between the samples; a window that ends before the planting has none; a FLUSH STATUS between
# samples zeroes the aborted counters (not Connections): a reset there, never a negative delta, and the
# flushed lower-bound rule of the cumulative check does not misfire on window values.


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


def sample(session, url, name="inst"):
    snap = samples.take(session)
    # sources refused for a privilege this test's user was not given (other checks' sources) are named and left
    # out, as designed; the check's own source is proven read by the window assertions below
    assert not {k: v for k, v in snap.refused.items() if not v.startswith("privilege")}, snap.refused
    snapshots.save(url, name, snap, "sampler")
    return snap.taken_at.replace(tzinfo=dt.timezone.utc)


def windowed(session, url, win, overrides=None, name="inst"):
    session.instance_name, session.snapshots = name, snapshots.SnapshotReader(url)
    try:
        return run(session, "RUN016", overrides, win=win)
    finally:
        session.instance_name = session.snapshots = None


def wrong_logins(server, n):
    for _ in range(n):
        with pytest.raises(pymysql.err.OperationalError):
            pymysql.connect(host="127.0.0.1", port=server.port, user="dbp_run016_nobody", password="wrong",
                            connect_timeout=5, ssl_disabled=True)


FIVE = {"min_connections": {"value": 5}}


def test_window_counts_the_failures_inside_it_and_a_flush_is_a_reset(server, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    wrong_logins(server, 4)  # before the window: cumulative, not in it
    with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, MON)) as mon:
        time.sleep(max(0.0, 8 - mon.facts["uptime_s"]))  # the server start more than EPOCH_SLACK before the window
        t0 = sample(mon, url)
        t1 = sample(mon, url)
        wrong_logins(server, 6)
        for _ in range(3):  # TCP health checks: connect, close before the handshake
            socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
        for _ in range(4):  # and 4 that succeed
            pymysql.connect(host="127.0.0.1", port=server.port, user=MON, connect_timeout=5, ssl_disabled=True).close()
        sample(mon, url)
        start = t0 - dt.timedelta(seconds=1)

        f = windowed(mon, url, (start, utcnow()), FIVE)
        a = f.evidence[0]
        assert f.basis == "window" and (a["aborted_connects"], a["aborted_preauth"], a["connections"]) == (9, 3, 13), a
        # 6 of the 10 attempts that reached authentication, not the cumulative share
        assert a["aborted_pct"] == 60.0 and a["uptime_since_flush_s"] == a["uptime_s"], a
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith("60% of connection attempts failed in the window"), f.message.en
        assert "9 of 13 aborted, 3 of them before authentication" in f.message.en and "窗口内" in f.message.zh

        before = windowed(mon, url, (start, t1), FIVE)  # ends at the last sample before the planting
        assert before.basis == "window" and before.evidence[0]["aborted_connects"] == 0, before.evidence
        assert before.outcome is Outcome.OK and "attempts in the window" in before.message.en, before.message.en

        server.sql("FLUSH STATUS")  # zeroes Aborted_connects and _preauth (from 13 and more), not Connections
        wrong_logins(server, 2)
        sample(mon, url)
        f = windowed(mon, url, (start, utcnow()), FIVE)
        cumulative = run(mon, "RUN016", FIVE)
    a = f.evidence[0]
    # 9 + the 2 after the flush: the drop is a reset, never 2 - 13 going below 0; Connections also has the
    # root connection that ran FLUSH STATUS
    assert f.basis == "window" and (a["aborted_connects"], a["aborted_preauth"], a["connections"]) == (11, 3, 16), a
    assert a["aborted_pct"] == round(100 * 8 / 13, 2) and f.outcome is Outcome.WARNING, f.message.en
    # the cumulative check now reads a flushed counter as a lower bound; the window's values are not one
    assert cumulative.message.en.startswith(("At least", "Not rated: FLUSH STATUS at")), cumulative.message.en
    assert f.message.en.startswith("61.5% of connection attempts failed in the window"), f.message.en
