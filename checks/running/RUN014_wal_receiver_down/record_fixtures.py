"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN014_wal_receiver_down.record_fixtures``. Run it when the SQL changes (each fixture carries
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
    p = PgCluster().start()
    sb = None
    try:
        p.sql("CREATE ROLE dbp_mon LOGIN IN ROLE pg_read_all_stats, pg_read_all_settings")  # RUN014's declared privilege
        p.sql("SELECT pg_create_physical_replication_slot('sb1_slot', true)")
        sb = p.standby({"primary_slot_name": "sb1_slot", "cluster_name": "pg-standby-1"})
        while not sb.sql("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"):
            time.sleep(0.2)
        p.sql("CREATE TABLE tick (t timestamptz)")
        p.sql("INSERT INTO tick VALUES (now())")
        time.sleep(0.5)
        s = session("postgresql", sb.port, "dbp_mon")
        record("RUN014", s, "streaming", "OK", "WAL receiver streaming from 127.0.0.1")
        pid = int(p.sql("SELECT pid FROM pg_stat_replication"))
        os.kill(pid, signal.SIGSTOP)  # this private primary's walsender
        p.sql("INSERT INTO tick VALUES (now())")
        time.sleep(50)
        record("RUN014", s, "stalled", "WARNING", "has heard nothing for",
               note="recorded from a throwaway standby whose primary's walsender was frozen with SIGSTOP for 50 s "
                    "(the receiver gives up at wal_receiver_timeout = 60 s)")
        os.kill(pid, signal.SIGCONT)
        time.sleep(1)
        conninfo = sb.sql("SHOW primary_conninfo")
        sb.sql("ALTER SYSTEM SET primary_conninfo = ''")
        sb.sql("SELECT pg_reload_conf()")
        time.sleep(2)
        record("RUN014", s, "archive-only", "WARNING", "primary_conninfo is empty")
        sb.sql("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'")
        sb.sql("SELECT pg_reload_conf()")
        time.sleep(2)
        p.stop()
        time.sleep(2)
        record("RUN014", s, "primary-down", "CRITICAL", "has no WAL receiver",
               note="recorded from a throwaway standby after its primary was stopped (pg_ctl stop -m fast)")
        s.close()
    finally:
        if sb:
            sb.destroy()
        p.destroy()


if __name__ == "__main__":
    main()
