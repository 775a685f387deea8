"""OBJ021 live: indexes no scan used since the counters started, measured before and after use.

PostgreSQL: a scratch database on the shared server whose counters are reset (pg_stat_reset) so
they start with the test; a used index, an unused one above the size floor, a small unused one,
a unique one and a foreign key's index (both left out). MariaDB: performance_schema is OFF on the
shared server (not applicable there), so a private mariadbd with it ON, the same shapes planted,
as a user holding exactly the declared grants.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dbpatrol.results import Outcome
from tests.live import run, wait_for
from tests.objects_live import declared_user, my_scratch, object_outcomes, pg_scratch, record

pytestmark = pytest.mark.timeout(90)

CODE = "OBJ021"
RATE_NOW = {"min_days": {"value": 0}, "min_index_mb": {"value": 0.1}}


def plant(s, engine: str) -> None:
    pk = "id int PRIMARY KEY"
    s.sql(f"CREATE TABLE parent ({pk}, code int NOT NULL)",
          f"CREATE TABLE orders ({pk}, parent_id int NOT NULL, a int, b int, c int, tag int, "
          "FOREIGN KEY (parent_id) REFERENCES parent (id))",
          "CREATE TABLE tiny (id int PRIMARY KEY, x int)",
          "CREATE INDEX orders_a_used ON orders (a)", "CREATE INDEX orders_b_unused ON orders (b, c)",
          "CREATE UNIQUE INDEX orders_tag_uq ON orders (tag)", "CREATE INDEX orders_parent_fk ON orders (parent_id)",
          "CREATE INDEX tiny_x_unused ON tiny (x)")
    if engine == "postgresql":
        s.sql("INSERT INTO parent SELECT g, g FROM generate_series(1, 100) g",
              "INSERT INTO orders SELECT g, 1 + g % 100, g, g, g, g FROM generate_series(1, 30000) g",
              "INSERT INTO tiny VALUES (1, 1)", "ANALYZE")
    else:
        s.sql("INSERT INTO parent SELECT seq, seq FROM seq_1_to_100",
              "INSERT INTO orders SELECT seq, 1 + seq % 100, seq, seq, seq, seq FROM seq_1_to_30000",
              "INSERT INTO tiny VALUES (1, 1)", "ANALYZE TABLE parent, orders, tiny")


def use_index(s, engine: str) -> None:
    if engine == "postgresql":
        with s.admin.connect() as c:  # a connection that ends: its statistics are flushed
            c.exec_driver_sql("SET enable_seqscan = off")
            assert c.exec_driver_sql("SELECT count(*) FROM orders WHERE a = 5").scalar() == 1
    else:
        s.sql("SELECT count(*) FROM orders FORCE INDEX (orders_a_used) WHERE a = 5")


def names(finding) -> set[str]:
    return {r["index_name"] for r in finding.evidence}


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        plant(s, "postgresql")
        yield s


def test_pg_unused_indexes_since_the_database_counters_started(pg):
    t0 = dt.datetime.now(dt.timezone.utc)
    pg.sql("SELECT pg_stat_reset()")  # this database's counters start now
    before = pg.check(CODE, RATE_NOW)
    assert before.basis == "cumulative" and before.since >= t0 - dt.timedelta(seconds=1), before.since
    assert names(before) == {"orders_a_used", "orders_b_unused"}, before.evidence  # nothing used yet
    assert before.outcome is Outcome.WARNING and before.database == pg.name

    use_index(pg, "postgresql")
    after = wait_for(lambda: (f := pg.check(CODE, RATE_NOW)) and "orders_a_used" not in names(f) and f,
                     10, "the index scan to be counted")
    row = after.evidence[0]
    assert names(after) == {"orders_b_unused"} and row["idx_scan"] == 0 and row["size_bytes"] > 0.1 * 2**20
    assert row["definition"].startswith("CREATE INDEX orders_b_unused ON public.orders USING btree (b, c)")
    assert object_outcomes(after) == {"public.orders.orders_b_unused": "WARNING"}
    # tiny_x_unused is under the floor, the unique and the FK's index are not listed at all
    assert after.evidence_total == 1 and after.message.en.startswith("1 index(es) of 0.1 MB or more not used"), \
        after.message.en
    assert "public.orders.orders_b_unused" in after.message.en and "未" in after.message.zh
    record(CODE, pg.session(), "unused", "WARNING", "not used by any scan", thresholds=RATE_NOW)

    # default guards: counters a minute old are not rated, and 0.5 MB is under the 10 MB floor
    young = pg.check(CODE)
    assert young.outcome is Outcome.SKIPPED and young.skip_reason == "not_applicable"
    assert young.message.en.startswith("not applicable yet: the index counters started") and "under 7 days" in young.message.en
    record(CODE, pg.session(), "young", "SKIPPED", "not applicable yet")
    floor = pg.check(CODE, {"min_days": {"value": 0}})
    assert floor.outcome is Outcome.OK and "No index of 10 MB or more unused" in floor.message.en
    assert "(2 smaller ones)" in floor.message.en, floor.message.en
    record(CODE, pg.session(), "healthy", "OK", "No index of 10 MB", thresholds={"min_days": {"value": 0}})


@pytest.fixture(scope="module")
def maria(mariadb_servers):
    server = mariadb_servers({"performance-schema": "ON"})
    admin = server.engine()
    user, password = declared_user(admin, "mariadb", CODE)
    with my_scratch(CODE, url=server.url, port=server.port) as s:
        plant(s, "mariadb")
        yield s, user, password
    admin.dispose()


def test_mariadb_unused_indexes_from_performance_schema(maria):
    s, user, password = maria
    s.sql(f"SELECT count(*) FROM {s.name}.orders", f"SELECT count(*) FROM {s.name}.tiny")  # opened: P_S rows exist
    before = s.check(CODE, RATE_NOW, user, password)
    assert before.outcome is Outcome.WARNING, before.message.en
    mine = {r["index_name"]: r for r in before.evidence if r["schema_name"] == s.name}
    assert set(mine) == {"orders_a_used", "orders_b_unused"}, before.evidence
    assert before.database is None  # instance scope: every schema in one statement

    use_index(s, "mariadb")
    after = s.check(CODE, RATE_NOW, user, password)
    mine = {r["index_name"]: r for r in after.evidence if r["schema_name"] == s.name}
    assert set(mine) == {"orders_b_unused"} and mine["orders_b_unused"]["definition"] == "b, c"
    assert mine["orders_b_unused"]["size_bytes"] >= 0.1 * 2**20 and mine["orders_b_unused"]["idx_scan"] == 0
    assert object_outcomes(after) == {f"{s.name}.orders.orders_b_unused": "WARNING"}
    started = s.scalar("SELECT NOW()") - dt.timedelta(seconds=int(s.scalar(
        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'")))
    assert abs((after.since - started).total_seconds()) <= 2, (after.since, started)  # since this server started
    with s.session(user, password) as session:
        record(CODE, session, "unused", "WARNING", "not used by any scan", thresholds=RATE_NOW,
               keep=lambda r: r["schema_name"] in (s.name, None))
        young = s.check(CODE, None, user, password)
        assert young.outcome is Outcome.SKIPPED and "under 7 days" in young.message.en  # a fresh server
        record(CODE, session, "young", "SKIPPED", "not applicable yet", keep=lambda r: r["schema_name"] in (s.name, None))

    s.sql("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME = 'wait/io/table/sql/handler'")
    try:
        off = s.check(CODE, RATE_NOW, user, password)
        assert off.outcome is Outcome.SKIPPED and off.message.en.startswith("not applicable: table I/O is not instrumented")
    finally:
        s.sql("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES' WHERE NAME = 'wait/io/table/sql/handler'")
    s.sql("DROP INDEX orders_b_unused ON orders")
    healthy = s.check(CODE, RATE_NOW, user, password)
    assert not [r for r in healthy.evidence if r["schema_name"] == s.name], healthy.evidence
    with s.session(user, password) as session:
        record(CODE, session, "healthy", "OK", "No index of 0.1 MB", thresholds=RATE_NOW,
               keep=lambda r: r["schema_name"] in (s.name, None))


def test_not_applicable_without_performance_schema(my_session):
    f = run(my_session, CODE)
    assert f.outcome is Outcome.SKIPPED and f.message.en.startswith("not applicable: performance_schema is OFF")


@pytest.mark.parametrize("version", ["15", "18"])
def test_pg_partitions_temp_tables_and_extension_members(request, version):
    """Review item 7 (+ nit 33): each partition's attached index is rolled up into its partitioned index,
    listed only while none of them was scanned and then dropped the way the remediation says (a
    partition's own index cannot be dropped alone; the partitioned one has no CONCURRENTLY form);
    another session's temp table's index and an extension member's are not listed. Standbys: the check
    is primary-only (each standby counts only its own scans)."""
    import psycopg

    from checks import registry
    from tests.objects_live import pg_version_scratch

    assert registry.load().get(CODE).spec.support("postgresql").roles == ("primary",)
    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE TABLE meas (id int, ts date, v int) PARTITION BY RANGE (ts)",
               "CREATE TABLE meas_2024 PARTITION OF meas FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
               "CREATE TABLE meas_2025 PARTITION OF meas FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
               "INSERT INTO meas SELECT g, date '2024-01-01' + (g % 700), g FROM generate_series(1, 20000) g",
               "CREATE INDEX meas_v ON meas (v)", "CREATE EXTENSION pg_stat_statements", "SELECT pg_stat_reset()")
        dsn = f"host=127.0.0.1 port={db.port} user=postgres dbname={db.name}"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("CREATE TEMP TABLE scratch_t (a int)")
            c.execute("INSERT INTO scratch_t SELECT generate_series(1, 20000)")
            c.execute("CREATE INDEX scratch_t_a ON scratch_t (a)")
            f = db.check(CODE, RATE_NOW)
            listed = {(r["index_name"], r.get("partitions")) for r in f.evidence}
            assert listed == {("meas_v", 2)}, f.evidence  # not meas_2024_v_idx / meas_2025_v_idx, not scratch_t_a
            assert f.message.en.startswith("1 index(es) of 0.1 MB or more not used") and "a partitioned index whose 2 " \
                "partitions' indexes were none of them scanned" in f.message.en, f.message.en
            size = db.scalar("SELECT pg_relation_size('meas_2024_v_idx') + pg_relation_size('meas_2025_v_idx')")
            assert f.evidence[0]["size_bytes"] == size
            if version == "15":
                record(CODE, db.session(), "partitioned", "WARNING", "a partitioned index", thresholds=RATE_NOW)
            # one partition's index used: the partitioned index is in use
            c.execute("SET enable_seqscan = off")
            c.execute("SELECT count(*) FROM meas WHERE ts < '2025-01-01' AND v = 5").fetchall()
            c.execute("SELECT pg_stat_force_next_flush()")  # counted now, not at the idle flush
            c.execute("SELECT 1")
            used = wait_for(lambda: (x := db.check(CODE, RATE_NOW)) and not x.evidence and x, 10, "the scan to count")
            assert used.outcome is Outcome.OK
            with pytest.raises(psycopg.errors.DependentObjectsStillExist):
                c.execute("DROP INDEX meas_2024_v_idx")  # a partition's index: only with its partitioned index
            with pytest.raises(psycopg.errors.FeatureNotSupported):
                c.execute("DROP INDEX CONCURRENTLY meas_v")
            c.execute("SET lock_timeout = '5s'")
            c.execute("DROP INDEX meas_v")  # the remediation's command


def test_mariadb_what_performance_schema_does_not_count(maria):
    """Review should-fix 8: an index used only by what performance_schema leaves uncounted looked unused
    'since the server started'. A user setup_actors disables uses jobs_b and its COUNT_STAR stays 0; a
    TRUNCATE (what sys.ps_truncate_all_tables does) makes the used jobs_a read 0 as well. Each is now
    SKIPPED, not rated."""
    import sqlalchemy as sa

    s, user, password = maria
    s.sql("CREATE TABLE jobs (id int PRIMARY KEY, a int, b int, KEY jobs_a (a), KEY jobs_b (b)) ENGINE=InnoDB",
          "INSERT INTO jobs SELECT seq, seq, seq FROM seq_1_to_5000", "ANALYZE TABLE jobs",
          f"CREATE USER 'dbp021_batch'@'%' IDENTIFIED BY '{password}'", f"GRANT SELECT ON {s.name}.* TO 'dbp021_batch'@'%'",
          "INSERT INTO performance_schema.setup_actors (HOST, USER, ROLE, ENABLED, HISTORY) "
          "VALUES ('%', 'dbp021_batch', '%', 'NO', 'NO')")
    count_star = f"SELECT COUNT_STAR FROM performance_schema.table_io_waits_summary_by_index_usage " \
                 f"WHERE OBJECT_SCHEMA = '{s.name}' AND OBJECT_NAME = 'jobs' AND INDEX_NAME = "
    try:
        s.sql("SELECT count(*) FROM jobs FORCE INDEX (jobs_a) WHERE a > 0")  # counted: jobs_a is used
        batch = sa.create_engine(f"mysql+pymysql://dbp021_batch:{password}@127.0.0.1:{s.port}/", poolclass=sa.NullPool)
        with batch.connect() as c:  # the batch job's index, read by an uncounted session
            c.exec_driver_sql(f"SELECT COUNT(*) FROM {s.name}.jobs FORCE INDEX (jobs_b) WHERE b > 0")
        batch.dispose()
        assert s.scalar(count_star + "'jobs_b'") == 0 and s.scalar(count_star + "'jobs_a'") > 0
        f = s.check(CODE, RATE_NOW, user, password)
        assert f.outcome is Outcome.SKIPPED and f.message.en.startswith(
            "not applicable: performance_schema does not count every session's or table's I/O (setup_actors)"), f.message.en
    finally:
        s.sql("DELETE FROM performance_schema.setup_actors WHERE USER = 'dbp021_batch'", "DROP USER 'dbp021_batch'@'%'")
    s.sql(f"INSERT INTO performance_schema.setup_objects VALUES ('TABLE', '{s.name}', 'jobs', 'NO', 'NO')")
    try:
        f = s.check(CODE, RATE_NOW, user, password)
        assert f.outcome is Outcome.SKIPPED and "(setup_objects)" in f.message.en, f.message.en
    finally:
        s.sql(f"DELETE FROM performance_schema.setup_objects WHERE OBJECT_SCHEMA = '{s.name}'",
              "FLUSH TABLES jobs")  # instrumented again once reopened
    s.sql("SELECT count(*) FROM jobs FORCE INDEX (jobs_a) WHERE a > 0")
    assert s.scalar(count_star + "'jobs_a'") > 0
    assert "jobs_a" not in {r["index_name"] for r in s.check(CODE, RATE_NOW, user, password).evidence}
    s.sql("TRUNCATE performance_schema.table_io_waits_summary_by_index_usage",
          "TRUNCATE performance_schema.table_io_waits_summary_by_table")
    s.sql("SELECT count(*) FROM jobs WHERE id > 0")
    assert s.scalar(count_star + "'jobs_a'") == 0  # the used index reads unused now
    f = s.check(CODE, RATE_NOW, user, password)
    assert f.outcome is Outcome.SKIPPED and f.message.en.startswith(
        "not applicable: performance_schema's table I/O holds "), f.message.en
    assert "were reset" in f.message.en and "重置" in f.message.zh
    s.sql("DROP TABLE jobs")
