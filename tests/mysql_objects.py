"""Helpers for the MySQL 8 / MariaDB weekly object checks' live tests (OBJ060–OBJ079): one private
mariadbd they share, a scratch schema per test module, a monitoring user per check holding exactly
what the check declares, and the fixture writers.

The object checks read every user schema of the server at once, so on the shared MariaDB (3306)
they would see whatever other tests plant there at the same time (a 10,000-table bench database
makes the checks that open every table take seconds). On the private server nothing but the module
running now has objects: counts measured before and after planting are exact. The server starts on
the first ``lab(request)`` and stops at the end of the test session; each module drops its schema.

Fixtures are re-recorded by running the checks' tests with ``DBPATROL_RECORD_FIXTURES=1``:
``record(...)`` writes ``fixtures/mariadb-<scenario>.yaml`` from what the check's own SQL returned
through the monitoring session, and ``manual(...)`` the MySQL 8 ones, whose rows are written from
the MySQL 8.0 Reference Manual (no MySQL 8 server can run here) and say so in a note.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa
import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from checks.privileges import grant_set, grant_statements
from tests.live import REG, run
from tests.servers import AS_MYSQL, MariaServer, _run, free_port

RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"
MYSQL_NOTE = ("MySQL 8 cannot run here: rows written by hand from the MySQL 8.0 Reference Manual's definitions of the "
              "views this SQL reads, in the shape it returns")


class Lab:
    def __init__(self, server: MariaServer):
        self.server = server
        self.port = server.port
        self.password = "Obj-" + secrets.token_hex(8)
        self._engine = server.engine()
        self.monitors: dict[str, str] = {}

    def sql(self, *statements: str):
        out = None
        with self._engine.connect() as c:
            for s in statements:
                res = c.exec_driver_sql(s.replace("%", "%%"))
                out = res.fetchall() if res.returns_rows else None
        return out

    def value(self, statement: str):
        rows = self.sql(statement)
        return rows[0][0] if rows else None

    def monitor(self, code: str) -> ConnectTarget:
        """A user holding exactly what ``code`` declares for MariaDB, made with the statements
        `dbpatrol checks grants` prints."""
        if code not in self.monitors:
            name = f"mon_{code.lower()}"
            support = REG.get(code).spec.support("mariadb")
            self.sql(f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{self.password}'")
            for stmt in grant_statements("mariadb", grant_set("mariadb", support.privilege), user=name, host="127.0.0.1"):
                self.sql(stmt.rstrip(";"))
            self.monitors[code] = name
        return ConnectTarget("mariadb", "127.0.0.1", self.port, None, self.monitors[code], self.password)

    def session(self, code: str):
        return open_session(self.monitor(code))

    def check(self, code: str, overrides: dict | None = None):
        with self.session(code) as s:
            return run(s, code, overrides)

    @contextlib.contextmanager
    def schema(self, code: str, charset: str = "utf8mb4"):
        """A scratch schema for one test module, dropped after it."""
        name = f"dbp_{code.lower()}_{secrets.token_hex(3)}"
        self.sql(f"CREATE DATABASE `{name}` CHARACTER SET {charset}")
        try:
            yield name
        finally:
            self.sql(f"DROP DATABASE IF EXISTS `{name}`")

    @contextlib.contextmanager
    def globals(self, **settings):
        """SET GLOBAL each setting for the block, then put back what was there."""
        before = {k: self.value(f"SELECT @@GLOBAL.{k}") for k in settings}
        try:
            for k, v in settings.items():
                self.sql(f"SET GLOBAL {k} = {v}")
            yield
        finally:
            for k, v in before.items():
                self.sql(f"SET GLOBAL {k} = {v!r}" if isinstance(v, str) else f"SET GLOBAL {k} = {v}")

    def destroy(self) -> None:
        self._engine.dispose()
        self.server.destroy()


_LAB: Lab | None = None


def _private_server() -> MariaServer:
    """A MariaServer whose temporary files live in its own directory, installation included: other
    processes on the machine remove files from /tmp (seen: 'Could not remove temporary table
    /tmp/#sql-temptable-…' failing mariadb-install-db and queries on servers that use /tmp)."""
    base = tempfile.mkdtemp(prefix="dbpatrol-mariadb-obj-")
    tmp = os.path.join(base, "tmp")
    os.mkdir(tmp)
    for d in (base, tmp):
        shutil.chown(d, "mysql")
    _run([*AS_MYSQL, "mariadb-install-db", f"--datadir={base}/data", "--auth-root-authentication-method=normal",
          "--skip-test-db", "--no-defaults", f"--tmpdir={tmp}"], timeout=180)
    return MariaServer(options={"tmpdir": tmp}, base=base, port=free_port()).start()


def lab(request) -> Lab:
    """The session's private mariadbd, started on first use and stopped when the test session ends."""
    global _LAB
    if _LAB is None:
        _LAB = Lab(_private_server())

        def stop():
            global _LAB
            if _LAB is not None:
                _LAB.destroy()
                _LAB = None

        request.config.add_cleanup(stop)
    return _LAB


# ----- fixtures -------------------------------------------------------------------------------

def _plain(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if hasattr(v, "__float__") and not isinstance(v, (int, float, bool)):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return v


def _write(code: str, engine: str, scenario: str, doc: dict) -> Path:
    out = REG.get(code).folder / "fixtures" / f"{engine}-{scenario}.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def record(code: str, session, scenario: str, outcome: str, contains: str | None = None, *,
           thresholds: dict | None = None, facts: dict | None = None, note: str | None = None) -> Path | None:
    """With DBPATROL_RECORD_FIXTURES=1: run ``code``'s SQL through ``session`` and write the fixture."""
    if not RECORD:
        return None
    check = registry.load().get(code)
    v = check.sql_for(session.flavor, session.version)
    doc = {"engine": session.flavor, "server_version": session.server_version,
           "facts": facts or {"role": session.facts.get("role")}, "sql": v.path.name,
           "sql_sha256": hashlib.sha256(v.path.read_bytes()).hexdigest()}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(x) for k, x in r.items()} for r in session.run(v.text, {})]
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    doc["note"] = note or "recorded on a private mariadbd holding only the objects the live test planted"
    return _write(code, session.flavor, scenario, doc)


def manual(code: str, scenario: str, rows: list[dict], outcome: str, contains: str | None = None, *,
           note: str = MYSQL_NOTE, facts: dict | None = None, thresholds: dict | None = None,
           server_version: str = "8.0.36") -> Path | None:
    """With DBPATROL_RECORD_FIXTURES=1: a MySQL 8 fixture written from the manual, hashed like a recorded one."""
    if not RECORD:
        return None
    check = registry.load().get(code)
    v = check.sql_for("mysql", tuple(int(p) for p in server_version.split(".")))
    doc = {"engine": "mysql", "server_version": server_version, "facts": facts or {"role": "primary"},
           "sql": v.path.name, "sql_sha256": hashlib.sha256(v.path.read_bytes()).hexdigest()}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = rows
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    doc["note"] = note
    return _write(code, "mysql", scenario, doc)


def rows_of(finding, **match) -> list[dict]:
    """The evidence rows whose columns equal ``match``."""
    return [r for r in finding.evidence if all(str(r.get(k)) == str(v) for k, v in match.items())]


def admin(lab_: Lab) -> sa.Engine:
    return lab_._engine
