"""OBJ022 live: duplicate and prefix-redundant indexes, planted beside look-alikes that are not.

PostgreSQL: a scratch database on the shared server. Redundant: an exact duplicate, a plain index
duplicating the primary key, a leading-column prefix, an index covered by one with INCLUDE columns,
a duplicate expression index, a duplicate partitioned index (its partitions' indexes not listed
again), a unique index duplicating a UNIQUE constraint. Not redundant: another operator class, a
partial index, DESC, a unique index that is only a prefix, the constraint an FK references.
MariaDB: the shared server (instance scope: every schema at once; assertions name the planted one):
a duplicate, a prefix, a duplicate of the PRIMARY KEY and of a UNIQUE key, beside a column prefix
c(10) vs c and a FULLTEXT index on c that are not; a DESC index counts as its ASC twin there, as in
sys.schema_redundant_indexes.
"""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.objects_live import my_scratch, object_outcomes, pg_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ022"


@pytest.fixture(scope="module")
def pg(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text, d int, e int)",
              "INSERT INTO t SELECT g, g, g, 'x' || g, g, g FROM generate_series(1, 5000) g",
              "CREATE INDEX t_c ON t (c)", "CREATE INDEX t_c_pattern ON t (c text_pattern_ops)",
              "CREATE INDEX t_b_positive ON t (b) WHERE b > 0", "CREATE INDEX t_b ON t (b)",
              "CREATE INDEX t_e_desc ON t (e DESC, d)", "CREATE UNIQUE INDEX t_e_uq ON t (e)",
              "CREATE INDEX t_ed ON t (e, d)",
              "ALTER TABLE t ADD CONSTRAINT t_d_key UNIQUE (d)",
              "CREATE TABLE child (id int PRIMARY KEY, d int REFERENCES t (d))",
              "CREATE TABLE pt (id int, a int) PARTITION BY RANGE (id)",
              "CREATE TABLE pt_1 PARTITION OF pt FOR VALUES FROM (0) TO (1000)",
              "CREATE INDEX pt_a ON pt (a)")
        yield s


def test_pg_redundant_indexes(pg):
    before = pg.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == pg.name, before.evidence
    record(CODE, pg.session(), "healthy", "OK", "No duplicate or redundant index")

    pg.sql("CREATE INDEX t_a ON t (a)", "CREATE INDEX t_a_again ON t (a)", "CREATE INDEX t_ab ON t (a, b)",
           "CREATE INDEX t_id ON t (id)", "CREATE INDEX t_b_incl ON t (b) INCLUDE (c)",
           "CREATE INDEX t_lower ON t (lower(c))", "CREATE INDEX t_lower_2 ON t (lower(c))",
           "CREATE UNIQUE INDEX t_d_uq ON t (d)", "CREATE INDEX pt_a_again ON pt (a)",
           "ALTER TABLE t ADD CONSTRAINT t_d_key2 UNIQUE (d)")
    after = pg.check(CODE)
    got = {r["index_name"]: (r["kind"], r["dominant_index"]) for r in after.evidence}
    assert got == {
        "t_a": ("prefix", "t_ab"),                 # (a) leads (a, b)
        "t_a_again": ("duplicate", "t_a"),
        "t_id": ("duplicate", "t_pkey"),           # a plain index duplicating the primary key
        "t_b": ("prefix", "t_b_incl"),             # the same key, the other adds INCLUDE (c)
        "t_lower_2": ("duplicate", "t_lower"),     # expressions compared as text, not node trees
        "t_d_uq": ("duplicate", "t_d_key"),        # keep the constraint's index
        "t_d_key2": ("duplicate", "t_d_key"),      # two UNIQUE constraints: the later name goes, with its constraint
        "pt_a_again": ("duplicate", "pt_a"),       # the partitioned index, once
    }, got
    assert {r["index_name"]: r["constraint_name"] for r in after.evidence if r["constraint_name"]} == {"t_d_key2": "t_d_key2"}
    assert after.outcome is Outcome.WARNING and after.evidence_total == 8
    assert object_outcomes(after)["public.t.t_a_again"] == "WARNING"
    assert "redundant index(es)" in after.message.en and "冗余" in after.message.zh
    row = next(r for r in after.evidence if r["index_name"] == "t_a")
    assert row["definition"] == "CREATE INDEX t_a ON public.t USING btree (a)" and row["size_bytes"] > 0
    record(CODE, pg.session(), "redundant", "WARNING", "redundant index(es)")
    pg.sql("DROP INDEX t_a, t_a_again, t_id, t_b, t_lower_2, t_d_uq, pt_a_again", "ALTER TABLE t DROP CONSTRAINT t_d_key2")
    assert pg.check(CODE).evidence == []


@pytest.fixture(scope="module")
def maria(my_monitor_user):
    with my_scratch(CODE) as s:
        s.sql("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c varchar(100), d int, "
              "KEY c10 (c(10)), KEY c_full (c), KEY a_desc (a DESC), UNIQUE KEY d_uq (d), FULLTEXT KEY c_ft (c)) "
              "ENGINE=InnoDB",
              "INSERT INTO t SELECT seq, seq, seq, MD5(seq), seq FROM seq_1_to_20000")
        yield s


def mine(finding, schema):
    return {r["index_name"]: (r["kind"], r["dominant_index"]) for r in finding.evidence if r["schema_name"] == schema}


def test_mariadb_redundant_indexes(maria, my_session):
    from tests.live import run

    assert mine(run(my_session, CODE), maria.name) == {}
    maria.sql("CREATE INDEX a_plain ON t (a)", "CREATE INDEX a_again ON t (a)", "CREATE INDEX a_b ON t (a, b)",
              "CREATE INDEX id_plain ON t (id)", "CREATE INDEX d_plain ON t (d)",
              "ANALYZE TABLE t")  # sizes from fresh statistics: they sort before the shared server's empty tables
    f = run(my_session, CODE)
    # of two duplicates the later name is the redundant one (sys.schema_redundant_indexes' rule); like
    # sys, MariaDB's SQL does not tell a DESC column from an ASC one (reading COLLATION opens every table)
    assert mine(f, maria.name) == {"a_plain": ("duplicate", "a_again"), "a_again": ("prefix", "a_b"),
                                   "a_desc": ("duplicate", "a_again"),
                                   "id_plain": ("duplicate", "PRIMARY"), "d_plain": ("duplicate", "d_uq")}, f.evidence
    assert f.outcome is Outcome.WARNING and f.database is None
    assert object_outcomes(f)[f"{maria.name}.t.a_again"] == "WARNING"
    row = next(r for r in f.evidence if r["schema_name"] == maria.name and r["index_name"] == "a_again")
    assert row["definition"] == "a" and row["dominant_definition"] == "a, b" and row["size_bytes"] >= 16384
    record(CODE, my_session, "redundant", "WARNING", "redundant index(es)", keep=lambda r: r["schema_name"] == maria.name)
    maria.sql("DROP INDEX a_plain ON t", "DROP INDEX a_again ON t", "DROP INDEX id_plain ON t", "DROP INDEX d_plain ON t",
              "DROP INDEX a_b ON t")
    healthy = run(my_session, CODE)
    assert mine(healthy, maria.name) == {}
    record(CODE, my_session, "healthy", "OK", "No duplicate or redundant index",
           keep=lambda r: r["schema_name"] == maria.name)


def test_mariadb_an_ignored_index_is_never_the_one_kept(maria, my_session):
    """MariaDB 10.6+ IGNORED (MySQL 8 INVISIBLE): the optimizer does not use the index, so one it
    duplicates or leads is not redundant — the review's case: ia (a) with iab (a, b) IGNORED was
    reported "covered by iab", and dropping ia would have left the queries with no index on a. An
    ignored index covered by a visible one is itself the drop candidate; a UNIQUE one is not."""
    from tests.live import run

    maria.sql("CREATE TABLE g1 (id int PRIMARY KEY, a int, b int, c varchar(50), KEY ia (a), KEY iab (a, b) IGNORED, "
              "FULLTEXT KEY ft (c)) ENGINE=InnoDB",
              "CREATE TABLE g2 (id int PRIMARY KEY, a int, b int, c int, KEY ia (a), KEY iab (a, b) IGNORED, "
              "KEY iabc (a, b, c)) ENGINE=InnoDB",
              "CREATE TABLE g3 (id int PRIMARY KEY, a int, b int, KEY ia (a) IGNORED, KEY iab (a, b)) ENGINE=InnoDB",
              "CREATE TABLE g4 (id int PRIMARY KEY, a int, UNIQUE KEY ua (a) IGNORED, KEY ia (a)) ENGINE=InnoDB",
              "CREATE TABLE g5 (id int PRIMARY KEY, a int, KEY ia1 (a) IGNORED, KEY ia2 (a)) ENGINE=InnoDB")
    try:
        assert my_session.version >= (10, 6)
        f = run(my_session, CODE)
        got = {(r["table_name"], r["index_name"]): (r["kind"], r["dominant_index"], r["ignored"])
               for r in f.evidence if r["schema_name"] == maria.name and r["table_name"].startswith("g")}
        assert got == {
            ("g2", "ia"): ("prefix", "iabc", 0),     # skips the ignored (a, b) to the visible (a, b, c)
            ("g2", "iab"): ("prefix", "iabc", 1),    # ignored and covered: the drop candidate
            ("g3", "ia"): ("prefix", "iab", 1),
            ("g5", "ia1"): ("duplicate", "ia2", 1),  # the visible twin is kept, though ia1 sorts first
        }, got  # g1.ia (covered only by an ignored index) and g4 (an ignored UNIQUE key) are not reported
        row = next(r for r in f.evidence if r["schema_name"] == maria.name and (r["table_name"], r["index_name"]) == ("g2", "ia"))
        assert row["dominant_definition"] == "a, b, c"
    finally:
        maria.sql("DROP TABLE g1, g2, g3, g4, g5")


def test_mariadb_sql_variants_differ_only_in_reading_ignored():
    """mariadb.sql serves 10.3-10.5 (no IGNORED column: no ignored index exists there),
    mariadb@10.6.sql the rest; a change to one must be made to the other."""
    from tests.live import REG

    check = REG.get(CODE)
    old, new = check.sql_for("mariadb", (10, 5, 99)), check.sql_for("mariadb", (10, 6, 0))
    assert (old.path.name, new.path.name) == ("mariadb.sql", "mariadb@10.6.sql")
    changed = [(a, b) for a, b in zip(old.text.splitlines(), new.text.splitlines()) if a != b]
    assert len(old.text.splitlines()) == len(new.text.splitlines()) and len(changed) == 1, changed
    assert "0 AS ignored" in changed[0][0] and "MAX(IGNORED = 'YES') AS ignored" in changed[0][1]


@pytest.mark.parametrize("version", ["15", "18"])
def test_pg_nulls_not_distinct_deferrable_and_partitioned(request, version):
    """Review item 8: a UNIQUE NULLS NOT DISTINCT index was called a duplicate of a plain unique one — its
    advice dropped the stricter rule (NULL duplicates then go in, shown); now the plain one is the
    redundant one. An immediate unique index is not redundant beside a DEFERRABLE one. A partitioned
    duplicate is sized by its partitions' indexes and dropped without CONCURRENTLY (which it refuses)."""
    from tests.objects_live import pg_version_scratch

    with pg_version_scratch(request, CODE, version) as db:
        db.sql("CREATE TABLE u (a int)", "CREATE UNIQUE INDEX u_a ON u (a)",
               "CREATE UNIQUE INDEX u_a_nnd ON u (a) NULLS NOT DISTINCT",
               "CREATE TABLE dfr (a int)", "CREATE UNIQUE INDEX dfr_imm ON dfr (a)",
               "ALTER TABLE dfr ADD CONSTRAINT dfr_def UNIQUE (a) DEFERRABLE",
               "CREATE TABLE meas (id int, ts date) PARTITION BY RANGE (ts)",
               "CREATE TABLE meas_1 PARTITION OF meas FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
               "INSERT INTO meas SELECT g, '2024-06-01' FROM generate_series(1, 5000) g",
               "CREATE INDEX meas_ts ON meas (ts)", "CREATE INDEX meas_ts_again ON meas (ts)")
        f = db.check(CODE)
        got = {r["index_name"]: (r["dominant_index"], r.get("partitioned")) for r in f.evidence}
        assert got == {"u_a": ("u_a_nnd", False), "meas_ts_again": ("meas_ts", True)}, got
        row = next(r for r in f.evidence if r["index_name"] == "meas_ts_again")
        assert row["size_bytes"] == db.scalar("SELECT pg_relation_size('meas_1_ts_idx1')") > 0
        assert " kB in all" in f.message.en or " bytes in all" in f.message.en  # pretty, not raw bytes
        if version == "15":
            record(CODE, db.session(), "nulls-not-distinct", "WARNING", "redundant index(es)")
        with pytest.raises(Exception, match="concurrently"):
            db.sql("DROP INDEX CONCURRENTLY meas_ts_again")
        db.sql("SET lock_timeout = '5s'", "DROP INDEX meas_ts_again", "DROP INDEX u_a")  # the remediation's way
        db.sql("INSERT INTO u VALUES (NULL)")
        with pytest.raises(Exception, match="duplicate key"):
            db.sql("INSERT INTO u VALUES (NULL)")  # the stricter rule kept
