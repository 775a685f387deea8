"""OBJ068 live, on the private mariadbd (tests/mysql_objects.py), a primary (no replication source),
as a user holding exactly SELECT on mysql.event and SLAVE MONITOR: an event that really runs every
second is OK; the scheduler turned off stops it (CRITICAL); a recurring event left DISABLED is a
warning, a one-time event that ran and was kept (ON COMPLETION PRESERVE) is not; an event in the
state replication leaves on a replica (SLAVESIDE_DISABLED) is a warning when it was made here and
CRITICAL once the server's id says it came from another server — what a promoted replica holds."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import wait_for
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ068"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.schema(CODE) as db, lb.globals(event_scheduler="ON"):
        lb.sql(f"CREATE TABLE `{db}`.ticks (id int AUTO_INCREMENT PRIMARY KEY, at datetime)")
        yield lb, db


def test_a_running_event_then_the_scheduler_off(planted):
    lb, db = planted
    assert lb.check(CODE).message.en == "No scheduled event in a user schema"
    lb.sql(f"CREATE EVENT `{db}`.e_tick ON SCHEDULE EVERY 1 SECOND DO INSERT INTO `{db}`.ticks (at) VALUES (NOW())",
           f"CREATE EVENT `{db}`.e_done ON SCHEDULE AT NOW() + INTERVAL 1 SECOND ON COMPLETION PRESERVE "
           f"DO INSERT INTO `{db}`.ticks (at) VALUES (NOW())")
    wait_for(lambda: lb.value(f"SELECT status FROM mysql.event WHERE db = '{db}' AND name = 'e_done'") == "DISABLED"
             and lb.value(f"SELECT COUNT(*) FROM `{db}`.ticks") >= 3, 15, "the events to run")
    f = lb.check(CODE)
    assert f.outcome is Outcome.OK, f.message.en
    tick, done = rows_of(f, event_name="e_tick")[0], rows_of(f, event_name="e_done")[0]
    assert tick["status"] == "ENABLED" and tick["last_executed_utc"] is not None and tick["every"] == "1 SECOND"
    assert (done["status"], done["event_type"], done["finished"]) == ("DISABLED", "ONE TIME", 1)
    with lb.session(CODE) as s:
        assert s.facts["role"] == "primary"
        record(CODE, s, "healthy", "OK")

    with lb.globals(event_scheduler="OFF"):
        ran = lb.value(f"SELECT COUNT(*) FROM `{db}`.ticks")
        f = lb.check(CODE)
        assert lb.value(f"SELECT COUNT(*) FROM `{db}`.ticks") <= ran + 1  # nothing runs any more
        assert f.outcome is Outcome.CRITICAL and [r["event_name"] for r in f.evidence] == ["e_tick"], f.message.en
        assert f.message.en.startswith(f"event_scheduler is OFF while 1 event(s) are ENABLED, e.g. {db}.e_tick "
                                       "(RECURRING, every 1 SECOND, last run ")
        with lb.session(CODE) as s:
            record(CODE, s, "scheduler-off", "CRITICAL", "none of them runs")


def test_disabled_and_replica_side_events(planted):
    lb, db = planted
    lb.sql(f"CREATE EVENT `{db}`.e_purge ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM `{db}`.ticks",
           # the status replication gives the events it copies to a replica (made so at once: an enabled
           # event's first run, right at creation, writes its status back and can undo an ALTER … DISABLE)
           f"CREATE EVENT `{db}`.e_report ON SCHEDULE EVERY 1 HOUR DISABLE ON SLAVE DO DELETE FROM `{db}`.ticks WHERE id < 0")
    f = lb.check(CODE)
    assert f.outcome is Outcome.WARNING, f.message.en
    got = {r["event_name"]: r["status"] for r in f.evidence}
    assert got == {"e_purge": "DISABLED", "e_report": "SLAVESIDE_DISABLED"}, got  # not e_tick, not e_done
    assert {(o.key, o.outcome) for o in f.objects} == {(f"{db}.e_purge", Outcome.WARNING), (f"{db}.e_report", Outcome.WARNING)}

    server_id = lb.value("SELECT @@server_id")
    with lb.globals(server_id=server_id + 100):  # this server now is not the one the event was made on
        f = lb.check(CODE)
    assert f.outcome is Outcome.CRITICAL and f.evidence[0]["event_name"] == "e_report", f.message.en
    assert f.message.en.startswith(f"{db}.e_report is SLAVESIDE_DISABLED on a server that replicates from no source "
                                   f"(created on server {server_id}, this is server {server_id + 100})")
    lb.sql(f"ALTER EVENT `{db}`.e_report ENABLE", f"ALTER EVENT `{db}`.e_purge ENABLE")  # the remedy
    assert lb.check(CODE).outcome is Outcome.OK


def test_mysql8_and_replica_fixtures():
    """MySQL 8 rows written from the manual (EVENTS.STATUS / ORIGINATOR, Event Metadata for the time
    zones), and the judge's replica side: the same events seen on a replica."""
    base = {"definer": "etl@localhost", "execute_at_utc": None, "ends_utc": None, "finished": None,
            "event_scheduler": "ON", "server_id": 2}
    manual(CODE, "healthy", [
        {"event_schema": "core", "event_name": "close_day", "event_type": "RECURRING", "status": "ENABLED",
         "every": "1 DAY", "last_executed_utc": "2026-11-26T16:00:00", "originator": 2, "total": 1, **base}], "OK",
        facts={"role": "primary"})
    manual(CODE, "promoted", [
        {"event_schema": "core", "event_name": "close_day", "event_type": "RECURRING", "status": "SLAVESIDE_DISABLED",
         "every": "1 DAY", "last_executed_utc": None, "originator": 1, "total": 1, **base}], "CRITICAL",
        "replicates from no source", facts={"role": "primary"})
    manual(CODE, "replica", [
        {"event_schema": "core", "event_name": "close_day", "event_type": "RECURRING", "status": "SLAVESIDE_DISABLED",
         "every": "1 DAY", "last_executed_utc": None, "originator": 1, "total": 1, **base}], "OK",
        facts={"role": "standby"}, note="MySQL 8 cannot run here: rows written by hand from the MySQL 8.0 Reference "
        "Manual (a replica keeps replicated events SLAVESIDE_DISABLED), seen on a replica")
