"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN008_replication_lag.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations."""

from __future__ import annotations

import datetime as dt
import subprocess
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import AS_POSTGRES, PG_BIN, PgCluster


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
    p = PgCluster(settings={"wal_level": "logical"}).start()
    sb = None
    try:
        p.sql("CREATE ROLE dbp_mon LOGIN IN ROLE pg_monitor")
        p.sql("SELECT pg_create_physical_replication_slot('sb1_slot', true)")
        sb = p.standby({"primary_slot_name": "sb1_slot", "cluster_name": "pg-standby-1"})
        while not p.sql("SELECT count(*) FROM pg_stat_replication WHERE replay_lsn IS NOT NULL"):
            time.sleep(0.2)
        s = session("postgresql", p.port, "dbp_mon")
        record("RUN008", s, "healthy", "OK", "1 standby(s) streaming")
        with session("postgresql", sb.port, "dbp_mon") as ss:
            record("RUN008", ss, "standby-none-expected", "OK", "none is expected", facts={"role": "standby"})
        sb.sql("SELECT pg_wal_replay_pause()")
        p.sql("CREATE TABLE lag AS SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 500000) g")
        time.sleep(1.5)
        record("RUN008", s, "lagging", "WARNING", "lags")
        sb.sql("SELECT pg_wal_replay_resume()")
        p.sql("SELECT pg_create_logical_replication_slot('orders_cdc', 'test_decoding')")
        proc = subprocess.Popen([*AS_POSTGRES, f"{PG_BIN}/pg_recvlogical", "-h", "127.0.0.1", "-p", str(p.port),
                                 "-U", "postgres", "-d", "postgres", "--slot", "orders_cdc", "--start", "-f", "/dev/null"])
        time.sleep(2)
        record("RUN008", s, "logical-consumer", "OK", "1 logical")
        proc.terminate()
        proc.wait()
        time.sleep(0.5)
        p.sql("SELECT pg_drop_replication_slot('orders_cdc')")
        record("RUN008", s, "inventory-expects-dr", "CRITICAL", "Standby pg-dr-1 is not connected (expected by inventory)",
               thresholds={"expected_standbys": {"value": ["pg-standby-1", "pg-dr-1"]}})
        p.sql("ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (\"pg-standby-1\", \"pg-standby-2\")'")
        p.sql("SELECT pg_reload_conf()")
        time.sleep(1)
        record("RUN008", s, "sync-name-missing", "CRITICAL",
               "Standby pg-standby-2 is not connected (expected by synchronous_standby_names)")
        p.sql("ALTER SYSTEM RESET synchronous_standby_names")
        p.sql("SELECT pg_reload_conf()")
        sb.stop()
        time.sleep(1)
        record("RUN008", s, "standby-down", "CRITICAL", "Standby sb1_slot is not connected (expected by physical slot)")
        s.close()
    finally:
        if sb:
            sb.destroy()
        p.destroy()


if __name__ == "__main__":
    main()
