"""OBJ024 live: tables without a primary key, before and after planting.

PostgreSQL (a scratch database on the shared server): a table without any key, one whose unique
NOT NULL index could become its key, a partitioned one (its partitions not listed again), a
temporary one (left out) and one published for UPDATE/DELETE — whose UPDATE really fails until it
gets a replica identity. MariaDB (the shared server, every schema at once; assertions name the
planted schema): no key, a unique key on a nullable column (still the hidden row id), a partitioned
table without a key; a unique key on NOT NULL columns is InnoDB's clustered key and not listed.
"""

from __future__ import annotations

import psycopg
import pytest

from dbpatrol.results import Outcome
from tests.live import REG, run
from tests.objects_live import PG_VERSIONS, my_scratch, object_outcomes, pg_scratch, pg_version_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ024"


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE TABLE keyed (id int PRIMARY KEY, v int)")
        yield s


def test_pg_tables_without_a_primary_key(pg):
    before = pg.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == pg.name
    record(CODE, pg.session(), "healthy", "OK", "Every table has a primary key")

    pg.sql("CREATE TABLE events (at timestamptz, what text)",
           "INSERT INTO events SELECT now(), 'x' FROM generate_series(1, 3000)",
           "CREATE TABLE codes (code text NOT NULL, label text)", "CREATE UNIQUE INDEX codes_code ON codes (code)",
           "CREATE TABLE log (id int, at date) PARTITION BY RANGE (at)",
           "CREATE TABLE log_2026 PARTITION OF log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={pg.name}", autocommit=True) as c:
        c.execute("CREATE TEMP TABLE scratch (x int)")  # a temporary table is nobody's schema
        f = pg.check(CODE)
    assert object_outcomes(f) == {"public.events": "WARNING", "public.codes": "WARNING", "public.log": "WARNING"}
    rows = {r["table_name"]: r for r in f.evidence}
    assert rows["codes"]["candidate_key"] == "codes_code" and rows["events"]["candidate_key"] is None
    assert rows["events"]["size_bytes"] > 8192 and rows["events"]["published"] is False
    assert f.outcome is Outcome.WARNING and f.message.en.startswith("3 table(s) without a primary key; e.g. public.events")
    # nit 29: never analysed is not "about -1 rows"; sizes pretty
    assert rows["events"]["est_rows"] is None and "(168 kB, never analysed, rows unknown)" in f.message.en, f.message.en
    assert "从未 ANALYZE" in f.message.zh
    record(CODE, pg.session(), "keyless", "WARNING", "without a primary key")

    pg.sql("CREATE PUBLICATION dbp_obj024_pub FOR TABLE events")
    try:
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={pg.name}", autocommit=True) as c, \
                pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="does not have a replica identity"):
            c.execute("UPDATE events SET what = 'y'")
        published = pg.check(CODE)
        assert published.outcome is Outcome.CRITICAL and published.evidence[0]["table_name"] == "events"
        assert published.message.en.startswith("Table public.events has no primary key and no replica identity")
        assert object_outcomes(published)["public.events"] == "CRITICAL" and "复制标识" in published.message.zh
        record(CODE, pg.session(), "published", "CRITICAL", "no replica identity")
        pg.sql("ALTER TABLE events REPLICA IDENTITY FULL")  # the stopgap the remediation names
        assert object_outcomes(pg.check(CODE))["public.events"] == "WARNING"
    finally:
        pg.sql("DROP PUBLICATION dbp_obj024_pub")
    pg.sql("ALTER TABLE codes ADD PRIMARY KEY USING INDEX codes_code", "DROP TABLE events, log")
    assert pg.check(CODE).evidence == []


@pytest.fixture(scope="module")
def maria(my_monitor_user):
    with my_scratch(CODE) as s:
        s.sql("CREATE TABLE keyed (id int PRIMARY KEY) ENGINE=InnoDB",
              "CREATE TABLE unique_not_null (code int NOT NULL, UNIQUE KEY (code)) ENGINE=InnoDB")
        yield s


def test_mariadb_innodb_tables_on_the_hidden_row_id(maria, my_session):
    def mine(f):
        return {r["table_name"]: r for r in f.evidence if r["schema_name"] == maria.name}

    assert mine(run(my_session, CODE)) == {}
    record(CODE, my_session, "healthy", "OK", "Every table has a primary key", keep=lambda r: r["schema_name"] == maria.name)
    maria.sql("CREATE TABLE events (at datetime, what varchar(20)) ENGINE=InnoDB",
              "INSERT INTO events SELECT NOW(), 'x' FROM seq_1_to_3000",
              "CREATE TABLE nullable_unique (code int, UNIQUE KEY (code)) ENGINE=InnoDB",
              "INSERT INTO nullable_unique SELECT seq FROM seq_1_to_3000",
              "CREATE TABLE log (id int, at date) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 3",
              "INSERT INTO log SELECT seq, '2026-01-01' FROM seq_1_to_3000",
              # sizes from fresh statistics: the planted tables sort before the shared server's empty ones
              "ANALYZE TABLE events, nullable_unique, log")
    f = run(my_session, CODE)
    rows = mine(f)
    assert set(rows) == {"events", "nullable_unique", "log"}, rows  # unique_not_null is InnoDB's clustered key
    assert rows["events"]["est_rows"] == 3000 and rows["events"]["size_bytes"] >= 16384
    assert f.outcome is Outcome.WARNING and f.database is None
    assert {k: v for k, v in object_outcomes(f).items() if k.startswith(maria.name)} == {
        f"{maria.name}.events": "WARNING", f"{maria.name}.nullable_unique": "WARNING", f"{maria.name}.log": "WARNING"}
    record(CODE, my_session, "keyless", "WARNING", "without a primary key", keep=lambda r: r["schema_name"] == maria.name)
    record(CODE, my_session, "galera", "CRITICAL", "on a Galera node", keep=lambda r: r["schema_name"] == maria.name,
           facts={"role": "primary", "galera": True},
           note="rows recorded from the shared MariaDB (not a Galera node) with the planted tables; the galera "
                "fact set by hand, as a Galera node's session would report it (wsrep_on)")
    # the remediation's MariaDB statement, as printed: LOCK=NONE is refused for an AUTO_INCREMENT column
    # (review should-fix 20), LOCK=SHARED works, and INVISIBLE keeps positional INSERTs and SELECT * as they were
    add_key = REG.get(CODE).spec.remediation.commands["mariadb"][1].split(";")[0].replace("<schema>.<table>", "events")
    with pytest.raises(Exception, match="1846"):
        maria.sql(add_key.replace("LOCK=SHARED", "LOCK=NONE"))
    maria.sql(add_key, "INSERT INTO events VALUES (NOW(), 'positional')", "DROP TABLE nullable_unique, log")
    assert maria.scalar("SELECT COUNT(*) FROM events WHERE what = 'positional'") == 1
    with maria.admin.connect() as c:
        assert list(c.exec_driver_sql("SELECT * FROM events LIMIT 1").keys()) == ["at", "what"]
    assert mine(run(my_session, CODE)) == {}


def test_group_replication_member_rates_keyless_tables_critical():
    """MySQL 8 Group Replication refuses writes to a table without a primary key (ERROR 3098), as Galera
    refuses DELETE: the group_replication fact (adapter: this member ONLINE in replication_group_members)
    makes them CRITICAL. No MySQL here: the judge on MariaDB-shaped rows with the fact set."""
    from checks.judges import JudgeContext

    spec = REG.get(CODE).spec
    row = {"schema_name": "app", "table_name": "events", "size_bytes": 16384, "est_rows": 10, "replica_identity": None,
           "published": None, "candidate_key": None, "total": 1}
    ctx = lambda facts: JudgeContext(engine="mysql", facts=facts, object_key=spec.object_key)  # noqa: E731
    assert spec.judge([row], {}, ctx({"group_replication": False})).outcome is Outcome.WARNING
    v = spec.judge([row], {}, ctx({"group_replication": True}))
    assert v.outcome is Outcome.CRITICAL and v.message == "group_replication"


def _plant_partitioned(db):
    db.sql("CREATE TABLE ev (id int NOT NULL, at date NOT NULL, what text) PARTITION BY RANGE (at)",
           "CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
           "CREATE TABLE ev_2 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
           "INSERT INTO ev SELECT g, date '2024-06-01' + (g % 400), 'x' FROM generate_series(1, 500) g",
           "ANALYZE ev")


@pytest.mark.parametrize("version", PG_VERSIONS)
def test_pg_a_partitioned_table_published_through_its_partitions(request, version):
    """Review item 4: with publish_via_partition_root false (the default) pg_publication_tables lists the
    partitions; a keyless partitioned table published so refuses UPDATE on its partitions and is
    CRITICAL, naming the partitions without a replica identity; the parent's REPLICA IDENTITY FULL does
    not clear it (it reaches no partition), each partition's does. est_rows is the partitions' sum."""
    with pg_version_scratch(request, CODE, version) as db:
        _plant_partitioned(db)
        plain = db.check(CODE)
        row = next(r for r in plain.evidence if r["table_name"] == "ev")
        assert (row["table_kind"], row["published"], row["est_rows"]) == ("p", False, 500), row
        assert plain.outcome is Outcome.WARNING and "about 500 rows" in plain.message.en
        dsn = f"host=127.0.0.1 port={db.port} user=postgres dbname={db.name}"
        db.sql("CREATE PUBLICATION dbp_obj024_ppub FOR TABLE ev")
        try:
            with psycopg.connect(dsn, autocommit=True) as c, pytest.raises(
                    psycopg.errors.ObjectNotInPrerequisiteState, match="ev_1.*does not have a replica identity"):
                c.execute("UPDATE ev SET what = 'y' WHERE at < '2025-01-01'")
            f = db.check(CODE)
            row = next(r for r in f.evidence if r["table_name"] == "ev")
            assert (row["published"], row["updates_refused"], row["blocked_partitions"], row["blocked_names"]) == (
                True, True, 2, "public.ev_1, public.ev_2"), row
            assert f.outcome is Outcome.CRITICAL and object_outcomes(f) == {"public.ev": "CRITICAL"}
            assert f.message.en.startswith("Partitioned table public.ev has no primary key and is published"), f.message.en
            assert "public.ev_1, public.ev_2" in f.message.en and "分区表" in f.message.zh
            if version == "15":
                record(CODE, db.session(), "published-partitioned", "CRITICAL", "published for UPDATE/DELETE through its partitions")

            db.sql("ALTER TABLE ev REPLICA IDENTITY FULL")  # the old stopgap: reaches no partition
            with psycopg.connect(dsn, autocommit=True) as c, pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
                c.execute("UPDATE ev SET what = 'y' WHERE at < '2025-01-01'")
            assert db.check(CODE).outcome is Outcome.CRITICAL
            # the stopgaps the remediation names, per partition: FULL on one, its own key on the other
            db.sql("ALTER TABLE ev_1 REPLICA IDENTITY FULL")
            with psycopg.connect(dsn, autocommit=True) as c:
                c.execute("UPDATE ev SET what = 'y' WHERE at < '2025-01-01'")
                one = db.check(CODE)
                assert [r["blocked_names"] for r in one.evidence if r["table_name"] == "ev"] == ["public.ev_2"]
                c.execute("CREATE UNIQUE INDEX CONCURRENTLY ev_2_id_at ON ev_2 (id, at)")
                c.execute("ALTER TABLE ev_2 ADD PRIMARY KEY USING INDEX ev_2_id_at")
                c.execute("UPDATE ev SET what = 'z'")
            healed = db.check(CODE)
            assert healed.outcome is Outcome.WARNING and object_outcomes(healed) == {"public.ev": "WARNING"}, healed.message.en
        finally:
            db.sql("DROP PUBLICATION IF EXISTS dbp_obj024_ppub")


@pytest.mark.parametrize("version", PG_VERSIONS)
def test_pg_candidate_key_only_what_add_primary_key_using_index_accepts(request, version):
    """Nit 29: a DESC unique index is no candidate (ADD PRIMARY KEY USING INDEX refuses 'does not have
    default sorting behavior'); nor, on 18, one on a column whose NOT NULL is NOT VALID (attnotnull is
    set, yet USING INDEX fails); nor a partitioned table's index (USING INDEX is refused there)."""
    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE TABLE good (a int NOT NULL)", "CREATE UNIQUE INDEX good_a ON good (a)",
               "CREATE TABLE descending (a int NOT NULL)", "CREATE UNIQUE INDEX descending_a ON descending (a DESC)",
               "CREATE TABLE pt (a int NOT NULL) PARTITION BY RANGE (a)", "CREATE UNIQUE INDEX pt_a ON pt (a)",
               "CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM (0) TO (10)")
        if version == "18":
            db.sql("CREATE TABLE nv (a int)", "CREATE UNIQUE INDEX nv_a ON nv (a)",
                   "ALTER TABLE nv ADD CONSTRAINT nv_a_nn NOT NULL a NOT VALID")
            assert db.scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'nv'::regclass AND attname = 'a'")
        keys = {r["table_name"]: r["candidate_key"] for r in db.check(CODE).evidence}
        expected = {"good": "good_a", "descending": None, "pt": None, **({"nv": None} if version == "18" else {})}
        assert keys == expected, keys
        if version == "18":
            record(CODE, db.session(), "pg18-candidates", "WARNING", "table(s) without a primary key",
                   note="recorded on a private PostgreSQL 18 by test_obj024.py (DBPATROL_RECORD_FIXTURES=1): a NOT NULL "
                        "NOT VALID column's unique index, a DESC one and a partitioned table's are no candidate key")
        with pytest.raises(Exception, match="default sorting behavior"):
            db.sql("ALTER TABLE descending ADD PRIMARY KEY USING INDEX descending_a")
        if version == "18":
            with pytest.raises(Exception, match="NOT VALID"):
                db.sql("ALTER TABLE nv ADD PRIMARY KEY USING INDEX nv_a")
        db.sql("ALTER TABLE good ADD PRIMARY KEY USING INDEX good_a")
