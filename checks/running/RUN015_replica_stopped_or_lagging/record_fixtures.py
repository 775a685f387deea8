"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN015_replica_stopped_or_lagging.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations. MariaDB only: the MySQL 8 fixtures are written by hand from the manual (no MySQL 8 server here)."""

from __future__ import annotations

import datetime as dt
import time

import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import MariaServer


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
    p = MariaServer({"log-bin": None, "server-id": "1"}).start()
    r = MariaServer({"server-id": "2"}).start()
    try:
        r.replica_of(p)
        p.sql("CREATE DATABASE app")
        p.sql("CREATE TABLE app.orders (id int PRIMARY KEY, v int) ENGINE=InnoDB")
        p.sql("INSERT INTO app.orders VALUES (1, 0)")
        time.sleep(2)
        r.sql("CREATE USER 'mon'@'127.0.0.1'")
        r.sql("GRANT SLAVE MONITOR ON *.* TO 'mon'@'127.0.0.1'")
        s = session("mariadb", r.port, "mon")
        record("RUN015", s, "replica-ok", "OK", "1 replication connection(s), IO and SQL threads running")
        r.sql("STOP SLAVE")
        r.sql("CHANGE MASTER TO MASTER_DELAY = 30")
        r.sql("START SLAVE")
        p.sql("UPDATE app.orders SET v = v + 1 WHERE id = 1")
        time.sleep(20)
        record("RUN015", s, "delayed", "OK", "1 delayed on purpose",
               note="recorded from a throwaway replica with MASTER_DELAY = 30, 20 s after an update on its primary: "
                    "Seconds_Behind_Master counts the delay it waits on purpose")
        r.sql("STOP SLAVE")
        r.sql("CHANGE MASTER TO MASTER_DELAY = 0")
        r.sql("START SLAVE")
        time.sleep(2)
        eng = r.engine()
        lock = eng.connect()
        lock.exec_driver_sql("BEGIN")
        lock.exec_driver_sql("SELECT v FROM app.orders WHERE id = 1 FOR UPDATE")
        r.sql("SET GLOBAL innodb_lock_wait_timeout = 300")  # this private replica only: the SQL thread waits long enough
        r.sql("STOP SLAVE SQL_THREAD")
        r.sql("START SLAVE SQL_THREAD")
        p.sql("UPDATE app.orders SET v = v + 1 WHERE id = 1")
        time.sleep(126)
        record("RUN015", s, "lagging", "WARNING", "Replica connection (default) from 127.0.0.1 is",
               note="recorded from a throwaway replica whose SQL thread waited 126 s on a row lock held on the replica")
        lock.rollback()
        lock.close()
        eng.dispose()
        time.sleep(1)
        r.sql("STOP SLAVE SQL_THREAD")
        record("RUN015", s, "sql-thread-stopped", "CRITICAL", "SQL thread No",
               note="recorded from a throwaway replica after STOP SLAVE SQL_THREAD")
        r.sql("START SLAVE SQL_THREAD")
        r.sql("INSERT INTO app.orders VALUES (2, 0)")  # a conflicting row: the SQL thread stops with error 1062
        p.sql("INSERT INTO app.orders VALUES (2, 5)")
        time.sleep(2)
        record("RUN015", s, "duplicate-key", "CRITICAL", "last SQL error 1062",
               note="recorded from a throwaway replica: row 2 inserted on the replica, then on the primary")
        r.sql("STOP SLAVE")
        r.sql("DELETE FROM app.orders WHERE id = 2")
        r.sql("START SLAVE")
        time.sleep(2)
        p.stop()
        time.sleep(3)
        record("RUN015", s, "io-connecting", "WARNING", "IO thread Connecting",
               note="recorded from a throwaway replica after its primary was stopped")
        s.close()
    finally:
        r.destroy()
        p.destroy()


if __name__ == "__main__":
    main()
