"""OBJ044 live, in a scratch database on the shared PostgreSQL, as a login-only user (the declared
privilege): the database's size and its largest tables, before and after an ~8 MB table is loaded,
each figure checked against the superuser's pg_database_size / pg_total_relation_size. No size limit is
set by default (OK, sizes reported, growth said to be unmeasured); with one set, the tables or the
database over it are named.

DBPATROL_RECORD_FIXTURES=1 re-records fixtures/ from these runs (the rows of the check's own SQL).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets

import psycopg
import pytest
import yaml

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.fixture_files import _plain, sha256
from tests.live import REG, run

pytestmark = pytest.mark.timeout(120)

CODE = "OBJ044"
TOKEN = secrets.token_hex(3)
DB = f"dbp_obj044_{TOKEN}"
MON = f"dbp_obj044_mon_{TOKEN}"
ADMIN = "host=127.0.0.1 port=5432 user=postgres"
FIVE_MB = {"table_size_gb": {"warning": 5 / 1024, "critical": None}}


def admin(sql: str, db: str = DB):
    with psycopg.connect(f"{ADMIN} dbname={db}", autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


@pytest.fixture(scope="module")
def scratch():
    assert REG.get(CODE).spec.support("postgresql").privilege == "login"
    admin(f"CREATE DATABASE {DB}", "postgres")
    admin(f"CREATE ROLE {MON} LOGIN")
    admin("CREATE TABLE small (id int PRIMARY KEY, v text)")
    admin("INSERT INTO small SELECT g, md5(g::text) FROM generate_series(1, 1000) g")
    admin("VACUUM ANALYZE small")
    yield
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    admin(f"DROP ROLE IF EXISTS {MON}", "postgres")


def record(s, scenario: str, outcome: str, contains: str, note: str, thresholds: dict | None = None) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: the rows the check's SQL returns now, as fixtures/postgresql-<scenario>.yaml."""
    if os.environ.get("DBPATROL_RECORD_FIXTURES") != "1":
        return
    check = REG.get(CODE)
    variant = check.sql_for(s.flavor, s.version)
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": variant.path.name, "sql_sha256": sha256(variant.path)}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(v) for k, v in r.items()} for r in s.run(variant.text, {})]
    doc["expect"] = {"outcome": outcome, "message_contains": contains}
    doc["note"] = f"recorded by test_obj044.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()}: {note}"
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def by_object(finding) -> dict[str, dict]:
    return {r["object"]: r for r in finding.evidence}


def test_sizes_before_and_after_loading_a_table(scratch):
    with open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, DB, MON)) as s:
        before = run(s, CODE)
        rows = by_object(before)
        (db_size,), = admin("SELECT pg_database_size(current_database())")
        assert before.outcome is Outcome.OK and before.database == DB and before.basis == "current"
        assert abs(rows[DB]["total_bytes"] - db_size) < 256 * 1024, (rows[DB], db_size)  # the same moment, near enough
        (small,), = admin("SELECT pg_total_relation_size('small')")
        assert rows["public.small"]["total_bytes"] == small and "public.orders" not in rows
        assert "growth over the window is not measured" in before.message.en and "compare with earlier reports" in before.message.en
        record(s, "healthy", "OK", "growth over the window is not measured", "one 1,000-row table, no size limit set")

        admin("CREATE TABLE orders (id int PRIMARY KEY, note text)")
        admin("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 100000) g")  # ~10 MB with its index
        admin("VACUUM orders")  # records its pages: how the check ranks the tables it measures
        after = run(s, CODE)
        rows = by_object(after)
        (orders, heap, idx), = admin("SELECT pg_total_relation_size('orders'), pg_table_size('orders'), "
                                     "pg_indexes_size('orders')")
        assert rows["public.orders"]["total_bytes"] == orders and orders == heap + idx
        assert rows["public.orders"]["table_bytes"] == heap and rows["public.orders"]["index_bytes"] == idx
        assert after.evidence[1]["object"] == "public.orders"  # the largest table first, after the database row
        assert after.outcome is Outcome.OK and "largest public.orders" in after.message.en, after.message.en
        assert after.message.en.startswith(f"Database {DB} is ")

        limited = run(s, CODE, FIVE_MB)
        assert limited.outcome is Outcome.WARNING and [(o.key, o.outcome) for o in limited.objects] == [
            ("table.public.orders", Outcome.WARNING)], limited.message.en
        assert limited.message.en.startswith("1 table(s) over 5.00 MB; largest public.orders "), limited.message.en
        record(s, "table-over-limit", "WARNING", "1 table(s) over", "orders (100,000 rows, ~10 MB) against a 5 MB "
               "table_size_gb set for the scenario", thresholds=FIVE_MB)

        db_limit = run(s, CODE, {"database_size_gb": {"warning": 0.001, "critical": None}})
        assert db_limit.outcome is Outcome.WARNING and db_limit.objects[0].key == f"database.{DB}"


@pytest.mark.parametrize("version", ["15", "18"])
def test_a_partitioned_table_is_measured_as_one(request, version):
    """Review item 13: 12 monthly partitions of ~1 MB each never reached a 5 MB table limit alone; the
    partitioned table is now a row of its own, the sum of its partitions, ranked first and rated; the
    message no longer points at an internal issue number."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE TABLE hist (id int, at date, v text) PARTITION BY RANGE (at)",
               "DO $$ BEGIN FOR m IN 1..12 LOOP EXECUTE format('CREATE TABLE hist_%s PARTITION OF hist FOR VALUES "
               "FROM (%L) TO (%L)', m, make_date(2024, m, 1), make_date(2024, m, 1) + interval '1 month'); END LOOP; END $$",
               "INSERT INTO hist SELECT g, date '2024-01-01' + (g % 366), md5(g::text) FROM generate_series(1, 120000) g",
               "CREATE INDEX ON hist (at)", "VACUUM ANALYZE hist")
        f = db.check(CODE, FIVE_MB)
        rows = by_object(f)
        whole = rows.get("public.hist")
        assert whole is not None, f.evidence
        parts = db.scalar("SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('hist') WHERE isleaf")
        live = db.scalar("SELECT sum(pg_stat_get_live_tuples(relid)) FROM pg_partition_tree('hist') WHERE isleaf")
        assert whole["total_bytes"] == parts and whole["partitions"] == 12 and whole["live_rows"] == live, whole
        assert all((r["total_bytes"] or 0) < 5 * 2**20 for o, r in rows.items() if o.startswith("public.hist_"))
        assert f.outcome is Outcome.WARNING and [o.key for o in f.objects] == ["table.public.hist"], f.objects
        assert "issue" not in f.message.en and "issue" not in (f.message.zh or "")
        if version == "15":
            with db.session() as s:
                record(s, "partitioned", "WARNING", "table(s) over", "12 partitions of ~1 MB under a 5 MB limit, "
                       "their partitioned table over it", thresholds=FIVE_MB)
