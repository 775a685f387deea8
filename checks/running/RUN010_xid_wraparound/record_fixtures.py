"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN010_xid_wraparound.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations. Also writes RUN011's fixtures: the same clusters serve both checks."""

from __future__ import annotations

import datetime as dt
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import AS_POSTGRES, PG_BIN, PgCluster, _run


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
    c = PgCluster({"autovacuum": "off", "autovacuum_freeze_max_age": "100000",
                   "autovacuum_multixact_freeze_max_age": "10000"}).start()
    try:
        c.sql("CREATE ROLE mon LOGIN")
        c.sql("CREATE ROLE mon_stats LOGIN IN ROLE pg_monitor")
        c.sql("CREATE TABLE orders (id int PRIMARY KEY)")
        c.sql("INSERT INTO orders VALUES (1)")
        c.sql("CREATE PROCEDURE burn(n int) LANGUAGE plpgsql AS "
              "$$ BEGIN FOR i IN 1..n LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$")
        c.sql("CREATE PROCEDURE multis(n int) LANGUAGE plpgsql AS "
              "$$ BEGIN FOR i IN 1..n LOOP PERFORM 1 FROM orders WHERE id = 1 FOR SHARE; COMMIT; END LOOP; END $$")
        with session("postgresql", c.port, "mon_stats") as s:
            record("RUN010", s, "healthy", "OK", "below 100% of autovacuum_freeze_max_age")
            record("RUN011", s, "healthy", "OK", "below 100% of autovacuum_multixact_freeze_max_age")
        note = "recorded from a throwaway cluster (autovacuum off, autovacuum_freeze_max_age = 100000): {}"
        c.sql("CALL burn(115000)")
        with session("postgresql", c.port, "mon_stats") as s:
            record("RUN010", s, "past-freeze-max-no-vacuum", "WARNING", "no anti-wraparound autovacuum is running in it now",
                   note=note.format("115 000 XIDs burned, below the next XID at which the server starts an "
                                    "anti-wraparound autovacuum (every 65 536 XIDs once past the limit)"))
        with session("postgresql", c.port, "mon") as s:
            record("RUN010", s, "past-freeze-max-login-only", "WARNING", "hidden from this user",
                   note=note.format("the same state seen by a user with LOGIN only"))
        eng = c.engine()
        lock = eng.connect()
        lock.exec_driver_sql("BEGIN")
        lock.exec_driver_sql("LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE")
        c.sql("CALL burn(25000)")
        while not c.sql("SELECT count(*) FROM pg_stat_activity WHERE strpos(query, 'orders (to prevent wraparound)') > 0"):
            time.sleep(0.2)
        with session("postgresql", c.port, "mon_stats") as s:
            record("RUN010", s, "past-freeze-max-vacuuming", "WARNING",
                   "an anti-wraparound autovacuum is running in it (1 worker(s))",
                   note=note.format("140 000 XIDs burned; the anti-wraparound autovacuum that started waits on a lock "
                                    "held on table orders in database postgres"))
        lock.rollback()
        lock.close()
        eng.dispose()
        time.sleep(3)
        eng = c.engine()
        share = eng.connect()
        share.exec_driver_sql("BEGIN")
        share.exec_driver_sql("SELECT 1 FROM orders WHERE id = 1 FOR SHARE")
        c.sql("CALL multis(11000)")
        share.rollback()
        share.close()
        eng.dispose()
        mnote = ("recorded from a throwaway cluster (autovacuum off, autovacuum_multixact_freeze_max_age = 10000): one "
                 "transaction held a row FOR SHARE while a procedure locked it FOR SHARE and committed 11 000 times")
        with session("postgresql", c.port, "mon_stats") as s:
            record("RUN011", s, "past-freeze-max-no-vacuum", "WARNING", "no anti-wraparound autovacuum is running in it now",
                   note=mnote)
        with session("postgresql", c.port, "mon") as s:
            record("RUN011", s, "past-freeze-max-login-only", "WARNING", "hidden from this user",
                   note=mnote + "; seen with LOGIN only")
    finally:
        c.destroy()
    # near the wraparound limit: pg_resetwal moves the next XID and multixact near 2^31 before the first start;
    # with both freeze_max_ages at their maximum no anti-wraparound vacuum is due, so the ages stay
    for scenario, k, outcome, contains in (("near-wraparound", 1240, "WARNING", "60.5% of the wraparound limit"),
                                           ("at-wraparound-critical", 1400, "CRITICAL", "68.4% of the wraparound limit")):
        c = PgCluster({"autovacuum": "off", "autovacuum_freeze_max_age": "2000000000",
                       "autovacuum_multixact_freeze_max_age": "2000000000"}).init()
        try:
            nxt = k * 1048576  # a multiple of the pg_xact and pg_multixact segment sizes: no segment file to create
            _run([*AS_POSTGRES, f"{PG_BIN}/pg_resetwal", "-x", str(nxt), "-m", f"{nxt},1", "-D", c.data])
            c.start()
            c.sql("CREATE ROLE mon LOGIN IN ROLE pg_monitor")
            wnote = (f"recorded from a throwaway cluster whose next XID and next multixact were set to {nxt:,} with "
                     "pg_resetwal -x/-m before its first start (datfrozenxid / datminmxid stayed at initdb's), "
                     "autovacuum_(multixact_)freeze_max_age at their maximum 2 000 000 000 so no vacuum was due")
            with session("postgresql", c.port, "mon") as s:
                record("RUN010", s, scenario, outcome, contains, note=wnote)
                record("RUN011", s, scenario, outcome, contains, note=wnote)
        finally:
            c.destroy()


if __name__ == "__main__":
    main()
