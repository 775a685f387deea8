"""OBJ046 live, on a private primary as a login-only user (the declared privilege): an unlogged table and
sequence are listed but not rated while nothing copies this primary's WAL, then rated once a physical
slot waits for a standby, and still once a real streaming standby (pg_basebackup -R) is attached and the
slot is gone — where the table is indeed unreadable. A large object with no oid/lo column to reference
it is an orphan for certain; once a table with an oid column exists the check no longer claims it.

DBPATROL_RECORD_FIXTURES=1 re-records fixtures/ from these runs (the rows of the check's own SQL).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import sqlalchemy as sa
import yaml

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.fixture_files import _plain, sha256
from tests.live import REG, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "OBJ046"
DB = "dbp_obj046"
MON = "dbp_obj046_mon"
SLOT = "dbp_obj046_standby"


@pytest.fixture(scope="module")
def primary(pg_clusters):
    assert REG.get(CODE).spec.support("postgresql").privilege == "login"
    c = pg_clusters()
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql(f"CREATE DATABASE {DB}")
    return c


def session(c, db: str = DB):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, db, MON))


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
           "note": f"recorded by test_obj046.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()} from a private "
                   f"cluster: {note}"}
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_unlogged_objects_rated_once_wal_is_copied(primary, pg_clusters):
    with session(primary) as s:
        assert run(s, CODE).evidence == []
        primary.sql("CREATE UNLOGGED TABLE session_cache (id int PRIMARY KEY, v text)", DB)
        primary.sql("INSERT INTO session_cache SELECT g, md5(g::text) FROM generate_series(1, 1000) g", DB)
        primary.sql("CREATE UNLOGGED SEQUENCE cache_ids", DB)
        alone = run(s, CODE)
        assert alone.outcome is Outcome.OK and {r["object_name"] for r in alone.evidence} == {"session_cache", "cache_ids"}
        table = next(r for r in alone.evidence if r["object_name"] == "session_cache")
        size = primary.sql("SELECT pg_total_relation_size('session_cache')", DB)
        assert table["object_type"] == "table" and table["size_bytes"] == size and table["wal_copies"] == 0
        assert alone.message.en.startswith("2 unlogged relation(s) (rated only while this primary feeds WAL copies: 0 now)")
        record(s, "healthy", "OK", "rated only while this primary feeds WAL copies", "an unlogged table and sequence, no "
               "standby, no slot")

        primary.sql(f"SELECT pg_create_physical_replication_slot('{SLOT}')")  # a standby is expected
        slot = run(s, CODE)
        assert slot.outcome is Outcome.WARNING and slot.evidence[0]["wal_copies"] == 1, slot.message.en
        assert {o.key for o in slot.objects} == {"public.session_cache", "public.cache_ids"}
        assert slot.message.en.startswith("2 unlogged relation(s), e.g. public.session_cache (table, ")
        record(s, "unlogged-with-slot", "WARNING", "unlogged data is never written to WAL",
               "an unlogged table and sequence while an inactive physical slot waits for a standby")
        primary.sql(f"SELECT pg_drop_replication_slot('{SLOT}')")

        primary.sql("CHECKPOINT")  # nothing left for pg_basebackup's spread checkpoint to pace out
        standby = pg_clusters.track(primary.standby())  # pg_basebackup -R: streams without a slot
        wait_for(lambda: primary.sql("SELECT count(*) FROM pg_stat_replication"), 30, "the standby to stream")
        streamed = run(s, CODE)
        assert streamed.outcome is Outcome.WARNING and streamed.evidence[0]["wal_copies"] == 1, streamed.message.en
        eng = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{standby.port}/{DB}", poolclass=sa.NullPool)
        try:
            with eng.connect() as c, pytest.raises(sa.exc.DBAPIError, match="cannot access temporary or unlogged"):
                c.exec_driver_sql("SELECT count(*) FROM session_cache")  # what the check warns about
        finally:
            eng.dispose()
        with open_session(ConnectTarget("postgresql", "127.0.0.1", standby.port, DB, MON)) as on_standby:
            f = run(on_standby, CODE)
            assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", f.message.en
        standby.stop("immediate")
        primary.sql("DROP TABLE session_cache", DB)
        primary.sql("DROP SEQUENCE cache_ids", DB)


def test_large_objects_orphaned_only_when_nothing_can_reference_them(primary):
    with session(primary) as s:
        primary.sql("SELECT lo_from_bytea(0, 'statement 2026-11 for account 42'::bytea)", DB)
        primary.sql("SELECT lo_from_bytea(0, 'statement 2026-12 for account 42'::bytea)", DB)
        orphans = run(s, CODE)
        row = next(r for r in orphans.evidence if r["kind"] == "large_objects")
        assert row["large_objects"] == 2 and row["referencing_columns"] == 0
        assert orphans.outcome is Outcome.WARNING and [(o.key, o.outcome) for o in orphans.objects] == [
            ("pg_catalog.pg_largeobject", Outcome.WARNING)], orphans.message.en
        assert orphans.message.en.startswith("2 large object(s) (") and "orphaned for certain" in orphans.message.en
        record(s, "orphan-large-objects", "WARNING", "orphaned for certain", "two large objects, no oid/lo column")

        primary.sql("CREATE TABLE statements (account int, doc oid)", DB)  # a column that could reference them
        referenced = run(s, CODE)
        assert referenced.outcome is Outcome.OK, referenced.message.en
        assert "2 large object(s), 1 oid/lo column(s) that could reference them" in referenced.message.en


@pytest.mark.parametrize("version", ["15", "18"])
def test_wal_archiving_counts_as_a_copy_and_owned_sequences_are_not_counted_twice(pg_clusters, version):
    """Review item 12: a primary with archive_mode = on and no standby (PITR from base backups) feeds a WAL
    copy: its unlogged tables are rated; the identity sequence of an unlogged table (itself unlogged from
    15) is the table's, not counted again. Nit 27: the zh text names the type in Chinese."""
    from tests.servers import pg18_bin

    c = pg_clusters({"archive_mode": "on", "archive_command": "'/bin/true'", "wal_level": "replica"},
                    bin=pg18_bin() if version == "18" else "")
    c.sql(f"CREATE ROLE {MON} LOGIN")
    c.sql(f"CREATE DATABASE {DB}")
    c.sql("CREATE UNLOGGED TABLE cache (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)", DB)
    assert c.sql("SELECT relpersistence FROM pg_class WHERE relname = 'cache_id_seq'", DB) == "u"
    with session(c) as s:
        f = run(s, CODE)
        assert f.outcome is Outcome.WARNING, f.message.en
        assert [(r["object_name"], r["wal_copies"]) for r in f.evidence] == [("cache", 1)], f.evidence
        assert {o.key for o in f.objects} == {"public.cache"}
        assert f.message.en.startswith("1 unlogged relation(s), e.g. public.cache (table, "), f.message.en
        assert "（表，" in f.message.zh and "table" not in f.message.zh
        if version == "15":
            record(s, "archived", "WARNING", "unlogged data is never written to WAL",
                   "archive_mode = on, no standby: an unlogged table with an identity column")
