"""Re-record this check's MariaDB fixtures from a throwaway mariadbd (tests/servers.py), never the shared one:
``uv run python -m checks.errors.ERR002_deadlocks_detected.record_fixtures``. Run it when mariadb.sql changes
(each fixture carries the hash of the SQL that produced it), then check the expectations. The PostgreSQL
fixtures come from the live test's clusters; the MySQL 8 ones are written by hand from the manual."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.servers import MariaServer

from .test_err002 import UPDATES, deadlock


def record(s, scenario, outcome, contains=None, *, note):
    check = registry.load().get("ERR002")
    v = check.sql_for(s.flavor, s.version)
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": v.path.name, "sql_sha256": sha256(v.path),
           "rows": [{k: _plain(x) for k, x in r.items()} for r in s.run(v.text)],
           "expect": {"outcome": outcome, **({"message_contains": contains} if contains else {})}, "note": note}
    out = check.folder / "fixtures" / f"{s.flavor}-{scenario}.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("wrote", out)


def main():
    srv = MariaServer({"server-id": "21"}).start()
    try:
        srv.sql("CREATE USER 'mon'@'127.0.0.1'")
        srv.sql("CREATE DATABASE dbp_err002")
        srv.sql("CREATE TABLE dbp_err002.dl (id INT PRIMARY KEY, v INT) ENGINE=InnoDB")
        srv.sql("INSERT INTO dbp_err002.dl VALUES (1, 0), (2, 0)")
        eng = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{srv.port}/dbp_err002", poolclass=sa.NullPool)
        with open_session(ConnectTarget("mariadb", "127.0.0.1", srv.port, None, "mon")) as s:
            record(s, "healthy", "OK", "0 deadlocks", note="recorded from a throwaway mariadbd right after its start")
            for _ in range(2):
                deadlock(eng, setup=["SET SESSION innodb_lock_wait_timeout = 20"], begin="START TRANSACTION", **UPDATES)
            record(s, "deadlocks", "WARNING", "2 deadlocks in (instance)",
                   note="recorded from a throwaway mariadbd after two real deadlocks (error 1213)")
            srv.sql("SET GLOBAL innodb_deadlock_detect = OFF")
            deadlock(eng, setup=["SET SESSION innodb_lock_wait_timeout = 2"], begin="START TRANSACTION", **UPDATES)
            record(s, "deadlock-detection-off", "SKIPPED", "innodb_deadlock_detect is OFF",
                   note="recorded from the same mariadbd after SET GLOBAL innodb_deadlock_detect = OFF and a third "
                        "real deadlock, which ended as two lock wait timeouts (error 1205) and was not counted")
        eng.dispose()
    finally:
        srv.destroy()


if __name__ == "__main__":
    main()
