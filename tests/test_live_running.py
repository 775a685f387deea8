"""Running-status checks (RUN*) on the real local PostgreSQL 15 and MariaDB 10.11.

Every check runs as the least-privileged monitoring user (``dbpatrol_mon``, holding exactly the
privileges the catalog declares). The failing paths are forced by planting real problems with the
admin engines — an idle transaction, a blocked lock chain, a long query, a snapshot holding the
xmin horizon, an inactive replication slot, failed logins — and asserted by code and outcome.
Thresholds are lowered through the ordinary override layer only where the real problem cannot
reach the default in a test's lifetime (ages of seconds instead of minutes).

Everything planted is undone in ``finally`` blocks; every wait is bounded.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time

import pytest
import sqlalchemy as sa

from checks import registry
from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome

from tests.harness import MON_USER
from tests.live import (
    ADMIN_FIXTURE, SESSION_FIXTURE, Background, assert_names_worst, assert_not_breaching, cancel,
    evidence_ids, held_snapshot, is_running, is_waiting_on_lock, open_write_transaction, run, table_for,
    wait_for,
)

pytestmark = pytest.mark.timeout(120)

REG = registry.load()
RUNNING = {eng: [c.code for c in REG.select("daily", eng, category="running")] for eng in ("postgresql", "mariadb")}



# ----------------------------------------------------------------------------------------------
# (1) that every check runs as a user holding exactly its declared privileges (and is SKIPPED naming
# the privilege without it) is proven per privilege set in tests/test_privileges.py


def test_every_running_check_is_covered():
    assert set(RUNNING["postgresql"]) >= {f"RUN{n:03d}" for n in range(2, 15)}
    assert set(RUNNING["mariadb"]) >= {"RUN002", "RUN003", "RUN004", "RUN005", "RUN006", "RUN007",
                                       "RUN015", "RUN016", "RUN017"}


# ----------------------------------------------------------------------------------------------
# (2) failing paths from real problems


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_idle_transaction_is_reported(request, engine):
    session = request.getfixturevalue(SESSION_FIXTURE[engine])
    admin = request.getfixturevalue(ADMIN_FIXTURE[engine])
    table = table_for(request, engine)
    with open_write_transaction(admin, engine, table) as pid:
        time.sleep(1.2)  # idle and transaction ages reach 1 s
        assert_not_breaching(run(session, "RUN003"), "pid", pid)  # 1 s idle is far below the 60 s default

        f = run(session, "RUN003", {"idle_s": {"warning": 1, "critical": 3600}})
        assert f.outcome is Outcome.WARNING, f.message.en
        assert str(pid) in evidence_ids(f, "pid")
        assert "idle in transaction" in f.message.en
        assert_names_worst(f, "pid")

        f = run(session, "RUN006", {"xact_age_s": {"warning": 1, "critical": 1}})
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert str(pid) in evidence_ids(f, "pid")

        if engine == "mariadb":
            # the open transaction is the oldest one purge has to wait for
            f = run(session, "RUN017", {"history_list_length": {"warning": 0, "critical": None}})
            assert f.outcome is Outcome.WARNING, f.message.en
            assert f.evidence[0]["oldest_trx_s"] >= 1
    wait_for(lambda: str(pid) not in evidence_ids(run(session, "RUN003", {"idle_s": {"warning": 0, "critical": None}}), "pid"),
             5, "the idle transaction to disappear")


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_blocked_lock_chain_names_the_blocked_session(request, engine):
    session = request.getfixturevalue(SESSION_FIXTURE[engine])
    admin = request.getfixturevalue(ADMIN_FIXTURE[engine])
    table = table_for(request, engine)
    setup = ("SET lock_timeout = '30s'",) if engine == "postgresql" else ("SET SESSION innodb_lock_wait_timeout = 30",)
    holder_cm = open_write_transaction(admin, engine, table, row=2)
    holder = holder_cm.__enter__()
    blocked = None
    try:
        blocked = Background(admin, engine, f"UPDATE {table} SET v = v + 10 WHERE id = 2", setup)
        blocked.__enter__()
        wait_for(lambda: is_waiting_on_lock(admin, engine, blocked.pid), what="the lock wait")
        time.sleep(1.2)
        # 1 s wait, 1 session: below 30 s / 5 sessions
        f = run(session, "RUN005")
        if len(f.evidence) < 5:  # (unless other sessions pile up blocked sessions of their own)
            assert_not_breaching(f, "blocked_pid", blocked.pid)

        f = run(session, "RUN005", {"wait_s": {"warning": 1, "critical": 3600}})
        assert f.outcome is Outcome.WARNING, f.message.en
        row = next(r for r in f.evidence if str(r["blocked_pid"]) == str(blocked.pid))
        assert str(holder) in str(row["blocking_pids"]).split(",")
        assert_names_worst(f, "blocked_pid")
        assert "blocked by pid" in f.message.en

        f = run(session, "RUN005", {"blocked_sessions": {"warning": 1, "critical": 1}})
        assert f.outcome is Outcome.CRITICAL, f.message.en

        # the blocked statement is executing (waiting) right now
        f = run(session, "RUN007", {"running": {"warning": 1, "critical": 1000}})
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.evidence[0]["running"] >= 1 and f.evidence[0]["waiting_on_locks"] >= 1
    finally:
        holder_cm.__exit__(None, None, None)  # rollback: the blocked UPDATE can now finish
        if blocked is not None:
            blocked.__exit__(None, None, None)
    assert blocked.error is None, blocked.error
    # gone once released (InnoDB refreshes its information_schema lock cache at most every 0.1 s)
    wait_for(lambda: str(blocked.pid) not in evidence_ids(
        run(session, "RUN005", {"wait_s": {"warning": 0, "critical": None}}), "blocked_pid"), 5, "the lock wait to end")


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_long_running_query_is_reported(request, engine):
    session = request.getfixturevalue(SESSION_FIXTURE[engine])
    admin = request.getfixturevalue(ADMIN_FIXTURE[engine])
    sql = "SELECT pg_sleep(60)" if engine == "postgresql" else "SELECT SLEEP(60)"
    q = Background(admin, engine, sql)
    with q:
        try:
            wait_for(lambda: is_running(admin, engine, q.pid), what="the sleeping query")
            assert_not_breaching(run(session, "RUN004"), "pid", q.pid)
            f = run(session, "RUN004", {"runtime_s": {"warning": 1, "critical": 3600}})
            assert f.outcome is Outcome.WARNING, f.message.en
            assert str(q.pid) in evidence_ids(f, "pid")
            row = next(r for r in f.evidence if str(r["pid"]) == str(q.pid))
            assert "SLEEP" in row["query"].upper()
            assert_names_worst(f, "pid")
        finally:
            cancel(admin, engine, q.pid)


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_restart_inside_window(request, engine):
    session = request.getfixturevalue(SESSION_FIXTURE[engine])
    no_uptime_rule = {"uptime_s": {"warning": None, "critical": None}}
    started = dt.datetime.fromisoformat(run(session, "RUN002").evidence[0]["started_at"])
    if started.tzinfo is None:  # MariaDB: UTC_TIMESTAMP arithmetic, naive UTC
        started = started.replace(tzinfo=dt.timezone.utc)
    now = dt.datetime.now(dt.timezone.utc)
    inside = run(session, "RUN002", no_uptime_rule, (started - dt.timedelta(hours=1), now))
    assert inside.outcome is Outcome.WARNING, inside.message.en
    assert "inside the inspection window" in inside.message.en
    after = run(session, "RUN002", no_uptime_rule, (started + dt.timedelta(seconds=5), now))
    assert after.outcome is Outcome.OK, after.message.en
    # the uptime rule: any server is "recently restarted" against an absurd threshold
    f = run(session, "RUN002", {"uptime_s": {"warning": 10 ** 10, "critical": 10 ** 10}})
    assert f.outcome is Outcome.CRITICAL, f.message.en
