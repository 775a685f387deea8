"""The live servers the performance checks share, each started once per test session.

PostgreSQL (the statement checks PRF001-PRF009 and the pg.statements source): ``stmt_pg`` / ``stmt_pg18`` in
tests/harness.py (tests/test_inspect_flow.py's end-to-end annual inspection shares them).

MySQL/MariaDB (PRF030-PRF059): one private mariadbd with performance_schema ON (digests up to 6,000, the
adaptive hash index on) and one stored window over it (``my_perf_window``): a snapshot, the planted
workloads of every counter check, a snapshot, taken by the real snapshot code into a store of the
test's own (SQLite). Each check's test judges that window and asserts its planted figures; the shared
MariaDB on 3306 is never changed.

The counter and gauge checks (PRF010-PRF029): one more private PostgreSQL 15 cluster (``perf``), started once
per test session, with a monitoring user holding the union of what those checks declare, a scratch database for
the planted workloads, and a snapshot store (SQLite) the tests fill with the real snapshot code
(checks.samples.take → dbpatrol.snapshots.save) between workloads. Small shared_buffers (1 MB) so that a 20 MB
table does not fit; track_io_timing on so block reads are timed.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import psycopg
import pytest

from checks import samples
from checks.adapters import ConnectTarget, open_session
from dbpatrol import snapshots

MON = "dbp_mon_prf"
DB = "dbp_prf"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Perf:
    cluster: object
    store: str
    av: object = None  # a second cluster with autovacuum on, one worker, throttled hard (PRF017)

    def session(self, user: str = MON, database: str = "postgres"):
        return open_session(ConnectTarget("postgresql", "127.0.0.1", self.cluster.port, database, user))

    def conn(self, database: str = DB):
        return psycopg.connect(f"host=127.0.0.1 port={self.cluster.port} user=postgres dbname={database}", autocommit=True)

    def work(self, *statements: str, database: str = DB, times: int = 1) -> None:
        """Run ``statements`` (``times`` over) in one connection, then flush its statistics at once
        (pg_stat_force_next_flush, 15+: a backend otherwise reports them at most once a second) so the next
        snapshot counts them."""
        with self.conn(database) as c:
            for _ in range(times):
                for st in statements:
                    c.execute(st)
            c.execute("SELECT pg_stat_force_next_flush()")

    def sample(self, session, name: str = "inst") -> dt.datetime:
        """One snapshot by the real snapshot code, stored; its time (aware UTC)."""
        snap = samples.take(session)
        # sources refused for a privilege this test's user was not given (other checks' sources) are named and left
        # out, as designed; the check's own source is proven read by the window assertions below
        assert not {k: v for k, v in snap.refused.items() if not v.startswith("privilege")}, snap.refused
        snapshots.save(self.store, name, snap, "sampler")
        return snap.taken_at.replace(tzinfo=dt.timezone.utc)

    def run(self, session, code: str, win, overrides=None, name: str = "inst", store: bool = True):
        from tests.live import run

        session.instance_name, session.snapshots = (name, snapshots.SnapshotReader(self.store)) if store else (None, None)
        try:
            return run(session, code, overrides, win=win)
        finally:
            session.instance_name = session.snapshots = None


@pytest.fixture(scope="session")
def perf(pg_clusters, tmp_path_factory):
    from tests.live import REG, declared_grants

    # no parallel query: each parallel worker counts a scan of its own (a 20-scan plant would read 40)
    c = pg_clusters({"shared_buffers": "1MB", "track_io_timing": "on", "autovacuum": "off",
                     "max_parallel_workers_per_gather": "0"})
    c.sql(f"CREATE ROLE {MON} LOGIN")
    grants = {g for check in REG if check.code.startswith("PRF") and "postgresql" in check.spec.engines
              for g in declared_grants(check.code, MON)}
    for g in sorted(grants):
        c.sql(g)
    c.sql(f"CREATE DATABASE {DB}")
    # PRF017's cluster: autovacuum on with one worker that naps 1 s (its test throttles its own table to 100 ms a
    # page); started while the first cluster's statistics age
    av = pg_clusters({"autovacuum_max_workers": "1", "autovacuum_naptime": "1", "max_parallel_workers_per_gather": "0"})
    av.sql(f"CREATE ROLE {MON} LOGIN")
    for g in sorted(grants):
        av.sql(g)
    with psycopg.connect(f"host=127.0.0.1 port={c.port} user=postgres dbname={DB}", autocommit=True) as conn:
        conn.execute("CREATE TABLE small AS SELECT g FROM generate_series(1, 100) g")
        conn.execute("CREATE TABLE big AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 80000) g")
    # A window that opens within 5 s of the counters' start counts the first snapshot whole (checks/window.py
    # EPOCH_SLACK): let the fresh cluster's statistics be older than that before any test samples.
    started = c.sql("SELECT least(a.stats_reset, b.stats_reset) FROM pg_stat_archiver a, pg_stat_bgwriter b")  # initdb
    time.sleep(max(0.0, (started + dt.timedelta(seconds=6) - utcnow()).total_seconds()))
    return Perf(cluster=c, store=f"sqlite:///{tmp_path_factory.mktemp('prf') / 'store.db'}", av=av)


@pytest.fixture(scope="session")
def perf_maria(mariadb_servers):
    from checks.performance._mycounters.live import THREAD_CACHE

    return mariadb_servers({"server-id": "91", "performance-schema": "ON", "performance-schema-digests-size": "6000",
                            "innodb-adaptive-hash-index": "ON", "thread-cache-size": str(THREAD_CACHE), "innodb-buffer-pool-size": "6M"})


@pytest.fixture(scope="session")
def my_perf_window(perf_maria, tmp_path_factory):
    from checks.performance._mycounters.live import plant_counter_window

    w = plant_counter_window(perf_maria, f"sqlite:///{tmp_path_factory.mktemp('perf') / 'store.db'}")
    yield w
    w.close()
