"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN009_stale_replication_slots.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import PgCluster


def session(engine: str, port: int, user: str):
    return open_session(ConnectTarget(engine, "127.0.0.1", port, None if engine == "mariadb" else "postgres", user))


def record(code, s, scenario, outcome, contains=None, *, thresholds=None, note=None, facts=None, variant=None):
    """Run the check's SQL (or ``variant``) through dbpatrol session ``s``; write fixtures/<flavor>-<scenario>.yaml."""
    check = registry.load().get(code)
    v = variant or check.sql_for(s.flavor, s.version)
    now = dt.datetime.now(dt.timezone.utc)
    binds = {k: x for k, x in {"window_start": now - dt.timedelta(days=1), "window_end": now}.items()
             if k in registry.bind_names(v.text)}
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": facts or {"role": s.facts.get("role")},
           "sql": v.path.name, "sql_sha256": sha256(v.path)}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(x) for k, x in r.items()} for r in s.run(v.text, binds)]
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    doc["note"] = note or "recorded from a throwaway server (tests/servers.py) by record_fixtures.py"
    out = check.folder / "fixtures" / f"{s.flavor}-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("wrote", out)


def main():
    p = PgCluster({"max_wal_size": "64MB"}).start()
    sb = None
    try:
        p.sql("CREATE ROLE dbp_mon LOGIN IN ROLE pg_monitor")
        p.sql("SELECT pg_create_physical_replication_slot('standby1_slot', true)")
        sb = p.standby({"primary_slot_name": "standby1_slot"})
        while not p.sql("SELECT active FROM pg_replication_slots"):
            time.sleep(0.2)
        s = session("postgresql", p.port, "dbp_mon")
        record("RUN009", s, "healthy", "OK", "1 replication slot(s): none lost")
        p.sql("SELECT pg_create_physical_replication_slot('old_dr_slot', true)")
        record("RUN009", s, "inactive", "WARNING", "Slot old_dr_slot (physical) has no consumer attached")
        p.sql("SELECT pg_drop_replication_slot('old_dr_slot')")
        pid = int(p.sql("SELECT active_pid FROM pg_replication_slots"))
        os.kill(pid, signal.SIGSTOP)  # this private primary's walsender
        p.sql("CREATE TABLE w AS SELECT g FROM generate_series(1, 2240000) g")
        record("RUN009", s, "retaining", "CRITICAL", "Slot standby1_slot retains",
               thresholds={"retained_mb": {"warning": 20, "critical": 60}},
               note="recorded from a throwaway cluster whose standby's walsender was frozen (SIGSTOP) while 80 MB of "
                    "WAL were written; thresholds lowered in the fixture (5/20 GB of WAL was not written for it)")
        os.kill(pid, signal.SIGCONT)
        time.sleep(1)
        p.sql("ALTER SYSTEM SET max_slot_wal_keep_size = '16MB'")
        p.sql("SELECT pg_reload_conf()")
        p.sql("SELECT pg_create_physical_replication_slot('reporting_slot', true)")
        p.sql("INSERT INTO w SELECT g FROM generate_series(1, 2240000) g")
        p.sql("CHECKPOINT")
        record("RUN009", s, "lost", "CRITICAL", "Slot reporting_slot has wal_status lost")
        p.sql("SELECT pg_drop_replication_slot('reporting_slot')")
        # PostgreSQL 17's SQL against a view adding 17's columns (no PostgreSQL 17 server here)
        p.sql("CREATE SCHEMA pg17")
        p.sql("CREATE VIEW pg17.pg_replication_slots AS SELECT s.*, s.slot_name = 'failover_sub_slot' AS synced, "
              "CASE WHEN NOT s.active THEN now() - interval '4000 seconds' END AS inactive_since "
              "FROM pg_catalog.pg_replication_slots s")
        p.sql("GRANT USAGE ON SCHEMA pg17 TO dbp_mon; GRANT SELECT ON pg17.pg_replication_slots TO dbp_mon")
        p.sql("SELECT pg_create_physical_replication_slot('failover_sub_slot', true)")
        p.sql("SELECT pg_create_physical_replication_slot('old_dr_slot', true)")
        s.fetch("SET search_path = pg17, pg_catalog")
        v = next(x for x in registry.load().get("RUN009").sql["postgresql"] if x.min_version == (17,))
        note17 = ("postgresql@17.sql run on a throwaway PostgreSQL 15 cluster against a view that adds 17's synced and "
                  "inactive_since columns to pg_catalog.pg_replication_slots (no PostgreSQL 17 server here): slot "
                  "failover_sub_slot stood for a synced failover slot (left out by the SQL), old_dr_slot for one "
                  "inactive since 4000 s")
        record("RUN009", s, "17-inactive", "WARNING", "Slot old_dr_slot (physical) has had no consumer for",
               note=note17, variant=v)
        record("RUN009", s, "17-inactive-briefly", "OK", "none without a consumer for more than 5,000 s",
               thresholds={"inactive_s": {"warning": 5000}}, note=note17 + "; grace raised to 5000 s in the fixture",
               variant=v)
        s.close()
    finally:
        if sb:
            sb.destroy()
        p.destroy()


if __name__ == "__main__":
    main()
