"""RUN001 live: real connections opened against a small max_connections on private servers.

The shared servers' connection counts move with whatever else runs on them, so the counts asserted
here come from private servers where every connection is one this module opened: a PostgreSQL 15
cluster, a PostgreSQL 16 cluster (pgserver's binaries: reserved_connections exists from 16 on) and a
mariadbd. Our own monitoring connection must not be counted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from checks import samples
from checks.adapters import ConnectTarget, open_session
from dbpatrol import snapshots
from dbpatrol.results import Outcome
from tests.harness import MON_PASSWORD, MON_USER, my_grants, pg_grants
from tests.live import REG, run, wait_for, window
from tests.servers import AS_POSTGRES, PgCluster, _run, free_port, pg16_bin

pytestmark = pytest.mark.timeout(120)

CODE = "RUN001"
# PostgreSQL 16.2 from the pgserver wheel: tests/servers.py pg16_bin (runnable by the postgres OS user)


class Pg16Cluster(PgCluster):
    """A private cluster on pgserver's PostgreSQL 16 binaries (PgCluster runs Debian's 15)."""

    def init(self):
        self.base = tempfile.mkdtemp(prefix="dbpatrol-pg16-")
        shutil.chown(self.base, "postgres")
        _run([*AS_POSTGRES, f"{pg16_bin()}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync"])
        self.port = free_port()
        return self

    def start(self):
        if not self.base:
            self.init()
        _run([*AS_POSTGRES, f"{pg16_bin()}/pg_ctl", "-D", self.data, "-o", self._opts(), "-l", self.log, "-w", "start"])
        return self

    def stop(self, mode: str = "fast") -> None:
        _run([*AS_POSTGRES, f"{pg16_bin()}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])


def tokens(engine: str) -> set[str]:
    return {p.strip() for p in REG.get(CODE).spec.support(engine).privilege.split(",") if p.strip()}


def pg_monitor(cluster) -> ConnectTarget:
    cluster.sql(f"CREATE ROLE {MON_USER} LOGIN")
    for grant in pg_grants(tokens("postgresql")):
        cluster.sql(grant)
    return ConnectTarget("postgresql", "127.0.0.1", cluster.port, "postgres", MON_USER)


@contextlib.contextmanager
def connections(url: str, n: int):
    """n idle client connections, held open inside the block."""
    eng = sa.create_engine(url, poolclass=sa.NullPool)
    conns = []
    try:
        for _ in range(n):
            conns.append(eng.connect())
        yield
    finally:
        for c in conns:
            c.close()
        eng.dispose()


SETTINGS = {"max_connections": "20", "superuser_reserved_connections": "3"}


@pytest.fixture(scope="module")
def pg15(pg_clusters):
    cluster = pg_clusters(SETTINGS)
    return cluster, pg_monitor(cluster)


@pytest.fixture(scope="module")
def pg16(pg_clusters):
    cluster = pg_clusters.track(Pg16Cluster(settings={**SETTINGS, "reserved_connections": "2"})).start()
    assert cluster.sql("SHOW server_version").startswith("16.")
    return cluster, pg_monitor(cluster)


def evidence(f) -> dict:
    assert f.outcome is not Outcome.ERROR, f.message.en
    return f.evidence[0]


def settled(s) -> dict:
    """The row once the backends of connections closed earlier have gone (they exit asynchronously)."""
    return wait_for(lambda: (lambda r: r if r["connections"] == 0 else None)(evidence(run(s, CODE))),
                    10, "closed connections to go")


def test_pg_counts_client_backends_without_our_own(pg15):
    cluster, target = pg15
    with open_session(target) as s:
        settled(s)
        before = run(s, CODE)
        assert evidence(before)["connections"] == 0 and evidence(before)["reserved"] == 3
        assert before.outcome is Outcome.OK, before.message.en
        with connections(cluster.url, 14):  # 14 of the 17 slots ordinary users may open
            f = run(s, CODE)
            row = evidence(f)
            assert (row["connections"], row["max_connections"], row["reserved"]) == (14, 20, 3)
            assert row["used_pct"] == pytest.approx(82.4)
            assert f.outcome is Outcome.WARNING and "14 of 20" in f.message.en, f.message.en
        settled(s)
        with connections(cluster.url, 16):
            f = run(s, CODE)
            assert evidence(f)["connections"] == 16 and evidence(f)["used_pct"] == pytest.approx(94.1)
            assert f.outcome is Outcome.CRITICAL, f.message.en
        assert settled(s)["connections"] == 0
        assert evidence(before)["peak_connections"] is None  # PostgreSQL keeps no high-water mark


def test_pg16_also_subtracts_reserved_connections(pg15, pg16):
    """13 connections: 13 of 17 (76.5 %) on 15; 13 of 15 (86.7 %) on 16 with reserved_connections = 2."""
    for (cluster, target), reserved, pct, outcome in ((pg15, 3, 76.5, Outcome.OK), (pg16, 5, 86.7, Outcome.WARNING)):
        with open_session(target) as s:
            settled(s)
            with connections(cluster.url, 13):
                f = run(s, CODE)
            row = evidence(f)
            assert (row["connections"], row["reserved"]) == (13, reserved), row
            assert row["used_pct"] == pytest.approx(pct)
            assert f.outcome is outcome, f.message.en


@pytest.fixture(scope="module")
def maria(mariadb_servers):
    # performance_schema ON: MySQL 8's mysql.sql (performance_schema.global_status) can run here too
    server = mariadb_servers({"max-connections": "20", "performance-schema": "ON"})
    for host in ("%", "localhost"):
        server.sql(f"CREATE USER '{MON_USER}'@'{host}' IDENTIFIED BY '{MON_PASSWORD}'")
        for grant in my_grants(tokens("mariadb")):
            server.sql(grant.replace("'@'%'", f"'@'{host}'"))
    return server


def test_mariadb_counts_threads_without_our_own_and_shows_the_peak(maria):
    target = ConnectTarget("mariadb", "127.0.0.1", maria.port, None, MON_USER, MON_PASSWORD)
    with open_session(target) as s:
        settled(s)
        before = run(s, CODE)
        row = evidence(before)
        assert (row["connections"], row["max_connections"], row["reserved"]) == (0, 20, 0)
        assert before.outcome is Outcome.OK, before.message.en
        with connections(maria.url, 17):
            f = run(s, CODE)
            row = evidence(f)
            assert row["connections"] == 17 and row["used_pct"] == pytest.approx(85.0)
            assert f.outcome is Outcome.WARNING and "17 of 20" in f.message.en, f.message.en
        settled(s)
        after = run(s, CODE)
        row = evidence(after)
        # the high-water mark keeps the 17 and our own session; 10.11 does not say when (no window judgement)
        assert row["peak_connections"] >= 18 and row["peak_pct"] >= 90 and row["peak_at"] is None
        assert after.outcome is Outcome.OK and "peak since the server started" in after.message.en, after.message.en


def test_the_sql_of_mysql8_and_mariadb_11_runs_on_a_real_server(maria):
    """mysql.sql (MySQL 8, performance_schema.global_status) and mariadb@11.0.2.sql run on this MariaDB 10.11
    (performance_schema ON) and count the same; 10.11 has no Max_used_connections_time, so no peak time."""
    check = REG.get(CODE)
    target = ConnectTarget("mariadb", "127.0.0.1", maria.port, None, MON_USER, MON_PASSWORD)
    with open_session(target) as s:
        settled(s)
        with connections(maria.url, 5):
            start, end = window()
            rows = {name: s.run((check.folder / name).read_text(), {"window_start": start, "window_end": end})[0]
                    for name in ("mariadb.sql", "mysql.sql", "mariadb@11.0.2.sql")}
    for name, row in rows.items():
        assert (row["connections"], row["max_connections"], row["used_pct"]) == (5, 20, 25.0), (name, row)
        assert row["peak_connections"] == rows["mariadb.sql"]["peak_connections"] and row["peak_at"] is None, (name, row)


# ----- over the window, from stored snapshots (issue 8) ---------------------------------------------
# Sample, hold connections over the threshold while a sample is taken, let them go, sample, judge with a
# store of our own (SQLite in tmp_path): the peak inside the window is reported, with when, though the
# connections now are few; a window that ends before it has no peak over the threshold.


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


def sample(session, url, name="inst"):
    snap = samples.take(session)
    # the test user holds RUN001's privileges only: sources other checks need (performance_schema
    # digests on this private server) are refused and named, as designed; RUN001's own are read
    source = REG.get(CODE).spec.support(session.flavor).window.source
    assert source not in snap.refused and any(r.source == source for r in snap.rows), snap.refused
    snapshots.save(url, name, snap, "sampler")
    return snap.taken_at.replace(tzinfo=dt.timezone.utc)


def windowed(session, url, win, name="inst"):
    session.instance_name, session.snapshots = name, snapshots.SnapshotReader(url)
    try:
        return run(session, CODE, win=win)
    finally:
        session.instance_name = session.snapshots = None


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat() + "Z"


@pytest.mark.parametrize("server", ["pg15", "maria"])
def test_window_peak_is_reported_with_when_though_now_is_fine(request, server, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    if server == "pg15":
        cluster, target = request.getfixturevalue("pg15")
        held, conn_url, pct = 15, cluster.url, 88.2  # 15 of the 17 slots ordinary users may open
    else:
        maria = request.getfixturevalue("maria")
        target = ConnectTarget("mariadb", "127.0.0.1", maria.port, None, MON_USER, MON_PASSWORD)
        held, conn_url, pct = 17, maria.url, 85.0  # 17 of max_connections 20
    with open_session(target) as s:
        settled(s)
        t0 = sample(s, url)
        with connections(conn_url, held):
            peak_at = sample(s, url)
        settled(s)
        sample(s, url)
        start = t0 - dt.timedelta(seconds=1)

        f = windowed(s, url, (start, utcnow()))
        row = evidence(f)
        assert f.basis == "window" and row["connections"] == 0 and row["used_pct"] == 0, row  # now: fine
        assert (row["peak_connections"], row["peak_pct"], row["peak_in_window"]) == (held, pct, True), row
        assert row["peak_at"] == iso(peak_at), (row["peak_at"], peak_at)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert f.message.en.startswith(f"Connections peaked at {held} of 20 ({pct:g}%"), f.message.en
        assert "inside the window" in f.message.en and "0 in use now" in f.message.en and "窗口内" in f.message.zh
        # when, in the message: the sample's time as the report formats it
        assert peak_at.strftime("%Y-%m-%d %H:%M") in f.message.en, f.message.en

        before = windowed(s, url, (start, t0))  # ends at the sample before the connections were opened
        row = evidence(before)
        assert before.basis == "window" and row["peak_connections"] == 0 and before.outcome is Outcome.OK, row
        assert "peak in the window 0 (0" in before.message.en, before.message.en


def test_window_keeps_the_servers_own_peak_when_it_was_inside_the_window():
    """MySQL 8 / MariaDB 11.0.2+ (not on this machine: the derivation on rows shaped like theirs): the server's
    Max_used_connections reached inside the window catches a spike between snapshots and stays the peak; a
    sampled peak above it (or a mark outside the window) replaces it, against max_connections now."""
    from checks.running.RUN001_connection_saturation.spec import window_peak_my

    row = {"connections": 2, "max_connections": 20, "used_pct": 10.0, "peak_connections": 19, "peak_pct": 95.0,
           "peak_at": "2026-11-30T03:00:00", "peak_in_window": 1, "sampled_peak_connections": 9,
           "sampled_peak_at": "2026-11-30T04:00:00Z"}
    assert window_peak_my(row) == {"sampled_peak_connections": 8}  # the native peak, its time, stay
    outside = window_peak_my({**row, "peak_in_window": 0})
    assert (outside["peak_connections"], outside["peak_pct"], outside["peak_at"], outside["peak_in_window"]) == \
        (8, 40.0, "2026-11-30T04:00:00Z", True)
    higher = window_peak_my({**row, "sampled_peak_connections": 20})  # FLUSH STATUS lowered the native mark
    assert (higher["peak_connections"], higher["peak_pct"]) == (19, 95.0)
