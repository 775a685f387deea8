"""Re-record this check's fixtures from throwaway servers (tests/servers.py), never the shared ones:
``uv run python -m checks.running.RUN016_aborted_connections.record_fixtures``. Run it when the SQL changes (each fixture carries
the hash of the SQL that produced it), then check the expectations. MariaDB only: the MySQL 8 fixtures are written by hand from the manual (no MySQL 8 server here)."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pymysql
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
    srv = MariaServer({"max-connections": "10"}).start()
    try:
        srv.sql("CREATE USER 'mon'@'127.0.0.1'")
        srv.sql("CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY 'app-pw'")

        def fails(n):
            for _ in range(n):
                try:
                    pymysql.connect(host="127.0.0.1", port=srv.port, user="app", password="wrong", ssl_disabled=True)
                except pymysql.err.OperationalError:
                    pass

        def good(n):
            for _ in range(n):
                pymysql.connect(host="127.0.0.1", port=srv.port, user="app", password="app-pw", ssl_disabled=True).close()

        def probes(n):
            for _ in range(n):
                socket.create_connection(("127.0.0.1", srv.port)).close()

        with session("mariadb", srv.port, "mon") as s:
            fails(9)
            good(120)
            probes(5)
            record("RUN016", s, "fresh-start-not-rated", "OK", "Not rated:",
                   note="recorded from a throwaway mariadbd a few seconds after its start: 9 wrong passwords, 120 good "
                        "logins, 5 TCP probes (the review's false WARNING: a large share of a small sample)")
            good(1100)
            record("RUN016", s, "healthy", "OK", "of which 5 ended before authentication",
                   note="recorded from a throwaway mariadbd after 1,220 good logins, 9 wrong passwords and 5 TCP probes")
            fails(60)
            probes(40)
            record("RUN016", s, "aborted", "WARNING", "of connection attempts failed since server start",
                   note="recorded from a throwaway mariadbd: 69 wrong passwords among 1,300 attempts, and 45 TCP probes "
                        "that are shown apart and left out of the ratio")
            time.sleep(4)  # a flush a few seconds after the start, so Uptime and Uptime_since_flush_status part
            srv.sql("FLUSH STATUS")
            fails(10)
            record("RUN016", s, "flushed-not-rated", "OK", "Not rated: FLUSH STATUS at",
                   note="recorded from the same mariadbd after FLUSH STATUS (which zeroed Aborted_connects but not "
                        "Connections) and 10 more wrong passwords: 10 against 1,300+ attempts since the start is "
                        "only a lower bound of the share")
    finally:
        srv.destroy()


if __name__ == "__main__":
    main()
