"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN012_xmin_horizon_held.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations."""

from __future__ import annotations

import datetime as dt
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.live import Background, held_snapshot, is_waiting_on_lock, open_write_transaction, wait_for
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
    c = PgCluster({"max_prepared_transactions": "5"}).start()
    try:
        c.sql("CREATE ROLE dbp_mon LOGIN IN ROLE pg_read_all_stats")  # RUN012's declared privilege
        c.sql("CREATE TABLE orders (id int PRIMARY KEY, v int NOT NULL)")
        c.sql("INSERT INTO orders VALUES (1, 0), (2, 0)")
        c.sql("CREATE PROCEDURE burn(n int) LANGUAGE plpgsql AS "
              "$$ BEGIN FOR i IN 1..n LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$")
        admin = c.engine()
        s = session("postgresql", c.port, "dbp_mon")
        with open_write_transaction(admin, "postgresql", "orders", row=1) as pid:
            time.sleep(1.1)
            record("RUN012", s, "healthy", "OK", "No xmin holder older than 100,000")
            with Background(admin, "postgresql", "UPDATE orders SET v = v + 10 WHERE id = 1",
                            ("SET lock_timeout = '120s'",)) as w:
                wait_for(lambda: is_waiting_on_lock(admin, "postgresql", w.pid))
                c.sql("CALL burn(120000)")
                record("RUN012", s, "idle-writer-blocked-waiter", "WARNING", f"client backend {pid} (postgres, postgres) holds",
                       note="recorded from a throwaway cluster: a READ COMMITTED session updated a row and sat idle in "
                            "transaction (backend_xid set, backend_xmin NULL), a second session waited on its row lock, "
                            "120000 XIDs were burned with a procedure committing in a loop")
                with admin.connect() as cc:
                    cc.exec_driver_sql(f"SELECT pg_cancel_backend({w.pid})")
        with held_snapshot(admin, "orders") as pid:
            c.sql("CALL burn(1000100)")
            record("RUN012", s, "snapshot", "CRITICAL", f"client backend {pid}",
                   note="recorded from a throwaway cluster: a REPEATABLE READ transaction held its snapshot while "
                        "1000100 XIDs were burned")
        with admin.connect() as cc:
            cc.exec_driver_sql("BEGIN")
            cc.exec_driver_sql("UPDATE orders SET v = v + 1 WHERE id = 2")
            cc.exec_driver_sql("PREPARE TRANSACTION 'xa-4711'")
        c.sql("CALL burn(100)")
        time.sleep(1.2)
        record("RUN012", s, "prepared-held-long", "WARNING", "prepared transaction xa-4711",
               thresholds={"held_s": {"warning": 1, "critical": 3600}},
               note="recorded from a throwaway cluster: an orphaned prepared transaction 1 s old, judged with held_s "
                    "lowered to 1 s (the default 30 min cannot pass while recording)")
        c.sql("ROLLBACK PREPARED 'xa-4711'")
        s.close()
        admin.dispose()
    finally:
        c.destroy()


if __name__ == "__main__":
    main()
