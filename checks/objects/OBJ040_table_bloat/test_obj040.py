"""OBJ040 live, in a scratch database on the shared PostgreSQL, as a user holding exactly the declared
pg_read_all_data: a 160,000-row table is estimated tight when freshly loaded, then ~80 % bloated once
four rows in five are deleted and vacuumed (the pages stay, every page keeps live rows) — checked
against pgstattuple's measured free space, before and after. A small bloated table stays under the
size floor; a table under row-level security is reported hidden, never estimated from nothing; a user
without pg_read_all_data is SKIPPED.

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
from tests.live import REG, declared_grants, run

pytestmark = pytest.mark.timeout(120)

CODE = "OBJ040"
TOKEN = secrets.token_hex(3)
DB = f"dbp_obj040_{TOKEN}"
MON = f"dbp_obj040_mon_{TOKEN}"
BARE = f"dbp_obj040_bare_{TOKEN}"
ADMIN = "host=127.0.0.1 port=5432 user=postgres"


def admin(sql: str, db: str = DB):
    with psycopg.connect(f"{ADMIN} dbname={db}", autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


@pytest.fixture(scope="module")
def scratch():
    admin(f"CREATE DATABASE {DB}", "postgres")
    admin(f"CREATE ROLE {MON} LOGIN")
    admin(f"CREATE ROLE {BARE} LOGIN IN ROLE pg_monitor")
    for stmt in declared_grants(CODE, MON):
        admin(stmt)
    admin(f"GRANT pg_read_all_data TO {MON}")  # opted in: the statistics of every table (declared: LOGIN only)
    admin("CREATE EXTENSION pgstattuple")
    admin("CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL, note text, amount numeric(12,2), "
          "created timestamptz NOT NULL DEFAULT now())")
    admin("INSERT INTO orders SELECT g, g % 1000, CASE WHEN g % 3 = 0 THEN NULL ELSE md5(g::text) END, g / 7.0, now() "
          "FROM generate_series(1, 160000) g")
    admin("CREATE TABLE tiny (id int, v text)")  # ~200 kB: under the 10 MB floor, however bloated
    admin("INSERT INTO tiny SELECT g, md5(g::text) FROM generate_series(1, 3000) g")
    admin("DELETE FROM tiny WHERE id % 10 <> 0")
    admin("VACUUM ANALYZE orders")
    admin("VACUUM ANALYZE tiny")
    yield
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    admin(f"DROP ROLE IF EXISTS {MON}", "postgres")
    admin(f"DROP ROLE IF EXISTS {BARE}", "postgres")


def session(user: str = MON):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, DB, user))


def row(finding, table: str) -> dict:
    return next(r for r in finding.evidence if r["table_name"] == table)


def measured_free_pct(table: str) -> float:
    """pgstattuple's exact free + dead share of the table (superuser), the estimate's ground truth."""
    (pct,), = admin(f"SELECT (s).free_percent + (s).dead_tuple_percent FROM (SELECT pgstattuple('{table}') s) x")
    return float(pct)


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
    doc["note"] = f"recorded by test_obj040.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()}: {note}"
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_bloat_estimated_before_and_after_deleting_four_rows_in_five(scratch):
    with session() as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK, before.message.en
        assert before.database == DB
        fresh = row(before, "orders")
        assert fresh["stats_status"] == "estimated" and fresh["live_rows"] == 160000
        assert fresh["bloat_pct"] < 8, fresh  # alignment padding only
        assert abs(fresh["bloat_pct"] - measured_free_pct("orders")) < 8
        (heap,), = admin("SELECT pg_relation_size('orders') + pg_relation_size(reltoastrelid) FROM pg_class "
                         "WHERE relname = 'orders'")
        assert fresh["size_bytes"] == heap  # relpages as of the VACUUM, heap + TOAST
        assert "No table of 10 MB or more is estimated over 40% bloated" in before.message.en
        record(s, "healthy", "OK", "No table of 10 MB or more", "orders freshly loaded (160,000 rows) and vacuumed")

        admin("DELETE FROM orders WHERE id % 5 <> 0")
        admin("VACUUM ANALYZE orders")
        after = run(s, CODE)
        bloated = row(after, "orders")
        truth = measured_free_pct("orders")
        assert bloated["live_rows"] == 32000 and bloated["size_bytes"] == fresh["size_bytes"]  # the pages stayed
        assert 75 <= bloated["bloat_pct"] < 90 and abs(bloated["bloat_pct"] - truth) < 10, (bloated, truth)
        assert bloated["bloat_bytes"] == bloated["size_bytes"] - bloated["expected_bytes"]
        assert after.outcome is Outcome.WARNING, after.message.en
        assert [(o.key, o.outcome) for o in after.objects] == [("public.orders", Outcome.WARNING)]
        assert after.message.en.startswith("1 table(s) of 10 MB or more estimated over 40% bloated; worst public.orders: "
                                           f"{bloated['bloat_pct']}% of "), after.message.en
        assert "public.orders" in after.message.zh and "膨胀" in after.message.zh
        record(s, "bloated", "WARNING", "worst public.orders", "four rows in five of orders deleted, then VACUUM ANALYZE")

        critical = run(s, CODE, {"bloat_pct": {"warning": 40, "critical": 75}})
        assert critical.outcome is Outcome.CRITICAL


def test_small_tables_under_the_floor_and_hidden_tables_are_not_rated(scratch):
    admin("CREATE TABLE guarded (id int, v text)")
    admin("INSERT INTO guarded SELECT g, md5(g::text) FROM generate_series(1, 1000) g")
    admin("ALTER TABLE guarded ENABLE ROW LEVEL SECURITY")  # no policy: rows and statistics hidden from MON
    admin("ANALYZE guarded")
    with session() as s:
        f = run(s, CODE)
        rows = {r["table_name"]: r for r in s.run(REG.get(CODE).sql_for("postgresql", s.version).text, {})}
        assert rows["tiny"]["stats_status"] == "estimated" and rows["tiny"]["bloat_pct"] > 80, rows["tiny"]
        assert "public.tiny" not in {o.key for o in f.objects}  # ~200 kB: under the 10 MB floor
        floorless = run(s, CODE, {"min_size_mb": {"value": 0}})
        assert ("public.tiny", Outcome.WARNING) in [(o.key, o.outcome) for o in floorless.objects], floorless.message.en

        # row-level security hides the statistics (and rows) of guarded from this user: not estimated, said so
        assert rows["guarded"]["stats_status"] == "rls" and rows["guarded"]["bloat_pct"] is None
        assert rows["guarded"]["hidden"] == 1
        assert "1 under row-level security" in run(s, CODE).message.en  # orders is bloated: WARNING, gap named
        # nothing at fault among what it sees, one table hidden: not inspected, never OK, naming what it needs
        gap = run(s, CODE, {"min_size_mb": {"value": 1000}, "total_bloat_pct": {"warning": 99}})
        assert gap.outcome is Outcome.SKIPPED and gap.skip_reason == "privilege", gap.message.en
        assert "BYPASSRLS" in gap.message.en
    admin("DROP TABLE guarded")


def test_without_pg_read_all_data_it_is_skipped_not_estimated_from_nothing(scratch):
    """Review item 10: the check runs on LOGIN; seeing no table's statistics it is SKIPPED (privilege)
    naming why, never OK; given SELECT on one table, that one is estimated and the rest counted."""
    with session(BARE) as s:  # pg_monitor alone: pg_stats shows this user no column of these tables
        f = run(s, CODE)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
        assert f.message.en.startswith("Not inspected: the statistics of some tables are hidden"), f.message.en
        assert "the monitoring user may not SELECT" in f.message.en and "无 SELECT 权限" in f.message.zh
        rows = s.run(REG.get(CODE).sql_for("postgresql", s.version).text, {})
        assert {r["stats_status"] for r in rows} == {"no_select"}  # what the SQL alone sees
        admin(f"GRANT SELECT ON orders TO {BARE}")
        try:
            partial = run(s, CODE, {"min_size_mb": {"value": 1000}, "total_bloat_pct": {"warning": 99}})
            assert partial.outcome is Outcome.SKIPPED, partial.message.en  # nothing at fault seen, the rest hidden
            assert row(partial, "orders")["stats_status"] == "estimated"
            assert f"{len(rows) - 1} the monitoring user may not SELECT" in partial.message.en, partial.message.en
            found = run(s, CODE)  # orders is bloated: a problem in what it saw is reported, gap and all
            assert found.outcome is Outcome.WARNING and [o.key for o in found.objects] == ["public.orders"]
        finally:
            admin(f"REVOKE SELECT ON orders FROM {BARE}")


@pytest.mark.parametrize("version", ["15", "18"])
def test_a_login_user_on_15_and_18(request, version):
    """Review item 10 on both servers: LOGIN only and no SELECT — SKIPPED (privilege); SELECT on the table
    — estimated."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        user = f"dbp_obj040_v_{secrets.token_hex(2)}"
        db.sql(f"CREATE ROLE {user} LOGIN", "CREATE TABLE t (id int PRIMARY KEY, v text)",
               "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 5000) g", "VACUUM ANALYZE t")
        try:
            bare = db.check(CODE, user=user, password=None)
            assert bare.outcome is Outcome.SKIPPED and bare.skip_reason == "privilege", bare.message.en
            db.sql(f"GRANT SELECT ON t TO {user}")
            seen = db.check(CODE, user=user, password=None)
            assert seen.outcome is Outcome.OK and "1 of 1 table(s) estimated" in seen.message.en, seen.message.en
            db.sql("CREATE TABLE t2 (id int)", "ANALYZE t2")  # one more, not granted: a gap, never OK
            gap = db.check(CODE, user=user, password=None)
            assert gap.outcome is Outcome.SKIPPED and "1 of 2 table(s)" not in gap.message.en and \
                "1 the monitoring user may not SELECT" in gap.message.en, gap.message.en
        finally:
            db.sql(f"DROP OWNED BY {user}", f"DROP ROLE {user}")


def test_extension_members_are_left_out(request):
    """Nit 33: an extension's own table (and its indexes) is neither estimated nor counted (OBJ040, OBJ041)."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, "15") as db:
        db.sql("CREATE TABLE own (id int PRIMARY KEY)", "CREATE TABLE ext_t (id int PRIMARY KEY)",
               "ALTER EXTENSION plpgsql ADD TABLE ext_t", "ANALYZE")
        for code, name in (("OBJ040", "table_name"), ("OBJ041", "table_name")):
            with db.session() as s:
                rows = s.run(REG.get(code).sql_for("postgresql", s.version).text, {})
            assert "own" in {r[name] for r in rows} and "ext_t" not in {r[name] for r in rows}, (code, rows)
        db.sql("ALTER EXTENSION plpgsql DROP TABLE ext_t")
