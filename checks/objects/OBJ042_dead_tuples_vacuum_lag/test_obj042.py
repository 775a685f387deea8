"""OBJ042 live, on a private cluster with autovacuum on and waking every second: a session holding SHARE
UPDATE EXCLUSIVE on a 10,000-row table (and a snapshot) makes autovacuum skip it (a real cause of lag)
while updates pile up 20,000 dead rows against its trigger of 50 + 0.2 × 10,000; the figures are checked against the
counts and the test's clock, and once the lock goes autovacuum clears it and the check is OK again.
Then a table with autovacuum_enabled = false, and autovacuum / track_counts turned off server-wide.

DBPATROL_RECORD_FIXTURES=1 re-records fixtures/ from these runs (the rows of the check's own SQL).
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
import yaml

from checks.adapters import ConnectTarget, open_session
from dbpatrol.results import Outcome
from tests.fixture_files import _plain, sha256
from tests.live import REG, declared_grants, run, wait_for

pytestmark = pytest.mark.timeout(120)

CODE = "OBJ042"
DB = "dbp_obj042"
MON = "dbp_obj042_mon"
NO_THRESHOLDS = {"dead_trigger_pct": {"warning": None, "critical": None},
                 "vacuum_overdue_h": {"warning": None, "critical": None},
                 "analyze_overdue_h": {"warning": None, "critical": None}}


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters({"autovacuum_naptime": "1"})
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for stmt in declared_grants(CODE, MON):
        c.sql(stmt)
    c.sql(f"CREATE DATABASE {DB}")
    c.sql("CREATE TABLE queue (id int PRIMARY KEY, v int NOT NULL)", DB)
    c.sql("INSERT INTO queue SELECT g, 0 FROM generate_series(1, 10000) g", DB)
    c.sql("VACUUM ANALYZE queue", DB)
    return c


def session(c):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, DB, MON))


def queue_row(finding):
    return next((r for r in finding.evidence if r["table_name"] == "queue"), None)


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
           "note": f"recorded by test_obj042.py (DBPATROL_RECORD_FIXTURES=1) on {dt.date.today()} from a private "
                   f"cluster: {note}"}
    (check.folder / "fixtures" / f"postgresql-{scenario}.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_dead_rows_pile_up_while_autovacuum_cannot_lock_the_table_then_it_catches_up(cluster):
    with session(cluster) as s:
        before = run(s, CODE)
        assert before.outcome is Outcome.OK and queue_row(before) is None, before.message.en
        record(s, "healthy", "OK", "Autovacuum keeps up", "queue (10,000 rows) just vacuumed and analyzed")
        vacuumed_at = cluster.sql("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'queue'", DB)

        lock = cluster.engine(DB).connect()
        try:
            # autovacuum skips a table it cannot lock; the snapshot also keeps the dead rows from being pruned
            # by the updates themselves, so they add up exactly
            lock.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
            lock.exec_driver_sql("SELECT count(*) FROM queue")
            lock.exec_driver_sql("LOCK TABLE queue IN SHARE UPDATE EXCLUSIVE MODE")
            for _ in range(2):
                cluster.sql("UPDATE queue SET v = v + 1", DB)  # each connection's end flushes its statistics
            f = wait_for(lambda: (f := run(s, CODE)) and queue_row(f) and queue_row(f)["n_dead_tup"] == 20000 and f,
                         10, "the 20,000 dead rows to be counted")
            row = queue_row(f)
            age_h = (dt.datetime.now(dt.timezone.utc) - vacuumed_at).total_seconds() / 3600
            assert row["vacuum_trigger"] == 2050 and row["dead_trigger_pct"] == 975.6, row  # 50 + 0.2 × 10,000
            assert row["n_mod_since_analyze"] == 20000 and row["analyze_trigger_pct"] == 1904.8  # 50 + 0.1 × 10,000
            overdue = age_h * (1 - 2050 / 20000)  # due for the last 90 % of its writes since the vacuum
            assert abs(row["vacuum_overdue_h"] - overdue) < 0.002 and row["vacuum_age_h"] <= age_h + 0.001, (row, age_h)
            assert row["autovacuum_enabled"] is True and row["vacuum_running"] is False
            assert f.outcome is Outcome.WARNING and [(o.key, o.outcome) for o in f.objects] == [("public.queue", Outcome.WARNING)]
            assert f.message.en.startswith("1 table(s) behind autovacuum; worst public.queue: 20,000 dead rows = 975.6% "
                                           "of its autovacuum trigger (2,050)"), f.message.en
            # vacuumed seconds ago and past its trigger again: the message says what that can mean
            assert "It was vacuumed within the hour and is past its trigger again" in f.message.en, f.message.en
            assert "RUN012" in f.message.en and "死元组" in f.message.zh
            record(s, "lagging", "WARNING", "worst public.queue: 20,000 dead rows",
                   "autovacuum_naptime 1 s; autovacuum kept off queue by a session holding SHARE UPDATE EXCLUSIVE while 20,000 rows were updated")

            # hours overdue on their own (the dead-row rule off): counted from when the table became due
            time.sleep(1)
            late = run(s, CODE, {**NO_THRESHOLDS, "vacuum_overdue_h": {"warning": 0.0002, "critical": None}})
            assert late.outcome is Outcome.WARNING and "h overdue" in late.message.en, late.message.en
            stale = run(s, CODE, {**NO_THRESHOLDS, "analyze_overdue_h": {"warning": 0.0002, "critical": None}})
            assert stale.outcome is Outcome.WARNING and "the planner works from stale statistics" in stale.message.en
            assert run(s, CODE, NO_THRESHOLDS).outcome is Outcome.OK

            cluster.sql("UPDATE queue SET v = v + 1", DB)  # 30,000 dead: past 10× the trigger
            worse = wait_for(lambda: (f := run(s, CODE)) and queue_row(f)["n_dead_tup"] == 30000 and f, 10, "30,000 dead")
            assert worse.outcome is Outcome.CRITICAL, worse.message.en
        finally:
            lock.rollback()
            lock.close()

        # the lock is gone: autovacuum (every second) vacuums and analyzes queue, and the check sees it
        healed = wait_for(lambda: (f := run(s, CODE)) and queue_row(f) is None and f, 60, "autovacuum to clear queue")
        assert healed.outcome is Outcome.OK, healed.message.en
        assert cluster.sql("SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'queue'", DB) >= 1


def test_a_table_never_vacuumed_behind_its_trigger(cluster):
    with session(cluster) as s:
        cluster.sql("CREATE TABLE ledger (id int)", DB)  # empty, never vacuumed: its trigger is the base 50 rows
        lock = cluster.engine(DB).connect()
        try:
            lock.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
            lock.exec_driver_sql("SELECT count(*) FROM ledger")
            lock.exec_driver_sql("LOCK TABLE ledger IN SHARE UPDATE EXCLUSIVE MODE")
            cluster.sql("INSERT INTO ledger SELECT generate_series(1, 120)", DB)
            cluster.sql("DELETE FROM ledger", DB)  # 120 dead rows = 240 % of 50
            f = wait_for(lambda: (f := run(s, CODE)) and f.outcome is Outcome.WARNING and f, 10, "ledger's dead rows")
            row = next(r for r in f.evidence if r["table_name"] == "ledger")
            assert row["n_dead_tup"] == 120 and row["vacuum_trigger"] == 50 and row["dead_trigger_pct"] == 240.0, row
            assert row["last_vacuum"] is None and row["vacuum_age_h"] is None and row["vacuum_overdue_h"] is None
            assert f.message.en.startswith("1 table(s) behind autovacuum; worst public.ledger: 120 dead rows = 240% of its "
                                           "autovacuum trigger (50), and it has never been vacuumed"), f.message.en
            record(s, "never-vacuumed", "WARNING", "it has never been vacuumed",
                   "table ledger created empty, locked against autovacuum, 120 rows inserted and deleted")
        finally:
            lock.rollback()
            lock.close()
            cluster.sql("DROP TABLE ledger", DB)


def test_autovacuum_disabled_on_a_table_and_on_the_server(cluster):
    with session(cluster) as s:
        cluster.sql("CREATE TABLE archive_off (id int) WITH (autovacuum_enabled = false)", DB)
        try:
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and ("public.archive_off", Outcome.WARNING) in [
                (o.key, o.outcome) for o in f.objects], f.message.en
            assert f.message.en.startswith("Autovacuum is disabled on 1 table(s) (autovacuum_enabled = false), e.g. "
                                           "public.archive_off"), f.message.en
            record(s, "table-disabled", "WARNING", "Autovacuum is disabled on 1 table(s)",
                   "table archive_off created WITH (autovacuum_enabled = false)")
        finally:
            cluster.sql("DROP TABLE archive_off", DB)
        assert run(s, CODE).outcome is Outcome.OK

        for setting, message in (("autovacuum", "autovacuum = off on this server"),
                                 ("track_counts", "track_counts = off on this server")):
            cluster.sql(f"ALTER SYSTEM SET {setting} = off")
            cluster.sql("SELECT pg_reload_conf()")
            try:
                f = wait_for(lambda: (f := run(s, CODE)) and f.outcome is not Outcome.OK and f, 10, f"{setting} off")
                assert f.outcome is Outcome.WARNING and f.message.en.startswith(message), f.message.en
                assert [(o.key, o.outcome) for o in f.objects] == [(f"pg_settings.{setting}", Outcome.WARNING)]
                if setting == "autovacuum":
                    record(s, "server-off", "WARNING", "autovacuum = off on this server", "ALTER SYSTEM SET autovacuum = off")
            finally:
                cluster.sql(f"ALTER SYSTEM RESET {setting}")
                cluster.sql("SELECT pg_reload_conf()")
        wait_for(lambda: run(s, CODE).outcome is Outcome.OK, 10, "the settings back on")


def test_postgresql_18_caps_the_trigger_at_autovacuum_vacuum_max_threshold(pg_clusters):
    """18's autovacuum_vacuum_max_threshold (server setting, and the table's own reloption) caps the dead-row trigger."""
    from tests.servers import pg18_bin

    c = pg_clusters({"autovacuum_vacuum_max_threshold": "100"}, bin=pg18_bin())
    c.sql(f"CREATE ROLE {MON} LOGIN")
    for stmt in declared_grants(CODE, MON):
        c.sql(stmt)
    c.sql("CREATE TABLE big (id int)")
    c.sql("INSERT INTO big SELECT generate_series(1, 10000)")
    c.sql("VACUUM ANALYZE big")
    lock = c.engine().connect()
    try:
        lock.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")  # autovacuum must not clear it meanwhile
        lock.exec_driver_sql("SELECT count(*) FROM big")
        lock.exec_driver_sql("LOCK TABLE big IN SHARE UPDATE EXCLUSIVE MODE")
        c.sql("DELETE FROM big WHERE id <= 300")  # 300 dead rows: 15 % of 50 + 0.2 × 10,000, but 300 % of the 100 cap
        with open_session(ConnectTarget("postgresql", "127.0.0.1", c.port, "postgres", MON)) as s:
            assert s.version >= (18,)
            f = wait_for(lambda: (f := run(s, CODE)) and f.evidence and f.evidence[0]["n_dead_tup"] == 300 and f, 20,
                         "300 dead rows")
            row = f.evidence[0]
            assert row["table_name"] == "big" and row["vacuum_trigger"] == 100 and row["dead_trigger_pct"] == 300.0, row
            assert f.outcome is Outcome.WARNING and [o.key for o in f.objects] == ["public.big"], f.message.en
            record(s, "pg18-max-threshold", "WARNING", "300% of its autovacuum trigger (100)",
                   "PostgreSQL 18, autovacuum_vacuum_max_threshold = 100, 300 of 10,000 rows deleted")
            lock.rollback()  # ALTER TABLE … SET needs the lock held here
            c.sql("ALTER TABLE big SET (autovacuum_vacuum_max_threshold = 1000)")  # the table's own cap wins: not due
            ok = run(s, CODE)
            assert ok.outcome is Outcome.OK and ok.evidence == [], ok.message.en
    finally:
        lock.rollback()
        lock.close()
