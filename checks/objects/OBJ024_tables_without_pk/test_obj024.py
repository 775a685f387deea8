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
from tests.live import run
from tests.objects_live import my_scratch, object_outcomes, pg_scratch, record

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
    maria.sql("ALTER TABLE events ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST",
              "DROP TABLE nullable_unique, log")
    assert mine(run(my_session, CODE)) == {}
