"""Helpers for the MySQL 8 / MariaDB security checks' live tests (SEC040–SEC055): a private, hardened
mariadbd they share, and the fixture recorder their record_fixtures.py scripts use.

Account and server-setting checks need a server whose accounts and globals are exactly what the
test planted: the shared MariaDB on 3306 has ``root@127.0.0.1`` without a password (every account
check would be at fault there) and must not be reconfigured. ``lab(request)`` starts one private
mariadbd (tests/servers.py) the first time a test module asks for it and stops it at the end of the
session. It is hardened first: ``root@127.0.0.1`` gets a password and is the admin the tests use,
``root@localhost`` authenticates by unix_socket only, the other root accounts are dropped — so a
check with nothing planted is OK there, and a planted account is the only offender.

Every module leaves the lab as it found it: accounts it creates it drops, globals it sets it puts
back (``Lab.globals``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa
import yaml

from checks import registry
from checks.adapters import ConnectTarget, open_session
from checks.privileges import grant_set, grant_statements
from tests.servers import MariaServer


class Lab:
    def __init__(self, server: MariaServer, password: str):
        self.server = server
        self.port = server.port
        self.password = password
        self._engine = sa.create_engine(f"mysql+pymysql://root:{password}@127.0.0.1:{self.port}/mysql",
                                        isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        self.monitors: dict[str, str] = {}

    @classmethod
    def start(cls, options: dict[str, str | None] | None = None) -> "Lab":
        for attempt in (1, 2):  # mariadb-install-db can trip over another bootstrap's temp table in /tmp
            server = MariaServer(options=dict(options or {}))
            try:
                server.start()
                break
            except RuntimeError:
                server.destroy()
                if attempt == 2:
                    raise
        password = "Lab-" + secrets.token_hex(8)
        server.sql(f"ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '{password}'")
        lab = cls(server, password)
        for (host,) in lab.sql("SELECT host FROM mysql.global_priv WHERE user = 'root' "
                               "AND host NOT IN ('localhost', '127.0.0.1')"):
            lab.sql(f"DROP USER 'root'@'{host}'")
        lab.sql("ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket")
        lab.sql("INSTALL SONAME 'auth_ed25519'")
        return lab

    def sql(self, statement: str):
        with self._engine.connect() as c:
            res = c.exec_driver_sql(statement.replace("%", "%%"))
            return res.fetchall() if res.returns_rows else None

    def value(self, statement: str):
        rows = self.sql(statement)
        return rows[0][0] if rows else None

    def engine(self) -> sa.Engine:
        return self._engine

    def monitor(self, code: str) -> ConnectTarget:
        """A monitoring user holding exactly what ``code`` declares for MariaDB (as `dbpatrol checks
        grants` prints it), on 127.0.0.1 (a local account: host checks do not count it)."""
        if code not in self.monitors:
            name = f"mon_{code.lower()}"
            support = registry.load().get(code).spec.support("mariadb")
            self.sql(f"CREATE USER '{name}'@'127.0.0.1' IDENTIFIED BY '{self.password}'")
            for stmt in grant_statements("mariadb", grant_set("mariadb", support.privilege), user=name, host="127.0.0.1"):
                self.sql(stmt.rstrip(";"))
            self.monitors[code] = name
        return ConnectTarget("mariadb", "127.0.0.1", self.port, None, self.monitors[code], self.password)

    def session(self, code: str):
        return open_session(self.monitor(code))

    @contextlib.contextmanager
    def globals(self, **settings):
        """SET GLOBAL each setting for the block, then put back what was there."""
        before = {k: self.value(f"SELECT @@GLOBAL.{k}") for k in settings}
        try:
            for k, v in settings.items():
                self.sql(f"SET GLOBAL {k} = {_literal(v)}")
            yield
        finally:
            for k, v in before.items():
                self.sql(f"SET GLOBAL {k} = {_literal(v)}")

    @contextlib.contextmanager
    def accounts(self, *statements: str):
        """Run CREATE USER / CREATE ROLE statements for the block; drop what they made after it."""
        made = []
        try:
            for stmt in statements:
                m = _CREATED.match(stmt)
                assert m, f"not a CREATE USER/ROLE statement: {stmt}"
                self.sql(stmt)
                made.append((m["kind"].upper(), m["who"]))
            yield
        finally:
            for kind, who in reversed(made):
                self.sql(f"DROP {kind} IF EXISTS {who}")

    def destroy(self) -> None:
        self._engine.dispose()
        self.server.destroy()


def _literal(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    return s if s.upper() in ("ON", "OFF", "DEFAULT") or s.lstrip("-").isdigit() else "'" + s.replace("'", "''") + "'"


_CREATED = re.compile(r"\s*CREATE\s+(?P<kind>USER|ROLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<who>'[^']*'(?:@'[^']*')?|\S+)", re.I)

def certificate(folder: Path, name: str, days: int) -> tuple[str, str]:
    """A self-signed server certificate and key valid for ``days``, readable by the mysql OS user."""
    key, cert = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", str(days), "-subj", "/CN=dbpatrol-test"],
                   check=True, capture_output=True, timeout=60)
    for p in (key, cert):
        p.chmod(0o644)
    return str(cert), str(key)


_LABS: dict[str, Lab] = {}


def _strict_options(folder: Path) -> dict[str, str | None]:
    """A server configured as the benchmarks ask: TLS required (TLSv1.2/1.3, a 400-day certificate),
    file access confined, server_audit loaded for good and logging logins."""
    cert, key = certificate(folder, "strict", 400)
    files = folder / "files"
    files.mkdir()
    shutil.chown(files, "mysql")
    return {"ssl-cert": cert, "ssl-key": key, "tls-version": "TLSv1.2,TLSv1.3", "require-secure-transport": "ON",
            "secure-file-priv": str(files), "local-infile": "0",
            "plugin-load-add": "server_audit", "server-audit": "FORCE_PLUS_PERMANENT",
            "server-audit-logging": "ON", "server-audit-events": "CONNECT,QUERY_DDL"}


def lab(request, strict: bool = False) -> Lab:
    """The session's shared lab, started on first use and stopped when the test session ends.

    ``strict=True``: a second one, configured as the benchmarks ask (_strict_options), for the
    server-setting checks' healthy case; its accounts are hardened the same way."""
    kind = "strict" if strict else "plain"
    if kind not in _LABS:
        folder = Path(tempfile.mkdtemp(prefix="dbpatrol-lab-"))
        folder.chmod(0o755)
        _LABS[kind] = Lab.start(_strict_options(folder) if strict else None)
        _LABS[kind].folder = folder

        def stop():
            made = _LABS.pop(kind, None)
            if made is not None:
                made.destroy()
                shutil.rmtree(made.folder, ignore_errors=True)

        request.config.add_cleanup(stop)
    return _LABS[kind]


# ----- MySQL 8 SQL run on MariaDB against stand-in grant tables --------------------------------
# No MySQL 8 server here: a mysql.sql is parsed (tests/test_sql_syntax.py) and judged from fixtures.
# Where its logic is more than a lookup (the role expansion of SEC043/SEC055), it is also *executed*
# on the local MariaDB with mysql.user / role_edges / default_roles / global_grants and
# information_schema.USER_PRIVILEGES replaced by scratch tables of MySQL 8's shape (a scratch schema
# made and dropped) and @@mandatory_roles / @@activate_all_roles_on_login by session variables. It
# proves the SQL's logic, not MySQL's catalogs.

MY8_GRANT_TABLES = (
    "CREATE TABLE {db}.user (User CHAR(32), Host CHAR(255), account_locked ENUM('N','Y'))",
    "CREATE TABLE {db}.role_edges (FROM_HOST CHAR(255), FROM_USER CHAR(32), TO_HOST CHAR(255), TO_USER CHAR(32), "
    "WITH_ADMIN_OPTION ENUM('N','Y'))",
    "CREATE TABLE {db}.default_roles (HOST CHAR(255), USER CHAR(32), DEFAULT_ROLE_HOST CHAR(255), DEFAULT_ROLE_USER CHAR(32))",
    "CREATE TABLE {db}.global_grants (USER CHAR(32), HOST CHAR(255), PRIV CHAR(32), WITH_GRANT_OPTION ENUM('N','Y'))",
    "CREATE TABLE {db}.USER_PRIVILEGES (GRANTEE VARCHAR(292), PRIVILEGE_TYPE VARCHAR(64), IS_GRANTABLE VARCHAR(3))",
    "CREATE TABLE {db}.db (Host CHAR(255), Db CHAR(64), User CHAR(32), Insert_priv ENUM('N','Y') DEFAULT 'N', "
    "Update_priv ENUM('N','Y') DEFAULT 'N', Delete_priv ENUM('N','Y') DEFAULT 'N', Create_priv ENUM('N','Y') DEFAULT 'N', "
    "Drop_priv ENUM('N','Y') DEFAULT 'N', Alter_priv ENUM('N','Y') DEFAULT 'N')",
    "CREATE TABLE {db}.tables_priv (Host CHAR(255), Db CHAR(64), User CHAR(32), Table_name CHAR(64), "
    "Table_priv SET('Select','Insert','Update','Delete','Create','Drop','Grant','References','Index','Alter'))",
    # app@% (default role dba, which nests role nested), ops@10.0.0.% (dba granted, not default),
    # mand (a role for @@mandatory_roles), a local root
    "INSERT INTO {db}.user VALUES ('app','%','N'), ('dba','%','Y'), ('nested','%','Y'), ('mand','%','Y'), "
    "('ops','10.0.0.%','N'), ('root','localhost','N')",
    "INSERT INTO {db}.role_edges VALUES ('%','dba','%','app','N'), ('%','nested','%','dba','N'), ('%','dba','10.0.0.%','ops','N')",
    "INSERT INTO {db}.default_roles VALUES ('%','app','%','dba')",
    "INSERT INTO {db}.USER_PRIVILEGES VALUES (\"'app'@'%'\",'SELECT','NO'), (\"'dba'@'%'\",'SUPER','YES'), "
    "(\"'nested'@'%'\",'FILE','NO'), (\"'mand'@'%'\",'SHUTDOWN','NO'), (\"'root'@'localhost'\",'SUPER','YES'), "
    "(\"'ops'@'10.0.0.%'\",'USAGE','NO')",
    "INSERT INTO {db}.global_grants VALUES ('dba','%','SYSTEM_USER','N')",
    # write access to the grant tables: role nested may UPDATE mysql.user; a local root's db grant is not remote
    "INSERT INTO {db}.tables_priv VALUES ('%', 'mysql', 'nested', 'user', 'Select,Update')",
    "INSERT INTO {db}.db (Host, Db, User, Insert_priv) VALUES ('localhost', 'mysql', 'root', 'Y')",
)


def mysql8_standin_rows(admin: sa.Engine, code: str, tables: tuple[str, ...], *,
                        redirect: tuple[str, ...] = ("information_schema.USER_PRIVILEGES", "mysql."),
                        variables: dict[str, str] | None = None) -> list[dict]:
    """Run ``code``'s mysql.sql on the MariaDB at ``admin`` with every name in ``redirect`` (a table,
    or a schema prefix ending in a dot) pointing into a scratch schema that ``tables`` (statements
    with a ``{db}`` placeholder) fill, and each ``@@GLOBAL.<name>`` of ``variables`` replaced by a
    session variable holding that value. The rows, as the SQL returned them."""
    db = f"dbp_my8_{secrets.token_hex(3)}"
    sql = registry.load().get(code).sql_for("mysql", (8, 0, 36)).text
    for name in redirect:
        sql = sql.replace(name, f"{db}." if name.endswith(".") else f"{db}.{name.split('.')[-1]}")
    variables = variables or {}
    for name in variables:
        sql = sql.replace(f"@@GLOBAL.{name}", f"@{name}")
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {db}")
        try:
            for stmt in tables:
                c.exec_driver_sql(stmt.format(db=db).replace("%", "%%"))
            for name, value in variables.items():
                c.exec_driver_sql(f"SET @{name} = %s", (value,))
            return [dict(r._mapping) for r in c.exec_driver_sql(sql.replace("%", "%%"))]
        finally:
            c.exec_driver_sql(f"DROP DATABASE {db}")


def mysql8_standin(admin: sa.Engine, code: str, tables: tuple[str, ...], *, mandatory_roles: str = "",
                   activate_all: int = 0, extra: tuple[str, ...] = ()) -> dict[str, dict[str, list[str]]]:
    """SEC043/SEC055's mysql.sql against the stand-in grant tables: account → privilege → sorted
    sources ('-' = held directly), as checks.security._mysql.account_privileges folds the rows."""
    from checks.security._mysql import account_privileges

    rows = mysql8_standin_rows(admin, code, (*tables, *extra),
                               variables={"mandatory_roles": mandatory_roles, "activate_all_roles_on_login": str(activate_all)})
    return {a["account"]: {p: sorted(s or "-" for s in src) for p, src in a["held"].items()}
            for a in account_privileges(rows)}


# ----- fixtures -------------------------------------------------------------------------------

def _plain(v):
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if hasattr(v, "__float__") and not isinstance(v, (int, float, bool)):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return v


def _write(check, engine, scenario, doc) -> Path:
    out = check.folder / "fixtures" / f"{engine}-{scenario}.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print("wrote", out)
    return out


def record(code: str, session, scenario: str, outcome: str, contains: str | None = None, *, note: str,
           thresholds: dict | None = None, window: tuple[dt.datetime, dt.datetime] | None = None) -> Path:
    """Run ``code``'s SQL through a dbpatrol session; write fixtures/<flavor>-<scenario>.yaml."""
    check = registry.load().get(code)
    v = check.sql_for(session.flavor, session.version)
    end = dt.datetime.now(dt.timezone.utc)
    start, end = window or (end - dt.timedelta(days=1), end)
    binds = {k: x for k, x in {"window_start": start, "window_end": end}.items() if k in registry.bind_names(v.text)}
    doc = {"engine": session.flavor, "server_version": session.server_version,
           "facts": {"role": session.facts.get("role")}, "sql": v.path.name,
           "sql_sha256": hashlib.sha256(v.path.read_bytes()).hexdigest()}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = [{k: _plain(x) for k, x in r.items()} for r in session.run(v.text, binds)]
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    doc["note"] = note
    return _write(check, session.flavor, scenario, doc)


def manual(code: str, scenario: str, rows: list[dict], outcome: str, contains: str | None = None, *, note: str,
           server_version: str = "8.0.36", thresholds: dict | None = None, sql: str = "mysql.sql",
           facts: dict | None = None) -> Path:
    """A MySQL 8 fixture written from the reference manual (no MySQL 8 server here), hashed like a recorded one."""
    check = registry.load().get(code)
    path = check.folder / sql
    doc = {"engine": "mysql", "server_version": server_version, "note": note, "facts": facts or {"role": "primary"},
           "sql": sql, "sql_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    if thresholds:
        doc["thresholds"] = thresholds
    doc["rows"] = rows
    doc["expect"] = {"outcome": outcome, **({"message_contains": contains} if contains else {})}
    return _write(check, "mysql", scenario, doc)
