"""The live server the statement checks (PRF001-PRF009) and the pg.statements source share: one private
PostgreSQL 15 cluster with pg_stat_statements preloaded (track = all, max = 1000) and the extension
created in ``postgres``, started once per test session. Tests plant their statements in a scratch
database of their own and read them back by key; none resets the statistics except the reset test,
which runs last in its module and plants before and after."""

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
