"""OBJ041 live, in a scratch database on the shared PostgreSQL, as a user holding exactly the declared
pg_read_all_data: B-tree indexes on a 250,000-row table are estimated tight when just built, then ~80 %
bloated once four rows in five are deleted and vacuumed (every leaf page keeps live entries), checked
against pgstatindex's measured leaf density before and after, and tight again after REINDEX. An index
under the 10 MB floor is not rated; an expression index is estimated from its own statistics; an index
on a `name` column is reported unestimated.

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

CODE = "OBJ041"
TOKEN = secrets.token_hex(3)
DB = f"dbp_obj041_{TOKEN}"
MON = f"dbp_obj041_mon_{TOKEN}"
BARE = f"dbp_obj041_bare_{TOKEN}"
ADMIN = "host=127.0.0.1 port=5432 user=postgres"


def admin(sql: str, db: str = DB):
    with psycopg.connect(f"{ADMIN} dbname={db}", autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None



def session(user: str = MON):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, DB, user))



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
    doc["note"] = f"recorded by test_obj041.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()}: {note}"
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")



@pytest.fixture(scope="module")
def scratch():
    admin(f"CREATE DATABASE {DB}", "postgres")
    admin(f"CREATE ROLE {MON} LOGIN")
    admin(f"CREATE ROLE {BARE} LOGIN IN ROLE pg_monitor")
    for stmt in declared_grants(CODE, MON):
        admin(stmt)
    admin(f"GRANT pg_read_all_data TO {MON}")  # opted in: the statistics of every table (declared: LOGIN only)
    admin("CREATE EXTENSION pgstattuple")
    admin("CREATE TABLE items (id int PRIMARY KEY, code text NOT NULL, sku text, label name)")
    admin("INSERT INTO items SELECT g, md5(g::text), 'SKU-' || g, ('L' || g % 100)::name FROM generate_series(1, 250000) g")
    admin("CREATE INDEX items_code ON items (code)")            # ~16 MB: over the 10 MB floor
    admin("CREATE INDEX items_lower_sku ON items (lower(sku))")  # an expression: the index's own statistics
    admin("CREATE INDEX items_label ON items (label)")           # a name column: not estimable
    admin("VACUUM ANALYZE items")
    yield
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    admin(f"DROP ROLE IF EXISTS {MON}", "postgres")
    admin(f"DROP ROLE IF EXISTS {BARE}", "postgres")


def row(finding_or_rows, index: str) -> dict:
    rows = finding_or_rows if isinstance(finding_or_rows, list) else finding_or_rows.evidence
    return next(r for r in rows if r["index_name"] == index)


def sql_rows(s) -> list[dict]:
    """The check's own rows, numbers as floats (the finding's evidence is JSON-ready; raw rows hold Decimals)."""
    return [{k: float(v) if hasattr(v, "as_tuple") else v for k, v in r.items()}
            for r in s.run(REG.get(CODE).sql_for("postgresql", s.version).text, {})]


def measured_bloat_pct(index: str) -> float:
    """pgstatindex's leaf density against the 90 % a B-tree fills its leaves to: the measured bloat."""
    (density,), = admin(f"SELECT avg_leaf_density FROM pgstatindex('{index}')")
    return 100 * (1 - float(density) / 90)


def test_bloat_estimated_before_after_deleting_and_after_reindex(scratch):
    with session() as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and before.database == DB, before.message.en
        rows = sql_rows(s)
        for name in ("items_pkey", "items_code", "items_lower_sku"):
            r = row(rows, name)
            assert r["stats_status"] == "estimated" and r["bloat_pct"] < 10, r
            assert abs(r["bloat_pct"] - max(measured_bloat_pct(name), 0)) < 10, (r, measured_bloat_pct(name))
        assert row(rows, "items_label")["stats_status"] == "name_type" and row(rows, "items_label")["bloat_pct"] is None
        (size,), = admin("SELECT pg_relation_size('items_code')")
        assert row(rows, "items_code")["size_bytes"] == size and size > 10 * 1024 * 1024
        record(s, "healthy", "OK", "No B-tree index of 10 MB or more", "indexes on items (250,000 rows) just built")

        admin("DELETE FROM items WHERE id % 5 <> 0")
        admin("VACUUM ANALYZE items")
        after = run(s, CODE)
        code = row(after, "items_code")
        assert code["entries"] == 50000 and code["size_bytes"] == size  # the leaf pages stayed
        truth = measured_bloat_pct("items_code")
        assert 70 <= code["bloat_pct"] < 90 and abs(code["bloat_pct"] - truth) < 10, (code, truth)
        assert after.outcome is Outcome.WARNING, after.message.en
        # items_pkey is as bloated but ~6.4 MB: under the 10 MB floor, so not rated by default
        assert [(o.key, o.outcome) for o in after.objects] == [("public.items_code", Outcome.WARNING)], after.objects
        assert after.message.en.startswith("1 B-tree index(es) of 10 MB or more estimated over 40% bloated; worst "
                                           f"public.items_code on items: {code['bloat_pct']}% of "), after.message.en
        assert "1 not estimated" in after.message.en and "public.items_code" in after.message.zh
        record(s, "bloated", "WARNING", "worst public.items_code", "four rows in five of items deleted, then VACUUM ANALYZE")

        floorless = run(s, CODE, {"min_size_mb": {"value": 1}})
        keys = {o.key for o in floorless.objects}
        assert {"public.items_code", "public.items_pkey", "public.items_lower_sku"} <= keys, floorless.message.en
        assert row(floorless, "items_pkey")["bloat_pct"] > 70

        admin("REINDEX INDEX items_code")
        admin("ANALYZE items")
        one_left = run(s, CODE)  # items_code tight again; the two smaller ones still hold most of the bloat
        assert row(sql_rows(s), "items_code")["bloat_pct"] < 10 and not one_left.objects
        assert one_left.outcome is Outcome.WARNING and one_left.message.en.startswith(
            "All estimated B-tree indexes together are "), one_left.message.en
        record(s, "total", "WARNING", "All estimated B-tree indexes together", "items_code rebuilt after the delete, "
               "items_pkey and items_lower_sku still bloated (each under the 10 MB floor)")
        admin("REINDEX TABLE items")
        admin("ANALYZE items")
        healed = run(s, CODE)
        assert healed.outcome is Outcome.OK, healed.message.en


def test_without_pg_read_all_data_it_is_skipped(scratch):
    """Review item 10: no pg_read_all_data is no longer a missing privilege (the check runs on LOGIN);
    with no table's statistics visible it is SKIPPED (privilege) naming why, never OK."""
    with session(BARE) as s:
        f = run(s, CODE)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
        assert f.message.en.startswith("Not inspected: the statistics of some tables are hidden"), f.message.en
        assert "4 on tables the monitoring user may not SELECT" in f.message.en, f.message.en
        assert {r["stats_status"] for r in sql_rows(s)} == {"no_select"}  # what the SQL alone sees


@pytest.mark.parametrize("version", ["15", "18"])
def test_dedup_partial_visibility_rls_and_partitioned_indexes(request, version):
    """Review items 10 and 11: a LOGIN user granted SELECT on one table gets it estimated and the others
    counted by reason (no SELECT; row-level security, naming BYPASSRLS); a deduplicated index of
    repeated keys (a date with 700 values in 50,000 rows: really a third of the modelled size) is not
    estimated rather than read as tight; a partitioned index (no storage) is not listed."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        user = f"dbp_obj041_v_{secrets.token_hex(2)}"
        db.sql(f"CREATE ROLE {user} LOGIN",
               "CREATE TABLE ev (id int PRIMARY KEY, d date, n numeric)",
               "INSERT INTO ev SELECT g, date '2024-01-01' + (g % 700), g % 700 FROM generate_series(1, 50000) g",
               "CREATE INDEX ev_d ON ev (d)", "CREATE INDEX ev_n ON ev (n)",
               "CREATE TABLE hidden_t (id int PRIMARY KEY)", "INSERT INTO hidden_t SELECT generate_series(1, 1000)",
               "CREATE TABLE rls_t (id int PRIMARY KEY)", "INSERT INTO rls_t SELECT generate_series(1, 1000)",
               "ALTER TABLE rls_t ENABLE ROW LEVEL SECURITY",
               "CREATE TABLE pt (id int, at date) PARTITION BY RANGE (at)", "CREATE INDEX pt_id ON pt (id)",
               "CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
               "ANALYZE", f"GRANT SELECT ON ev, rls_t TO {user}")
        try:
            with db.session(user, None) as s:
                rows = {r["index_name"]: r for r in sql_rows(s)}
                f = run(s, CODE)
            assert (rows["ev_d"]["stats_status"], rows["ev_n"]["stats_status"], rows["ev_pkey"]["stats_status"]) == (
                "dedup", "estimated", "estimated"), rows
            assert rows["hidden_t_pkey"]["stats_status"] == "no_select" and rows["rls_t_pkey"]["stats_status"] == "rls"
            assert "pt_id" not in rows and "pt_1_id_idx" in rows  # the partition's index, not the partitioned one
            (real,) = db.scalar("SELECT array[pg_relation_size('ev_d')]")
            assert real < 0.5 * rows["ev_n"]["size_bytes"], (real, rows["ev_n"])  # dedup: far smaller than modelled
            assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en  # a gap: never OK
            assert "2 on tables the monitoring user may not SELECT" in f.message.en  # hidden_t, pt_1
            assert "1 on tables under row-level security — that needs BYPASSRLS" in f.message.en
            assert "1 deduplicated" in f.message.en and "已去重" in f.message.zh
        finally:
            db.sql(f"DROP OWNED BY {user}", f"DROP ROLE {user}")
