"""OBJ020 live: invalid indexes left by failed concurrent builds, in a scratch database on the shared
PostgreSQL, measured before and after planting; an index still being built concurrently is not one.

Planted: a CREATE UNIQUE INDEX CONCURRENTLY that fails on duplicates (an invalid unique index), a
CREATE INDEX CONCURRENTLY whose expression divides by zero half-way (an invalid plain index), and a
valid index beside them. Then a CREATE INDEX CONCURRENTLY and a REINDEX CONCURRENTLY held waiting
by an open writer: their indexes are invalid while they run, and must not be reported.
"""

from __future__ import annotations

import contextlib
import threading
import time

import psycopg
import pytest

from dbpatrol.results import Outcome
from tests.live import wait_for
from tests.objects_live import PG_VERSIONS, check_rows, object_outcomes, pg_scratch, pg_version_scratch, record

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ020"


@pytest.fixture(scope="module")
def db(pg_monitor_user):
    with pg_scratch(CODE) as s:
        s.sql("CREATE TABLE acct (id int PRIMARY KEY, email text, a int)",
              "INSERT INTO acct SELECT g, 'u' || (g % 500), g FROM generate_series(1, 2000) g",
              "CREATE INDEX acct_a_ok ON acct (a)")
        yield s


def dsn(db) -> str:
    return f"host=127.0.0.1 port={db.port} user=postgres dbname={db.name}"


def failing(db, statement: str) -> None:
    with psycopg.connect(dsn(db), autocommit=True) as c, pytest.raises(psycopg.Error):
        c.execute(statement)


def test_failed_concurrent_builds_are_reported_unique_first(db):
    before = db.check(CODE)
    assert before.outcome is Outcome.OK and before.evidence == [] and before.database == db.name, before.message.en
    record(CODE, db.session(), "healthy", "OK", "No invalid index")

    failing(db, "CREATE UNIQUE INDEX CONCURRENTLY acct_email_uq ON acct (email)")  # 4 rows per email
    failing(db, "CREATE INDEX CONCURRENTLY acct_ratio_ix ON acct ((1000 / (a - 1500)))")  # a = 1500 divides by zero
    failed = db.check(CODE)
    by_name = {r["index_name"]: r for r in failed.evidence}
    assert set(by_name) == {"acct_email_uq", "acct_ratio_ix"}, failed.evidence
    assert by_name["acct_email_uq"]["is_unique"] and not by_name["acct_email_uq"]["is_ready"]  # failed in its build
    assert by_name["acct_ratio_ix"]["table_name"] == "acct" and not by_name["acct_ratio_ix"]["is_unique"]
    assert failed.outcome is Outcome.WARNING and failed.message.en.startswith("2 invalid index(es); e.g. public.acct_")
    assert object_outcomes(failed) == {"public.acct_email_uq": "WARNING", "public.acct_ratio_ix": "WARNING"}
    record(CODE, db.session(), "failed-builds", "WARNING", "left by a failed concurrent build")

    # postgres-checkup's way to "disable" an index before dropping it: still maintained, never used
    db.sql("CREATE UNIQUE INDEX acct_id_a_uq ON acct (id, a)",
           "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'acct_id_a_uq'::regclass")
    after = db.check(CODE)
    assert after.outcome is Outcome.CRITICAL and after.message.en.startswith("Invalid UNIQUE index public.acct_id_a_uq")
    assert object_outcomes(after) == {"public.acct_id_a_uq": "CRITICAL", "public.acct_email_uq": "WARNING",
                                      "public.acct_ratio_ix": "WARNING"}
    assert after.evidence_total == 3 and "无效" in after.message.zh and after.evidence[0]["index_name"] == "acct_id_a_uq"
    record(CODE, db.session(), "invalid-unique", "CRITICAL", "Invalid UNIQUE index")

    db.sql("DROP INDEX acct_email_uq", "DROP INDEX acct_ratio_ix", "DROP INDEX acct_id_a_uq")
    assert db.check(CODE).evidence == []


@contextlib.contextmanager
def held_build(db, statement: str):
    """``statement`` (a concurrent build) waiting behind an open writer on acct; yields while it waits."""
    writer = psycopg.connect(dsn(db))
    writer.execute("UPDATE acct SET a = a WHERE id = 1")  # RowExclusiveLock held: the build waits for it
    errors: list[BaseException] = []

    def build():
        try:
            with psycopg.connect(dsn(db), autocommit=True) as c:
                c.execute(statement)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=build, daemon=True)
    t.start()
    try:
        with psycopg.connect(dsn(db), autocommit=True) as c:
            wait_for(lambda: c.execute("SELECT 1 FROM pg_stat_progress_create_index").fetchone(), 10, "the build to start")
        time.sleep(0.3)
        yield
    finally:
        writer.rollback()
        writer.close()
        t.join(20)
        assert not errors, errors


def test_an_index_being_built_concurrently_is_not_reported(db):
    with held_build(db, "CREATE INDEX CONCURRENTLY acct_email_ix ON acct (email)"):
        with db.session() as s:
            rows = {r["index_name"]: r for r in check_rows(s, CODE)}
        assert rows["acct_email_ix"]["building"] is True, rows
        f = db.check(CODE)
        assert f.outcome is Outcome.OK and "1 being built" in f.message.en, f.message.en
        assert not f.objects
    with held_build(db, "REINDEX INDEX CONCURRENTLY acct_email_ix"):
        with db.session() as s:
            rows = {r["index_name"]: r for r in check_rows(s, CODE)}
        assert rows["acct_email_ix_ccnew"]["building"] is True, rows
        assert db.check(CODE).outcome is Outcome.OK
    assert db.check(CODE).evidence == []  # both finished: valid


@pytest.mark.parametrize("version", PG_VERSIONS)
def test_a_partitioned_index_built_on_only_is_unfinished_not_failed(request, version):
    """Review item 1: CREATE INDEX … ON ONLY a partitioned table leaves a partitioned index (relkind I)
    invalid until every partition has one attached. It is reported as unfinished on the partitions
    that lack one (WARNING, also when UNIQUE: it has no storage and rejects nothing), and the
    remediation it names — CREATE INDEX CONCURRENTLY per partition, ATTACH PARTITION — makes it valid."""
    with pg_version_scratch(request, CODE, version) as db:
        _partitioned(db, version)


def _partitioned(db, version):
    db.sql("CREATE TABLE meas (id int, ts date, v int) PARTITION BY RANGE (ts)",
           "CREATE TABLE meas_2024 PARTITION OF meas FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
           "CREATE TABLE meas_2025 PARTITION OF meas FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
           "INSERT INTO meas SELECT g, date '2024-06-01' + (g % 400), g FROM generate_series(1, 1000) g",
           "CREATE INDEX meas_v_ix ON ONLY meas (v)",
           "CREATE UNIQUE INDEX meas_id_ts_uq ON ONLY meas (id, ts)")
    with psycopg.connect(dsn(db), autocommit=True) as c:
        c.execute("CREATE INDEX CONCURRENTLY meas_2024_v_ix ON meas_2024 (v)")
        c.execute("ALTER INDEX meas_v_ix ATTACH PARTITION meas_2024_v_ix")
    try:
        f = db.check(CODE)
        rows = {r["index_name"]: r for r in f.evidence}
        assert set(rows) == {"meas_v_ix", "meas_id_ts_uq"}, f.evidence
        assert (rows["meas_v_ix"]["index_kind"], rows["meas_v_ix"]["partitions"], rows["meas_v_ix"]["missing_partitions"],
                rows["meas_v_ix"]["missing_names"]) == ("I", 2, 1, "public.meas_2025")
        assert rows["meas_id_ts_uq"]["missing_names"] == "public.meas_2024, public.meas_2025"
        assert f.outcome is Outcome.WARNING, f.message.en  # not CRITICAL "unique … still maintained"
        assert object_outcomes(f) == {"public.meas_v_ix": "WARNING", "public.meas_id_ts_uq": "WARNING"}
        assert "partitioned index public.meas_" in f.message.en and "not yet attached on" in f.message.en
        assert "分区索引" in f.message.zh
        commands = " ".join(f.remediation.commands)
        assert "ATTACH PARTITION" in commands and "DROP INDEX CONCURRENTLY refuses a partitioned index" in f.remediation.text.en
        if version == "15":
            record(CODE, db.session(), "partitioned", "WARNING", "not yet attached on")

        # the remediation as the finding gives it: one partition at a time, without blocking writes
        with psycopg.connect(dsn(db), autocommit=True) as c:
            for part in ("meas_2024", "meas_2025"):
                c.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {part}_id_ts_uq ON {part} (id, ts)")
                c.execute(f"ALTER INDEX meas_id_ts_uq ATTACH PARTITION {part}_id_ts_uq")
            c.execute("CREATE INDEX CONCURRENTLY meas_2025_v_ix ON meas_2025 (v)")
            c.execute("ALTER INDEX meas_v_ix ATTACH PARTITION meas_2025_v_ix")
        healed = db.check(CODE)
        assert healed.outcome is Outcome.OK and healed.evidence == [], healed.evidence
    finally:
        db.sql("DROP TABLE IF EXISTS meas")


def test_catalog_only_checks_run_on_the_primary_only(pg_clusters):
    """Review item 23: on a streaming standby the replicated invalid index of the primary was reported
    again (and one the primary is still building concurrently would read as failed there: the standby's
    pg_locks and progress view show only its own sessions). OBJ020 and OBJ022-OBJ026 read catalogs the
    standby replays from the primary: they are SKIPPED not applicable on the standby, the primary's
    finding stands alone."""
    from tests.live import REG, run, wait_for
    from tests.pg_security import monitor_role

    primary = pg_clusters({"wal_level": "replica"})
    primary.sql("CREATE TABLE acct (id int, email text)")
    primary.sql("INSERT INTO acct SELECT g, 'u' || (g %% 10) FROM generate_series(1, 100) g")
    with pytest.raises(Exception):
        primary.sql("CREATE UNIQUE INDEX CONCURRENTLY acct_email_uq ON acct (email)")  # duplicates: left invalid
    mon = monitor_role(primary, CODE)
    primary.sql("CHECKPOINT")
    standby = pg_clusters.track(primary.standby())
    wait_for(lambda: standby.sql("SELECT count(*) FROM pg_index WHERE NOT indisvalid"), 30, "the standby to replay")
    from checks.adapters import open_session

    with open_session(mon) as s:
        assert run(s, CODE).outcome is Outcome.WARNING
    on_standby = mon.__class__(**{**mon.__dict__, "port": standby.port})
    with open_session(on_standby) as s:
        assert s.facts.get("role") == "standby"
        for code in ("OBJ020", "OBJ022", "OBJ023", "OBJ024", "OBJ025", "OBJ026"):
            assert REG.get(code).spec.support("postgresql").roles == ("primary",), code
            f = run(s, code)
            assert f.outcome is Outcome.SKIPPED and f.skip_reason == "not_applicable", (code, f.message.en)
            assert "standby" in f.message.en
    standby.stop("immediate")
