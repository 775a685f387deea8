"""Helpers for the PostgreSQL security checks' live tests (SEC020-SEC029).

Roles, pg_hba.conf and server settings are cluster-wide: planting a superuser or a ``trust`` line on
the shared server would be seen by every other test running there. These checks are therefore
tested on private clusters (tests/servers.py), with a monitoring role that holds exactly what the
check declares (``EngineSupport.privilege``, granted with the statements ``dbpatrol checks grants``
prints). Database-scope checks plant their objects in a scratch database instead.

``DBPATROL_RECORD_FIXTURES=1 uv run pytest checks/security/SEC0xx_*/`` re-records a check's fixtures
from the live run (each test names the scenario it records): the rows are what the check's own SQL
returned on that server at that moment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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
from tests.fixture_files import _plain, sha256
from tests.live import REG, run
from tests.servers import AS_POSTGRES, PgCluster, _run, free_port, pg16_bin

RECORD = os.environ.get("DBPATROL_RECORD_FIXTURES") == "1"


def monitor_role(cluster, code: str, *, database: str = "postgres") -> ConnectTarget:
    """A LOGIN role holding exactly ``code``'s declared PostgreSQL privilege on ``cluster``."""
    user = f"dbp_mon_{code.lower()}_{secrets.token_hex(2)}"
    cluster.sql(f"CREATE ROLE {user} LOGIN")
    privilege = REG.get(code).spec.support("postgresql").privilege
    for statement in grant_statements("postgresql", grant_set("postgresql", privilege), user=user):
        cluster.sql(statement.rstrip(";"))
    return ConnectTarget("postgresql", "127.0.0.1", cluster.port, database, user)


def check(target: ConnectTarget, code: str, overrides: dict | None = None, *, record: str | None = None,
          expect: str | None = None, contains: str | None = None, note: str | None = None):
    """Run ``code`` as ``target``'s user; with ``record`` (a scenario name) and DBPATROL_RECORD_FIXTURES=1,
    also write fixtures/<engine>-<record>.yaml from the rows the check's SQL returns on the same session."""
    with open_session(target) as s:
        finding = run(s, code, overrides)
        if record and RECORD:
            write_fixture(s, code, record, expect or finding.outcome.value, contains, overrides, note)
        return finding


def write_fixture(s, code: str, scenario: str, outcome: str, contains: str | None, thresholds: dict | None,
                  note: str | None) -> None:
    c = registry.load().get(code)
    v = c.sql_for(s.flavor, s.version)
    now = dt.datetime.now(dt.timezone.utc)
    binds = {k: x for k, x in {"window_start": now - dt.timedelta(days=1), "window_end": now}.items()
             if k in registry.bind_names(v.text)}
    doc = {"engine": s.flavor, "server_version": s.server_version, "facts": {"role": s.facts.get("role")},
           "sql": v.path.name, "sql_sha256": sha256(v.path)}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(x) for k, x in r.items()} for r in s.run(v.text, binds)]
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    doc["note"] = note or f"recorded from the live test {c.folder.name}/test_{code.lower()}.py on a throwaway server or in a scratch database"
    out = c.folder / "fixtures" / f"{s.flavor}-{scenario}.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def objects(finding) -> dict[str, str]:
    """The objects at fault: key → outcome value."""
    return {o.key: o.outcome.value for o in finding.objects}


def row(finding, **match) -> dict | None:
    return next((r for r in finding.evidence if all(str(r.get(k)) == str(v) for k, v in match.items())), None)



# PostgreSQL 16.2 from the pgserver wheel: tests/servers.py pg16_bin (runnable by the postgres OS user)


class Pg16Cluster(PgCluster):
    """A private cluster on pgserver's PostgreSQL 16 binaries (PgCluster runs Debian's 15)."""

    def init(self):
        self.base = tempfile.mkdtemp(prefix="dbpatrol-pg16-")
        shutil.chown(self.base, "postgres")
        _run([*AS_POSTGRES, f"{pg16_bin()}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync"])
        self.port = free_port()
        return self

    def start(self):
        if not self.base:
            self.init()
        _run([*AS_POSTGRES, f"{pg16_bin()}/pg_ctl", "-D", self.data, "-o", self._opts(), "-l", self.log, "-w", "start"])
        return self

    def stop(self, mode: str = "fast") -> None:
        _run([*AS_POSTGRES, f"{pg16_bin()}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])


def pg16(pg_clusters, settings: dict | None = None) -> Pg16Cluster:
    """A started PostgreSQL 16 cluster, destroyed with the session's other clusters."""
    return pg_clusters.track(Pg16Cluster(settings=dict(settings or {}))).start()


class _SharedServer:
    """The shared PostgreSQL (127.0.0.1:5432) seen through the admin engine, shaped like a PgCluster."""

    port = 5432

    def __init__(self, admin_url: str):
        self.admin_url = admin_url

    def engine(self, database: str = "test") -> sa.Engine:
        url = sa.make_url(self.admin_url).set(database=database)
        return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def sql(self, statement: str, database: str = "test"):
        eng = self.engine(database)
        try:
            with eng.connect() as c:
                res = c.exec_driver_sql(statement)
                return res.scalar() if res.returns_rows else None
        finally:
            eng.dispose()


@contextlib.contextmanager
def scratch_database(code: str):
    """A database of its own on the shared server, and a LOGIN role holding exactly ``code``'s declared
    privilege, connected to it; both dropped at the end. Yields (server, database, target)."""
    from tests.harness import PG_ADMIN_URL

    server = _SharedServer(PG_ADMIN_URL)
    db = f"dbp_{code.lower()}_{secrets.token_hex(3)}"
    server.sql(f"CREATE DATABASE {db}")
    target = monitor_role(server, code, database=db)
    try:
        yield server, db, target
    finally:
        server.sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        server.sql(f"DROP OWNED BY {target.user}")
        server.sql(f"DROP ROLE IF EXISTS {target.user}")
