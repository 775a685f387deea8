"""The live servers the performance checks share, each started once per test session.

PostgreSQL (the statement checks PRF001-PRF009 and the pg.statements source): one private PostgreSQL 15
cluster with pg_stat_statements preloaded (track = all, max = 1000) and the extension created in
``postgres``. Tests plant their statements in a scratch database of their own and read them back by
key; none resets the statistics except the reset test, which runs last in its module and plants before
and after.

MySQL/MariaDB (PRF030-PRF059): one private mariadbd with performance_schema ON (digests up to 6,000, the
adaptive hash index on) and one stored window over it (``my_perf_window``): a snapshot, the planted
workloads of every counter check, a snapshot, taken by the real snapshot code into a store of the
test's own (SQLite). Each check's test judges that window and asserts its planted figures; the shared
MariaDB on 3306 is never changed.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def stmt_pg(pg_clusters):
    c = pg_clusters({"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all",
                     "pg_stat_statements.max": "1000", "track_io_timing": "on"})
    c.sql("CREATE EXTENSION pg_stat_statements")
    return c


@pytest.fixture(scope="session")
def stmt_pg18(pg_clusters):
    """The same on PostgreSQL 18 (statements@17.sql: shared_blk_read_time, per-entry stats_since)."""
    from tests.servers import pg18_bin

    c = pg_clusters({"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all",
                     "pg_stat_statements.max": "1000", "track_io_timing": "on"}, bin=pg18_bin())
    c.sql("CREATE EXTENSION pg_stat_statements")
    return c


@pytest.fixture(scope="session")
def perf_maria(mariadb_servers):
    return mariadb_servers({"server-id": "91", "performance-schema": "ON", "performance-schema-digests-size": "6000",
                            "innodb-adaptive-hash-index": "ON", "thread-cache-size": "8", "innodb-buffer-pool-size": "6M"})


@pytest.fixture(scope="session")
def my_perf_window(perf_maria, tmp_path_factory):
    from checks.performance._mycounters.live import plant_counter_window

    return plant_counter_window(perf_maria, f"sqlite:///{tmp_path_factory.mktemp('perf') / 'store.db'}")
