"""OBJ023 live: foreign keys whose columns lead no index, in a scratch database on the shared
PostgreSQL, before and after planting, then healed with the remediation's CREATE INDEX CONCURRENTLY.

Planted: a large referencing table without an index on its FK, one whose only index has the FK
column second, one with only a partial index, a two-column FK covered by an index on the same
columns in the other order (supported), an FK with an index (supported), a small table without one
(under the 100-page floor) and a partitioned table whose FK each partition copies (one row).
"""

from __future__ import annotations

import psycopg
import pytest

from dbpatrol.results import Outcome
from tests.objects_live import object_outcomes, pg_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ023"


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE TABLE parent (id int PRIMARY KEY, k int NOT NULL, UNIQUE (id, k))",
              "INSERT INTO parent SELECT g, g FROM generate_series(1, 100) g")
        yield s


def big(s, table: str, extra: str = "") -> None:
    s.sql(f"CREATE TABLE {table} (id int PRIMARY KEY, parent_id int, x int, pk int{extra})",
          f"INSERT INTO {table} SELECT g, 1 + g % 100, g, 1 + g % 100 FROM generate_series(1, 30000) g")


def test_fks_without_an_index(pg):
    before = pg.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == pg.name
    record(CODE, pg.session(), "healthy", "OK", "has a supporting index")

    big(pg, "orders", ", CONSTRAINT orders_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)")
    big(pg, "second_col", ", CONSTRAINT second_col_fk FOREIGN KEY (parent_id) REFERENCES parent (id)")
    pg.sql("CREATE INDEX second_col_x_parent ON second_col (x, parent_id)")
    big(pg, "partial", ", CONSTRAINT partial_fk FOREIGN KEY (parent_id) REFERENCES parent (id)")
    pg.sql("CREATE INDEX partial_parent ON partial (parent_id) WHERE x > 0")
    big(pg, "two_cols", ", CONSTRAINT two_cols_fk FOREIGN KEY (parent_id, pk) REFERENCES parent (id, k)")
    pg.sql("CREATE INDEX two_cols_pk_parent ON two_cols (pk, parent_id, x)")
    big(pg, "indexed", ", CONSTRAINT indexed_fk FOREIGN KEY (parent_id) REFERENCES parent (id)")
    pg.sql("CREATE INDEX indexed_parent ON indexed (parent_id)",
           "CREATE TABLE small (id int PRIMARY KEY, parent_id int CONSTRAINT small_fk REFERENCES parent (id))",
           "CREATE TABLE pt (id int, parent_id int CONSTRAINT pt_fk REFERENCES parent (id)) PARTITION BY RANGE (id)",
           "CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM (0) TO (20000)",
           "CREATE TABLE pt_2 PARTITION OF pt FOR VALUES FROM (20000) TO (40000)",
           "INSERT INTO pt SELECT g, 1 + g % 100 FROM generate_series(1, 39999) g")
    after = pg.check(CODE)
    assert object_outcomes(after) == {f"public.{t}.{t}_fk" if t != "orders" else "public.orders.orders_parent_fk": "WARNING"
                                      for t in ("orders", "second_col", "partial", "pt")}, after.evidence
    pt = next(r for r in after.evidence if r["table_name"] == "pt")
    parts = pg.scalar("SELECT pg_relation_size('pt_1') + pg_relation_size('pt_2')")
    assert pt["table_bytes"] == parts > 100 * 8192  # a partitioned table's size is its partitions'
    assert pt["columns"] == "parent_id" and pt["referenced_table"] == "public.parent"
    assert after.outcome is Outcome.WARNING and after.evidence[0]["table_name"] == "pt"  # largest first
    assert after.message.en.startswith("4 foreign key(s) without a supporting index; e.g. public.pt.pt_fk (parent_id)")
    assert (pt["table_kind"], pt["missing_partitions"], pt["missing_names"]) == ("p", 2, "public.pt_1, public.pt_2")
    assert "partition(s) public.pt_1, public.pt_2 have no index on parent_id" in after.message.en
    assert "外键" in after.message.zh and after.evidence_total == 4
    record(CODE, pg.session(), "missing", "WARNING", "without a supporting index")

    everything = pg.check(CODE, {"min_table_pages": {"value": 0}})  # the small table too
    assert "public.small.small_fk" in object_outcomes(everything) and everything.evidence_total == 5

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={pg.name}", autocommit=True) as c:
        for t in ("orders", "second_col", "partial"):
            c.execute(f"CREATE INDEX CONCURRENTLY ON {t} (parent_id)")
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="concurrently"):
            c.execute("CREATE INDEX CONCURRENTLY ON pt (parent_id)")  # refused on a partitioned table
        # the remediation's way: ON ONLY the parent, then each partition concurrently, attached
        c.execute("CREATE INDEX pt_parent_idx ON ONLY pt (parent_id)")
        for part in ("pt_1", "pt_2"):
            c.execute(f"CREATE INDEX CONCURRENTLY {part}_parent_idx ON {part} (parent_id)")
            c.execute(f"ALTER INDEX pt_parent_idx ATTACH PARTITION {part}_parent_idx")
    healed = pg.check(CODE)
    assert healed.outcome is Outcome.OK and "(1 smaller tables' FKs have none)" in healed.message.en, healed.message.en


@pytest.mark.parametrize("version", ["15", "18"])
def test_partitions_each_indexed_support_the_fk_and_temp_tables_are_left_out(request, version):
    """Review item 9: a partitioned referencing table whose every partition has its own index on the FK
    column is supported (the RI check uses them: EXPLAIN shows the partition indexes), even with no
    index on the parent; a partition numbering its columns differently is matched by name. Nit 32:
    another session's temporary table is not listed."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE TABLE parent (id int PRIMARY KEY)", "INSERT INTO parent SELECT generate_series(1, 100)",
               "CREATE TABLE meas (id int, pid int CONSTRAINT meas_pid_fkey REFERENCES parent (id)) PARTITION BY RANGE (id)",
               "CREATE TABLE meas_2024 PARTITION OF meas FOR VALUES FROM (0) TO (20000)",
               "CREATE TABLE meas_2025 (junk int, pid int, id int)", "ALTER TABLE meas_2025 DROP COLUMN junk",
               "ALTER TABLE meas ATTACH PARTITION meas_2025 FOR VALUES FROM (20000) TO (40000)",
               "INSERT INTO meas SELECT g, 1 + g % 100 FROM generate_series(1, 39999) g",
               "CREATE INDEX ON meas_2024 (pid)")
        first = db.check(CODE)
        row = next(r for r in first.evidence if r["table_name"] == "meas")
        assert (row["missing_partitions"], row["missing_names"]) == (1, "public.meas_2025"), row
        db.sql("CREATE INDEX ON meas_2025 (pid)", "ANALYZE meas")
        plan = db.scalar("EXPLAIN (COSTS OFF) SELECT 1 FROM meas WHERE pid = 5")
        f = db.check(CODE)
        assert "public.meas.meas_pid_fkey" not in {o.key for o in f.objects}, (f.evidence, plan)
        dsn = f"host=127.0.0.1 port={db.port} user=postgres dbname={db.name}"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute("CREATE TEMP TABLE tparent (id int PRIMARY KEY)")  # a temp FK references a temp table
            c.execute("INSERT INTO tparent VALUES (1)")
            c.execute("CREATE TEMP TABLE scratch_t (id int, pid int REFERENCES tparent (id))")
            c.execute("INSERT INTO scratch_t SELECT g, 1 FROM generate_series(1, 30000) g")
            listed = db.check(CODE, {"min_table_pages": {"value": 0}})
            assert not [r for r in listed.evidence if r["table_name"] == "scratch_t"], listed.evidence
