"""MySQL and MariaDB adapter (PyMySQL through SQLAlchemy).

One adapter for both: the flavour is detected from the server's version string after connecting,
and only the session setup differs (MariaDB: ``max_statement_time`` in seconds, ``tx_read_only``;
MySQL 8: ``max_execution_time`` in ms, ``transaction_read_only``). SQL differences live in each
check's ``mysql.sql`` / ``mariadb.sql``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.engine import URL

from .base import QueryError, Session, Unreachable, scrub

FACTS_SQL = """
SELECT VERSION() AS server_version,
       @@read_only AS read_only,
       CONNECTION_ID() AS session_id,
       DATABASE() AS db,
       NOW() AS server_time,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME') AS uptime_s
"""
FACTS_SQL_MYSQL8 = FACTS_SQL.replace("information_schema.GLOBAL_STATUS", "performance_schema.global_status")

# error numbers: 1044/1045 access denied to db/user, 1142/1143 table/column denied, 1227 needs privilege
PRIVILEGE_ERRORS = {1044, 1142, 1143, 1227, 1370}
TIMEOUT_ERRORS = {1969, 3024, 1205, 1317}  # MariaDB max_statement_time, MySQL max_execution_time, lock wait, interrupted
CONNECTION_ERRORS = {2003, 2006, 2013, 2055}


_GRANT_LINE = re.compile(r"^GRANT\s+(?P<privs>.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE(?: BODY)?)\s+)?"
                         r"(?P<obj>\S+)\s+TO\s", re.I | re.S)
# Names one privilege has in different servers or versions (MariaDB 10.5 renamed two).
PRIVILEGE_ALIASES = {"REPLICATION CLIENT": "BINLOG MONITOR", "REPLICA MONITOR": "SLAVE MONITOR"}


def parse_grants(lines: list[str]) -> dict[str, set[str]]:
    """SHOW GRANTS lines → {object ('*.*', 'db.*', 'db.tbl'): {PRIVILEGE, …}}; role grants are skipped.

    Column grants (``SELECT (a, b)``) are not table grants and are left out. Password hashes in the
    lines are never kept.
    """
    out: dict[str, set[str]] = {}
    for line in lines:
        m = _GRANT_LINE.match(line.strip())
        if not m:
            continue
        obj = m["obj"].replace("`", "").lower()
        privs = re.sub(r"\([^)]*\)", "", m["privs"])
        names = set()
        for p in privs.split(","):
            p = " ".join(p.split()).upper()
            if not p:
                continue
            if p == "ALL":
                p = "ALL PRIVILEGES"
            names.add(PRIVILEGE_ALIASES.get(p, p))
        # privileges followed by a column list were stripped to their name: drop those (column grants)
        for col_priv in re.findall(r"([A-Z ]+)\s*\(", m["privs"].upper()):
            names.discard(" ".join(col_priv.split()))
        out.setdefault(obj, set()).update(names)
    return out


def grants_hold(grants: dict[str, set[str]], token: str) -> bool:
    """Whether parsed grants cover one spec token: 'PROCESS' (global) or 'SELECT ON db.tbl'."""
    t = " ".join(token.split())
    priv, _, obj = t.upper().partition(" ON ")
    priv = PRIVILEGE_ALIASES.get(priv, priv)
    if obj:
        db, _, tbl = obj.lower().replace("`", "").partition(".")
        places = ("*.*", f"{db}.*", f"{db}.{tbl}")
    else:
        places = ("*.*",)
    return any(priv in grants.get(p, ()) or "ALL PRIVILEGES" in grants.get(p, ()) for p in places)


class MySQLSession(Session):
    engine = "mysql"
    # A database here is a schema. The system schemas are never "a database the business runs".
    DATABASES_SQL = ("SELECT schema_name AS name FROM information_schema.SCHEMATA WHERE schema_name NOT IN "
                     "('mysql', 'sys', 'performance_schema', 'information_schema') ORDER BY schema_name")

    def in_database(self, name: str) -> Session:
        """One server, one catalog: the instance's own session serves every schema, and the checks
        bind the schema's name as ``:database``. The schema must exist and be visible to the
        monitoring user (information_schema shows only schemas it holds some privilege on)."""
        rows = self.run("SELECT schema_name AS name FROM information_schema.SCHEMATA WHERE schema_name = :db",
                        {"db": name})
        if not rows:
            raise Unreachable(f"database {name!r} does not exist or is not visible to {self.target.user}")
        return self

    def url(self) -> URL:
        t = self.target
        return URL.create("mysql+pymysql", username=t.user, password=t.password, host=t.host, port=t.port,
                          database=t.database or None, query={"charset": "utf8mb4"})

    def connect_args(self) -> dict[str, Any]:
        t = self.target
        return {
            "connect_timeout": t.connect_timeout_s,
            # PyMySQL reads the server greeting with read_timeout, not connect_timeout: without it a
            # socket that accepts and never answers would hang the inspection forever. It is
            # widened to cover a statement once connected (after_connect).
            "read_timeout": t.connect_timeout_s,
            "write_timeout": t.connect_timeout_s,
            "program_name": t.application_name,
        }

    def after_connect(self) -> None:
        raw = self._conn.connection.dbapi_connection  # type: ignore[union-attr]
        # The server cuts statements at max_statement_time; the socket timeout is the backstop.
        raw._read_timeout = raw._write_timeout = self.target.connect_timeout_s + self.target.statement_timeout_s
        version = self.fetch("SELECT VERSION() AS v")[0]["v"]
        self.flavor = "mariadb" if "mariadb" in version.lower() else "mysql"
        self.server_version = version.split("-")[0]
        lock = max(1, round(self.target.lock_timeout_s))
        if self.flavor == "mariadb":
            self.fetch(f"SET SESSION tx_read_only = 1, SESSION lock_wait_timeout = {lock}, SESSION innodb_lock_wait_timeout = {lock}")
        else:
            self.fetch(f"SET SESSION transaction_read_only = 1, SESSION lock_wait_timeout = {lock}, SESSION innodb_lock_wait_timeout = {lock}")
        facts_sql = FACTS_SQL if self.flavor == "mariadb" else FACTS_SQL_MYSQL8
        row = self.fetch(facts_sql)[0]
        self.facts = {
            "read_only": bool(int(row["read_only"] or 0)),
            "role": "standby" if int(row["read_only"] or 0) else "primary",  # read_only is how a replica is usually marked
            "session_id": row["session_id"],
            "uptime_s": int(row["uptime_s"] or 0),
            "database": row["db"],
            "flavor": self.flavor,
        }
        self._gather_optional_facts()

    def _gather_optional_facts(self) -> None:
        row = self.optional("SELECT @@log_bin AS log_bin, @@performance_schema AS ps"
                            + (", @@wsrep_on AS wsrep_on" if self.flavor == "mariadb" else ""))
        row = row[0] if row else {}
        as_bool = lambda v: None if v is None else bool(int(v))  # noqa: E731
        self.facts["binlog"] = as_bool(row.get("log_bin"))
        self.facts["performance_schema"] = as_bool(row.get("ps"))
        self.facts["galera"] = as_bool(row.get("wsrep_on")) if self.flavor == "mariadb" else False
        # A replica is a server with a replication source configured, not one that is read_only.
        if self.flavor == "mariadb":
            channels = self.optional("SHOW ALL SLAVES STATUS")  # SLAVE MONITOR (10.5.9+)
        else:
            channels = self.optional("SELECT channel_name FROM performance_schema.replication_connection_configuration")
        replica = None if channels is None else bool(channels)
        self.facts["replica"] = replica
        self.facts["role"] = "standby" if replica else ("primary" if replica is False else None)

    def _grants(self) -> dict[str, set[str]] | None:
        if not hasattr(self, "_grant_map"):
            lines = self.optional("SHOW GRANTS")
            grant_map = None
            if lines is not None:
                texts = [next(iter(r.values())) for r in lines]
                role = self.optional("SELECT CURRENT_ROLE() AS r")
                for name in ((role or [{}])[0].get("r") or "").split(","):
                    name = name.strip().strip("`")
                    if name and name.upper() != "NONE":
                        more = self.optional("SHOW GRANTS FOR " + _quote_ident(name.split("@")[0]))
                        texts += [next(iter(r.values())) for r in more or []]
                grant_map = parse_grants(texts)
            self._grant_map = grant_map
        return self._grant_map

    def probe_privilege(self, token: str) -> bool | None:
        if token.strip().upper() in ("USAGE", "LOGIN", "NONE"):
            return True
        grants = self._grants()
        return None if grants is None else grants_hold(grants, token)

    def begin(self, timeout_s: float) -> None:
        if self.flavor == "mariadb":
            self.fetch("SET SESSION max_statement_time = :t", {"t": float(timeout_s)})
        else:
            self.fetch("SET SESSION max_execution_time = :t", {"t": int(timeout_s * 1000)})
        self.fetch("START TRANSACTION READ ONLY")

    def classify(self, exc: Exception) -> QueryError:
        orig = getattr(exc, "orig", None) or exc
        code = orig.args[0] if getattr(orig, "args", None) and isinstance(orig.args[0], int) else None
        msg = scrub(str(orig.args[1]) if code is not None and len(orig.args) > 1 else str(orig), self.target.password)
        if code in PRIVILEGE_ERRORS:
            return QueryError("privilege", f"({code}) {msg}")
        if code in TIMEOUT_ERRORS:
            return QueryError("timeout", f"({code}) {msg}")
        if code in CONNECTION_ERRORS:
            return QueryError("connection", f"({code}) {msg}")
        return QueryError("error", f"({code}) {msg}" if code else msg)


def _quote_ident(name: str) -> str:
    return "`" + name.strip("`'").replace("`", "``") + "`"
