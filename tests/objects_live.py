"""Helpers for the weekly object checks' live tests (checks/objects/OBJ020…OBJ039): a scratch
PostgreSQL database / MariaDB schema per test module, the monitoring user's session on it, and
re-recording a check's fixtures from what a test planted.

Fixtures are re-recorded by running a check's tests with ``DBPATROL_RECORD_FIXTURES=1``: each
``record(...)`` call then writes ``fixtures/<flavor>-<scenario>.yaml`` from the check's own SQL run
through the session, rows narrowed to the planted schema where the shared server holds other
people's objects too (the note says so).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from tests.fixture_files import _plain, sha256
from tests.harness import MON_PASSWORD, MON_USER, MY_ADMIN_URL, PG_ADMIN_URL
from tests.live import run

RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"


def scratch_name(code: str) -> str:
    return f"dbp_{code.lower()}_{secrets.token_hex(3)}"


@dataclass
class Scratch:
    """A scratch database (PostgreSQL) or schema (MariaDB) and how to reach it."""

    engine: str
    name: str
    admin: sa.Engine  # superuser, autocommit, connected to the scratch database (MariaDB: default schema)
    port: int = 0

    def sql(self, *statements: str) -> None:
        with self.admin.connect() as c:
            for s in statements:
                c.exec_driver_sql(s.replace("%", "%%"))  # both drivers format with %

    def scalar(self, statement: str):
        with self.admin.connect() as c:
            return c.exec_driver_sql(statement).scalar()

    def target(self, user: str = MON_USER, password: str | None = MON_PASSWORD, **kw) -> ConnectTarget:
        db = self.name if self.engine == "postgresql" else None
        return ConnectTarget(self.engine, "127.0.0.1", self.port, db, user, password, **kw)

    def session(self, user: str = MON_USER, password: str | None = MON_PASSWORD):
        return open_session(self.target(user, password))

    def check(self, code: str, overrides: dict | None = None, user: str = MON_USER, password: str | None = MON_PASSWORD):
        with self.session(user, password) as s:
            return run(s, code, overrides)


@contextlib.contextmanager
def pg_scratch(code: str, url: str = PG_ADMIN_URL, port: int = 5432):
    """A scratch database on the PostgreSQL at ``url`` (default: the shared one), dropped afterwards."""
    name = scratch_name(code)
    base = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    admin = sa.create_engine(sa.make_url(url).set(database=name), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        yield Scratch("postgresql", name, admin, port)
    finally:
        admin.dispose()
        with base.connect() as c:
            c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        base.dispose()


@contextlib.contextmanager
def my_scratch(code: str, url: str = MY_ADMIN_URL, port: int = 3306):
    """A scratch schema on the MariaDB at ``url`` (default: the shared one), dropped afterwards. The
    admin engine's default schema is the scratch one."""
    name = scratch_name(code)
    base = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with base.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    admin = sa.create_engine(sa.make_url(url).set(database=name), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        yield Scratch("mariadb", name, admin, port)
    finally:
        admin.dispose()
        with base.connect() as c:
            c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        base.dispose()


PG_VERSIONS = ("15", "18")  # the shared server, and the session's private 18 (tests/harness.py pg18)


@contextlib.contextmanager
def pg_version_scratch(request, code: str, version: str):
    """A scratch database on the shared PostgreSQL 15 (``version`` "15") or on the session's private
    PostgreSQL 18 cluster ("18"), the monitoring user able to reach it either way. For tests
    parametrized over ``PG_VERSIONS``."""
    if version == "15":
        request.getfixturevalue("pg_monitor_user")
        with pg_scratch(code) as s:
            yield s
        return
    cluster = request.getfixturevalue("pg18")
    with pg_scratch(code, url=cluster.url, port=cluster.port) as s:
        yield s


def check_rows(session, code: str) -> list[dict]:
    """The check's own SQL as ``session`` sees it (no judge): every row the LIMIT lets through."""
    check = registry.load().get(code)
    variant = check.sql_for(session.flavor, session.version)
    return session.run(variant.text, {}, timeout_s=check.spec.timeout_s)


def rows_named(finding, **match) -> list[dict]:
    return [r for r in finding.evidence if all(str(r.get(k)) == str(v) for k, v in match.items())]


def object_outcomes(finding) -> dict[str, str]:
    return {o.key: o.outcome.value for o in finding.objects}


def record(code: str, session, scenario: str, outcome: str, contains: str | None = None, *,
           keep: Callable[[dict], bool] | None = None, note: str | None = None, thresholds: dict | None = None,
           facts: dict | None = None) -> None:
    """With DBPATROL_RECORD_FIXTURES=1: write fixtures/<flavor>-<scenario>.yaml from the check's SQL run
    through ``session`` (rows kept by ``keep``, e.g. the planted schema only). Otherwise nothing."""
    if not RECORD:
        return
    check = registry.load().get(code)
    v = check.sql_for(session.flavor, session.version)
    rows = session.run(v.text, {}, timeout_s=check.spec.timeout_s)
    shown = [r for r in rows if keep is None or keep(r)]
    if keep is not None and "total" in check.spec.columns:
        for r in shown:
            r["total"] = len(shown)
    doc = {"engine": session.flavor, "server_version": session.server_version,
           "facts": facts or {"role": session.facts.get("role")}, "sql": v.path.name, "sql_sha256": sha256(v.path)}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(x) for k, x in r.items()} for r in shown]
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    recorded = dt.date.today().isoformat()
    doc["note"] = note or (f"recorded {recorded} by the check's live test (DBPATROL_RECORD_FIXTURES=1) from objects "
                           "planted in a scratch database" + (", rows narrowed to the planted schema" if keep else ""))
    out = check.folder / "fixtures" / f"{session.flavor}-{scenario}.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def declared_user(admin: sa.Engine, engine: str, code: str) -> tuple[str, str]:
    """A user holding exactly what ``code`` declares for ``engine`` (the statements `dbpatrol checks
    grants` prints), on the server ``admin`` reaches — for private servers, where the harness's
    monitoring user does not exist. Returns (user, password)."""
    from checks.privileges import grant_set, grant_statements

    user, password = f"dbp_{code.lower()}_{secrets.token_hex(3)}", "Pw-" + secrets.token_hex(8)
    privilege = registry.load().get(code).spec.support(engine).privilege
    with admin.connect() as c:
        if engine == "postgresql":
            c.exec_driver_sql(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
            for stmt in grant_statements(engine, grant_set(engine, privilege), user=user):
                c.exec_driver_sql(stmt)
        else:
            for host in ("%", "localhost"):
                c.exec_driver_sql(f"CREATE USER '{user}'@'{host}' IDENTIFIED BY '{password}'".replace("%", "%%"))
                for stmt in grant_statements(engine, grant_set(engine, privilege), user=user, host=host):
                    c.exec_driver_sql(stmt.replace("%", "%%"))
    return user, password
