"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN017_history_list_length.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations. MariaDB only: the MySQL 8 fixtures are written by hand from the manual (no MySQL 8 server here); the healthy
MariaDB fixture is the shared server's own row."""

from __future__ import annotations

import datetime as dt

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
    srv = MariaServer({"innodb-flush-log-at-trx-commit": "0"}).start()
    try:
        srv.sql("CREATE USER 'mon'@'127.0.0.1'")
        srv.sql("GRANT PROCESS ON *.* TO 'mon'@'127.0.0.1'")
        srv.sql("CREATE DATABASE app")
        srv.sql("CREATE TABLE app.orders (id int PRIMARY KEY, v int) ENGINE=InnoDB")
        srv.sql("INSERT INTO app.orders VALUES (1, 0)")
        srv.sql("CREATE PROCEDURE app.churn(n INT) BEGIN DECLARE i INT DEFAULT 0; "
                "WHILE i < n DO UPDATE app.orders SET v = v + 1 WHERE id = 1; SET i = i + 1; END WHILE; END")
        with session("mariadb", srv.port, "mon") as s:
            record("RUN017", s, "healthy", "OK", "History list length",
                   note="recorded from a throwaway mariadbd right after its start: no open read view, purge caught up")
        eng = srv.engine()
        view = eng.connect()
        view.exec_driver_sql("SET autocommit = 0")
        view.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT")
        view.exec_driver_sql("SELECT * FROM app.orders")
        srv.sql("CALL app.churn(120000)")
        with session("mariadb", srv.port, "mon") as s:
            record("RUN017", s, "purge-behind", "WARNING", "Purge is behind: history list length",
                   note="recorded from a throwaway mariadbd (innodb_flush_log_at_trx_commit = 0): a consistent-snapshot "
                        "read view stayed open while a procedure committed 120 000 single-row updates")
        view.rollback()
        view.close()
        eng.dispose()
    finally:
        srv.destroy()


if __name__ == "__main__":
    main()
