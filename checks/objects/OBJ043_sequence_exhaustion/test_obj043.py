"""OBJ043 live, in a scratch database on the shared PostgreSQL, as a user holding exactly the declared
privilege (LOGIN) plus SELECT on the schema's sequences, as the remediation grants it: sequences are planted fresh and then moved near their limits with setval() — an
integer sequence at 97.8 % of 2^31 - 1 (critical), a bigint sequence feeding an int4 primary key at
88.5 % of the column's limit though at 0.00002 % of its own (the 'integer out of range' case), an int4
identity column, a descending sequence, a cycling one with and without a key — each measured before
and after. A default bigint sequence feeding a bigint column is not read (no workload exhausts 2^63).
On a private cluster with a small lock table the check reads only the lock budget's worth of
sequences, those feeding keys first, and says so.

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

CODE = "OBJ043"
TOKEN = secrets.token_hex(3)
DB = f"dbp_obj043_{TOKEN}"
MON = f"dbp_obj043_mon_{TOKEN}"
ADMIN = "host=127.0.0.1 port=5432 user=postgres"


def admin(sql: str, db: str = DB):
    with psycopg.connect(f"{ADMIN} dbname={db}", autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


def grants(user: str) -> list[str]:
    """What the check declares (nothing beyond LOGIN) and SELECT on public's sequences, as the remediation says."""
    return [*declared_grants(CODE, user), f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {user}"]


@pytest.fixture(scope="module")
def scratch():
    admin(f"CREATE DATABASE {DB}", "postgres")
    admin(f"CREATE ROLE {MON} LOGIN")
    admin("CREATE SEQUENCE near_int AS integer")
    admin("CREATE SEQUENCE order_ids")  # bigint, feeding an int4 key through DEFAULT nextval()
    admin("CREATE TABLE orders (id int PRIMARY KEY DEFAULT nextval('order_ids'), note text)")
    admin("CREATE TABLE tickets (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)")
    admin("CREATE TABLE events (id bigserial PRIMARY KEY, note text)")  # bigint into bigint: cannot run out
    admin("CREATE SEQUENCE countdown INCREMENT -1 MINVALUE -100 MAXVALUE -1 START -1")
    admin("CREATE SEQUENCE ring MAXVALUE 100 CYCLE")  # wraps: fine unless it feeds a key
    admin("CREATE SEQUENCE slots MAXVALUE 100 CYCLE")
    admin("CREATE TABLE seats (id int PRIMARY KEY DEFAULT nextval('slots'))")
    admin("INSERT INTO tickets (note) VALUES ('first')")
    for stmt in grants(MON):
        admin(stmt)
    yield
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", "postgres")
    admin(f"DROP ROLE IF EXISTS {MON}", "postgres")


def session(port: int = 5432, db: str = DB, user: str = MON):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", port, db, user))


def rows_of(s) -> dict[str, dict]:
    return {r["sequence_name"]: {k: float(v) if hasattr(v, "as_tuple") else v for k, v in r.items()}
            for r in s.run(REG.get(CODE).sql_for("postgresql", s.version).text, {})}


def record(s, scenario: str, outcome: str, contains: str, note: str) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: the rows the check's SQL returns now, as fixtures/postgresql-<scenario>.yaml."""
    if os.environ.get("DBPATROL_RECORD_FIXTURES") != "1":
        return
    check = REG.get(CODE)
    variant = check.sql_for(s.flavor, s.version)
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": variant.path.name, "sql_sha256": sha256(variant.path),
           "rows": [{k: _plain(v) for k, v in r.items()} for r in s.run(variant.text, {})],
           "expect": {"outcome": outcome, "message_contains": contains},
           "note": f"recorded by test_obj043.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()}: {note}"}
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_sequences_measured_fresh_and_near_their_limits(scratch):
    with session() as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and before.database == DB, before.message.en
        fresh = rows_of(s)
        assert fresh["order_ids"]["limit_value"] == 2147483647 and fresh["order_ids"]["column_bound"] is True
        assert fresh["order_ids"]["fed_columns"] == "public.orders.id (integer)" and fresh["order_ids"]["feeds_key"]
        assert fresh["tickets_id_seq"]["last_value"] == 1 and fresh["tickets_id_seq"]["feeds_key"]
        assert fresh["events_id_seq"]["read_status"] == "wide_range" and fresh["events_id_seq"]["used_pct"] is None
        assert max(r["used_pct"] or 0 for r in fresh.values()) < 1
        record(s, "healthy", "OK", "No sequence past 85% of its range", "sequences just created")

        admin("SELECT setval('near_int', 2100000000)")
        admin("SELECT setval('order_ids', 1900000000)")
        admin("ALTER TABLE tickets ALTER COLUMN id RESTART WITH 1850000000")
        admin("INSERT INTO tickets (note) VALUES ('late')")
        admin("SELECT nextval('countdown') FROM generate_series(1, 90)")
        admin("SELECT setval('ring', 99)")
        admin("SELECT setval('slots', 99)")
        after = run(s, CODE)
        near = rows_of(s)
        assert near["near_int"]["used_pct"] == 97.79 and near["near_int"]["calls_left"] == 47483647
        assert near["order_ids"]["used_pct"] == 88.48 and near["order_ids"]["calls_left"] == 247483647
        assert near["tickets_id_seq"]["last_value"] == 1850000000 and near["tickets_id_seq"]["used_pct"] == 86.15
        assert near["countdown"]["last_value"] == -90 and near["countdown"]["used_pct"] == 89.9  # descending
        assert near["ring"]["used_pct"] == 98.99 and near["slots"]["feeds_key"] is True
        objects = {o.key: o.outcome for o in after.objects}
        assert objects == {"public.near_int": Outcome.CRITICAL, "public.slots": Outcome.CRITICAL,
                           "public.order_ids": Outcome.WARNING, "public.tickets_id_seq": Outcome.WARNING,
                           "public.countdown": Outcome.WARNING}, objects  # ring cycles into no key: not rated
        assert after.outcome is Outcome.CRITICAL
        worst = after.evidence[0]["sequence_name"]
        assert worst == "slots" and after.message.en.startswith("5 sequence(s) past 85% of their range; worst public.slots")
        assert "1 cycling sequence(s) feeding no key not rated" not in after.message.en
        record(s, "near-limit", "CRITICAL", "5 sequence(s) past 85% of their range",
               "setval() near the limits: integer at 97.8 %, bigint feeding an int4 key at 88.5 % of 2^31 - 1, "
               "identity restarted at 1,850,000,000, a descending and two cycling sequences")

        # the int4 key fed by a bigint sequence: named as the column's limit, not the sequence's
        admin("SELECT setval('near_int', 1)")
        admin("SELECT setval('slots', 1)")
        admin("SELECT setval('countdown', -1)")
        column = run(s, CODE)
        assert column.evidence[0]["sequence_name"] == "order_ids", column.evidence[0]
        assert column.message.en.startswith("2 sequence(s) past 85% of their range; worst public.order_ids (bigint) at "
                                            "88.5% of the integer column it feeds, public.orders.id (integer): last value "
                                            "1,900,000,000, the column holds at most 2,147,483,647"), column.message.en
        assert "integer out of range" in column.message.en and "integer out of range" in column.message.zh
        record(s, "int4-column", "WARNING", "of the integer column it feeds",
               "a bigint sequence feeding an int4 primary key set to 1,900,000,000")


def test_only_the_lock_budget_of_sequences_is_read(pg_clusters):
    """max_locks_per_transaction 10 × (max_connections 6 + 0) / 2 = 30 sequences read at most."""
    c = pg_clusters({"max_locks_per_transaction": "10", "max_connections": "6"})
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql("CREATE DATABASE seqs")
    c.sql("DO $$ BEGIN FOR i IN 1..40 LOOP EXECUTE 'CREATE SEQUENCE s' || i || ' AS integer'; END LOOP; END $$", "seqs")
    c.sql("CREATE TABLE keyed (id serial PRIMARY KEY)", "seqs")  # feeds a key: read first
    for stmt in grants(MON):
        c.sql(stmt, "seqs")
    c.sql("SELECT setval('keyed_id_seq', 2000000000)", "seqs")
    with session(c.port, "seqs") as s:
        rows = rows_of(s)
        assert len(rows) == 41 and {r["read_cap"] for r in rows.values()} == {30}
        assert sum(r["read_status"] == "read" for r in rows.values()) == 30
        assert sum(r["read_status"] == "over_cap" for r in rows.values()) == 11
        assert rows["keyed_id_seq"]["read_status"] == "read" and rows["keyed_id_seq"]["used_pct"] == 93.13
        f = run(s, CODE)
        assert f.outcome is Outcome.WARNING and [o.key for o in f.objects] == ["public.keyed_id_seq"], f.message.en
        c.sql("SELECT setval('keyed_id_seq', 1)", "seqs")
        partial = run(s, CODE)
        assert partial.outcome is Outcome.OK and partial.message.en.startswith(
            "No sequence read past 85% of its range, but only 30 of 41 were read"), partial.message.en
        record(s, "over-lock-budget", "OK", "but only 30 of 41 were read",
               "a private cluster with max_locks_per_transaction 10 and max_connections 6, 41 sequences")


@pytest.mark.parametrize("version", ["15", "18"])
def test_runs_as_a_login_user_and_never_says_ok_over_sequences_it_cannot_read(request, version):
    """Review item 3: OBJ043 declares nothing beyond LOGIN (no pg_read_all_data, which reads every
    table). A user holding nothing else is SKIPPED naming how many sequences it could not read and
    the grant that reads their positions only (never OK); given SELECT on one schema's sequences it
    rates those — an int4 sequence at 97.8 % is CRITICAL although another schema stays unreadable —
    and with SELECT on all of them it is OK again."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        user = f"dbp_obj043_bare_{secrets.token_hex(2)}"
        db.sql(f"CREATE ROLE {user} LOGIN", *declared_grants(CODE, user), "CREATE SCHEMA ledger",
               "CREATE TABLE ledger.entries (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
               "CREATE SEQUENCE public.near_int AS integer", "CREATE SEQUENCE public.spare AS integer")
        try:
            assert REG.get(CODE).spec.support("postgresql").privilege == "login"
            bare = db.check(CODE, user=user, password=None)
            assert bare.outcome is Outcome.SKIPPED and bare.skip_reason == "privilege", bare.message.en
            assert bare.message.en.startswith("Not inspected: the monitoring user may not read 3 of the 3 sequence(s)")
            assert "GRANT SELECT ON ALL SEQUENCES IN SCHEMA" in bare.message.en and "无权读取" in bare.message.zh
            assert {r["sequence_name"] for r in bare.evidence} == {"near_int", "spare", "entries_id_seq"}

            db.sql(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {user}")
            partial = db.check(CODE, user=user, password=None)
            assert partial.outcome is Outcome.SKIPPED and "may not read 1 of the 3" in partial.message.en, \
                partial.message.en
            db.sql("SELECT setval('public.near_int', 2100000000)")
            found = db.check(CODE, user=user, password=None)
            assert found.outcome is Outcome.CRITICAL and [o.key for o in found.objects] == ["public.near_int"], \
                found.message.en
            db.sql("SELECT setval('public.near_int', 1)", f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA ledger TO {user}")
            assert db.check(CODE, user=user, password=None).outcome is Outcome.OK
        finally:
            db.sql(f"DROP OWNED BY {user}", f"DROP ROLE {user}")
