"""MySQL and MariaDB adapter (PyMySQL through SQLAlchemy).

One adapter for both: the flavour is detected from the server's version string after connecting,
and only the session setup differs (MariaDB: ``max_statement_time`` in seconds, ``tx_read_only``;
MySQL 8: ``max_execution_time`` in ms, ``transaction_read_only``). SQL differences live in each
check's ``mysql.sql`` / ``mariadb.sql``.
"""

from __future__ import annotations

import re
import ssl
from typing import Any

from sqlalchemy.engine import URL

from ..privileges import MARIADB_ALIASES
from .base import TLS_ENCRYPTED, QueryError, Session, Unreachable, scrub

FACTS_SQL = """
SELECT VERSION() AS server_version,
       @@read_only AS read_only,
       CONNECTION_ID() AS session_id,
       DATABASE() AS db,
       NOW() AS server_time,
       (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME') AS uptime_s
"""
FACTS_SQL_MYSQL8 = FACTS_SQL.replace("information_schema.GLOBAL_STATUS", "performance_schema.global_status")
# MySQL 8: the asynchronous replication channels configured here. Group Replication's own channels
# (group_replication_applier, _recovery) exist on every member, the primary too: a member is no replica.
REPLICA_CHANNELS_SQL_MYSQL8 = ("SELECT channel_name FROM performance_schema.replication_connection_configuration "
                               "WHERE channel_name NOT IN ('group_replication_applier', 'group_replication_recovery')")
# MySQL 8: this server's Group Replication membership when it is an ONLINE member; MEMBER_ROLE is
# PRIMARY or SECONDARY (a secondary is super_read_only and receives what the primary writes).
GROUP_MEMBER_SQL_MYSQL8 = ("SELECT MEMBER_ROLE AS member_role FROM performance_schema.replication_group_members "
                           "WHERE MEMBER_ID = @@server_uuid AND MEMBER_STATE = 'ONLINE'")

# The session's sql_mode, pinned: the checks' SQL is written for the default string syntax, and a server
# whose global sql_mode has NO_BACKSLASH_ESCAPES turned their LIKE '…\\_…' escapes into literal
# backslashes — partitions' statistics (NAME#P#part of a name with _) were no longer found and their sizes
# read 0, under the size floors (measured on MariaDB 10.11); ANSI_QUOTES and PIPES_AS_CONCAT change
# quoting and ||. A mode both servers know (MySQL 8 has no NO_AUTO_CREATE_USER).
SESSION_SQL_MODE = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"

# error numbers: 1044/1045 access denied to db/user, 1142/1143 table/column denied, 1227 needs privilege
PRIVILEGE_ERRORS = {1044, 1142, 1143, 1227, 1370}
TIMEOUT_ERRORS = {1969, 3024, 1205, 1317}  # MariaDB max_statement_time, MySQL max_execution_time, lock wait, interrupted
CONNECTION_ERRORS = {2003, 2006, 2013, 2055}


# One SHOW GRANTS line: GRANT/REVOKE <privileges> ON [TABLE|FUNCTION|PROCEDURE|PACKAGE [BODY]] <db>.<object>
# TO/FROM <grantee>. Role grants (GRANT `r` TO `u`), SET DEFAULT ROLE and PROXY lines have no db.object.
_IDENT = r"(?:`(?:[^`]|``)*`|[^\s.`]+)"
_GRANT_LINE = re.compile(r"^(?P<verb>GRANT|REVOKE)\s+(?P<privs>.+?)\s+ON\s+"
                         r"(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE(?:\s+BODY)?)\s+)?"
                         rf"(?P<db>{_IDENT}|\*)\.(?P<obj>{_IDENT}|\*)\s+(?:TO|FROM)\s", re.I | re.S)
# Names one privilege has in different servers or versions (MariaDB 10.5 renamed REPLICATION CLIENT
# to BINLOG MONITOR and added SLAVE MONITOR = REPLICA MONITOR); checks/privileges.py is the one list.
PRIVILEGE_ALIASES = MARIADB_ALIASES


class GrantMap(dict):
    """SHOW GRANTS parsed: object ('*.*', 'db.*', 'db.tbl', lower case, unquoted) → privileges held
    there. A db-level key keeps the server's pattern syntax (``_`` and ``%`` wildcards, ``\\_``
    a literal underscore). ``revoked``: MySQL 8 partial revokes (``REVOKE … ON db.* FROM``), which
    take a global privilege away in one database."""

    def __init__(self):
        super().__init__()
        self.revoked: dict[str, set[str]] = {}


def _unquote(ident: str) -> str:
    if ident.startswith("`") and ident.endswith("`") and len(ident) >= 2:
        ident = ident[1:-1].replace("``", "`")
    return ident.lower()


def _privilege_name(text: str) -> str:
    p = " ".join(text.split()).upper()
    if p == "ALL":
        p = "ALL PRIVILEGES"
    return PRIVILEGE_ALIASES.get(p, p)


def _split_outside_parens(text: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def parse_grants(lines: list[str]) -> GrantMap:
    """SHOW GRANTS lines → GrantMap {object: {PRIVILEGE, …}}; role grants and PROXY are skipped.

    Column grants (``SELECT (a, b) ON db.t``) are not table grants and are left out. ``ALL`` is
    ``ALL PRIVILEGES``; aliases are folded to one name. Password hashes in the lines are never kept.
    """
    out = GrantMap()
    for line in lines:
        m = _GRANT_LINE.match(" ".join(str(line).split()))
        if not m:
            continue
        db = "*" if m["db"] == "*" else _unquote(m["db"])
        obj = "*" if m["obj"] == "*" else _unquote(m["obj"])
        names = {_privilege_name(p) for p in _split_outside_parens(m["privs"]) if "(" not in p}
        target = out if m["verb"].upper() == "GRANT" else out.revoked
        target.setdefault(f"{db}.{obj}", set()).update(names)
    return out


def _db_pattern_matches(pattern: str, db: str) -> bool:
    """A db-level grant's database name is a LIKE pattern: ``%`` any run, ``_`` one character,
    ``\\`` escapes the next one."""
    rx, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            rx.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        rx.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.fullmatch("".join(rx), db) is not None


def grants_hold(grants: dict[str, set[str]], token: str) -> bool:
    """Whether parsed grants cover one spec token: ``PROCESS`` (global), ``SELECT ON db.*`` or
    ``SELECT ON db.tbl``. A global grant covers every database (less its partial revokes), a
    db-level grant every table of the databases its pattern matches, a table grant that table."""
    t = " ".join(token.split())
    priv, obj = (re.split(r"\s+ON\s+", t, maxsplit=1, flags=re.I) + [""])[:2]
    priv = _privilege_name(priv)
    if priv == "USAGE":
        return True

    def has(privs) -> bool:
        return priv in privs or "ALL PRIVILEGES" in privs

    revoked = getattr(grants, "revoked", {})
    if not obj:
        # A global token (SHOW VIEW, REFERENCES …) is held only if no partial revoke takes it back in some
        # database (MySQL 8 partial_revokes): information_schema hides that database's objects from the
        # session, so a check reading them would report OK for what it never saw.
        return has(grants.get("*.*", ())) and not any(priv in privs or "ALL PRIVILEGES" in privs
                                                      for privs in revoked.values())
    db, _, tbl = (_unquote(p) for p in _split_ident(obj.strip()))
    if has(grants.get("*.*", ())) and not any(
            priv in privs and _db_pattern_matches(key.rpartition(".")[0], db) for key, privs in revoked.items()):
        return True
    for key, privs in grants.items():
        key_db, _, key_obj = key.rpartition(".")
        if key_obj == "*" and key_db != "*" and has(privs) and _db_pattern_matches(key_db, db):
            return True
    return tbl != "*" and has(grants.get(f"{db}.{tbl}", ()))


def _split_ident(obj: str) -> tuple[str, str, str]:
    """'db.tbl' / '`my.db`.`t`' → (db, '.', tbl), the dot outside back-quotes."""
    m = re.fullmatch(rf"(?P<db>{_IDENT})\.(?P<obj>{_IDENT}|\*)", obj)
    if not m:
        return obj, "", "*"
    return m["db"], ".", m["obj"]


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
        """No default schema: the checks name schemas (``:database``) and never rely on one. Selecting
        the inventory's ``database`` at login made the whole instance unreachable (error 1044) when
        the monitoring user — rightly — holds no privilege in it; now only that database's checks are
        "not visible to" the user (in_database)."""
        t = self.target
        return URL.create("mysql+pymysql", username=t.user, password=t.password, host=t.host, port=t.port,
                          database=None, query={"charset": "utf8mb4"})

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
            **self.tls_args(),
        }

    def tls_args(self) -> dict[str, Any]:
        """PyMySQL's TLS arguments for the target's tls_mode. None (no tls: in the inventory) leaves
        PyMySQL's default, TLS when the server offers it, unverified, plaintext otherwise. An SSLContext
        makes TLS required (PyMySQL refuses a server without it); verify-ca checks the chain against
        tls_ca (else the system's CAs), verify-identity also that the certificate names the host."""
        t = self.target
        if t.tls_mode is None or t.tls_mode == "preferred":
            return {}
        if t.tls_mode == "disabled":
            return {"ssl_disabled": True}
        ctx = ssl.create_default_context(cafile=t.tls_ca)
        ctx.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)  # as PyMySQL: servers' own certificates fail it
        ctx.check_hostname = t.tls_mode == "verify-identity"
        ctx.verify_mode = ssl.CERT_NONE if t.tls_mode == "required" else ssl.CERT_REQUIRED
        if t.tls_cert:
            ctx.load_cert_chain(t.tls_cert, keyfile=t.tls_key)
        return {"ssl": ctx}

    def _check_tls(self) -> None:
        """A mode that requires TLS: the connection must be encrypted (belt and braces: PyMySQL refuses
        a server that offers none); the cipher is kept as the fact ``tls``."""
        raw = self._conn.connection.dbapi_connection  # type: ignore[union-attr]
        sock = getattr(raw, "_sock", None)
        cipher = sock.cipher()[0] if isinstance(sock, ssl.SSLSocket) and sock.cipher() else None
        self.facts["tls"] = cipher
        if self.target.tls_mode in TLS_ENCRYPTED and not cipher:
            raise Unreachable(f"tls mode {self.target.tls_mode}: the connection is not encrypted")

    def after_connect(self) -> None:
        raw = self._conn.connection.dbapi_connection  # type: ignore[union-attr]
        # The server cuts statements at max_statement_time; the socket timeout is the backstop.
        raw._read_timeout = raw._write_timeout = self.target.connect_timeout_s + self.target.statement_timeout_s
        version = self.fetch("SELECT VERSION() AS v")[0]["v"]
        self.flavor = "mariadb" if "mariadb" in version.lower() else "mysql"
        self.server_version = version.split("-")[0]
        lock = max(1, round(self.target.lock_timeout_s))
        # time_zone SYSTEM: InnoDB's INFORMATION_SCHEMA times (INNODB_TRX.trx_started, trx_wait_started) are the
        # server OS's local time while NOW() follows the session time zone, so under default_time_zone = '+08:00'
        # on a UTC host every open transaction read 8 h old (measured on MariaDB 10.11). Window binds and the
        # checks' own clocks use UTC_TIMESTAMP(), which no session time zone changes.
        common = (f"SESSION lock_wait_timeout = {lock}, SESSION innodb_lock_wait_timeout = {lock}, SESSION time_zone = 'SYSTEM', "
                  f"SESSION sql_mode = '{SESSION_SQL_MODE}'")
        # Read-only for the whole session (each statement autocommits in its own read-only transaction:
        # the same refusal of writes as START TRANSACTION READ ONLY per check, without its round trips)
        # and bounded from the start at the session's upper timeout; run_bounded cuts each check at its own.
        self._session_timeout = float(self.target.statement_timeout_s)
        if self.flavor == "mariadb":
            self.fetch(f"SET SESSION tx_read_only = 1, SESSION max_statement_time = {_seconds(self._session_timeout)}, {common}")
        else:
            self.fetch(f"SET SESSION transaction_read_only = 1, SESSION max_execution_time = {_ms(self._session_timeout)}, {common}")
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
        self._check_tls()
        self._gather_optional_facts()

    def _gather_optional_facts(self) -> None:
        row = self.optional("SELECT @@log_bin AS log_bin, @@performance_schema AS ps")
        row = row[0] if row else {}
        as_bool = lambda v: None if v is None else bool(int(v))  # noqa: E731
        self.facts["binlog"] = as_bool(row.get("log_bin"))
        self.facts["performance_schema"] = as_bool(row.get("ps"))
        if self.flavor == "mariadb":
            # apart: a server built without wsrep has no @@wsrep_on, which must not lose the facts above
            wsrep = self.optional("SELECT @@wsrep_on AS wsrep_on")
            self.facts["galera"] = False if wsrep is None else as_bool(wsrep[0].get("wsrep_on"))
        else:
            self.facts["galera"] = False
        if self.flavor == "mysql":  # SELECT on performance_schema.replication_group_members
            members = self.optional(GROUP_MEMBER_SQL_MYSQL8)
            self.facts["group_replication"] = None if members is None else bool(members)
            self.facts["group_replication_role"] = str(members[0].get("member_role") or "").upper() or None if members else None
        else:
            self.facts["group_replication"] = False
            self.facts["group_replication_role"] = None
        # A replica is a server with a replication source configured, not one that is read_only.
        if self.flavor == "mariadb":
            channels = self.optional("SHOW ALL SLAVES STATUS")  # SLAVE MONITOR (10.5.9+)
        else:
            channels = self.optional(REPLICA_CHANNELS_SQL_MYSQL8)
        replica = None if channels is None else bool(channels)
        self.facts["replica"] = replica
        self.facts["role"] = "standby" if replica else ("primary" if replica is False else None)

    def _grants(self) -> dict[str, set[str]] | None:
        """What this session holds, from SHOW GRANTS. MariaDB's SHOW GRANTS (no FOR) lists the
        user's grants, the active roles' (nested ones included) and PUBLIC's; MySQL 8 lists only
        which roles are granted, so their privileges come from ``SHOW GRANTS FOR CURRENT_USER()
        USING <active roles>`` (MySQL manual, SHOW GRANTS statement)."""
        if not hasattr(self, "_grant_map"):
            lines = self.optional("SHOW GRANTS")
            grant_map = None
            if lines is not None:
                texts = [next(iter(r.values())) for r in lines]
                role = self.optional("SELECT CURRENT_ROLE() AS r")
                active = (role or [{}])[0].get("r") or ""
                if active and active.upper() != "NONE":
                    if self.flavor == "mysql":  # `r1`@`%`,`r2`@`%`
                        more = self.optional("SHOW GRANTS FOR CURRENT_USER() USING " + active)
                        texts += [next(iter(r.values())) for r in more or []]
                    else:
                        for name in active.split(","):
                            name = name.strip().strip("`")
                            if name:
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
        """The framing as separate statements (for a caller that runs several statements in one
        transaction); checks use run_bounded, one statement each."""
        self._set_session_timeout(timeout_s)
        self.fetch("START TRANSACTION READ ONLY")

    def run_bounded(self, sql: str, params: dict[str, Any] | None, timeout_s: float,
                    keep_settings: bool = False) -> list[dict[str, Any]]:
        """One check, one statement: the session is read-only (after_connect) and autocommits, so the
        statement is its own read-only transaction; its timeout travels with it — MariaDB
        ``SET STATEMENT max_statement_time=N FOR <statement>`` (a single SELECT, WITH or SHOW), MySQL 8
        the ``/*+ MAX_EXECUTION_TIME(ms) */`` hint of a statement that starts with SELECT. Any other
        statement runs under the session's timeout, set first only when it differs from the check's."""
        bounded = bound_statement(self.flavor, sql, timeout_s)
        if bounded is None:
            self._set_session_timeout(timeout_s)
            bounded = sql
        return self.fetch(bounded, params)

    def _set_session_timeout(self, timeout_s: float) -> None:
        if getattr(self, "_session_timeout", None) == float(timeout_s):
            return
        if self.flavor == "mariadb":
            self.fetch(f"SET SESSION max_statement_time = {_seconds(timeout_s)}")
        else:
            self.fetch(f"SET SESSION max_execution_time = {_ms(timeout_s)}")
        self._session_timeout = float(timeout_s)

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


def _seconds(timeout_s: float) -> str:
    return f"{float(timeout_s):.3f}".rstrip("0").rstrip(".")


def _ms(timeout_s: float) -> str:
    return str(max(1, int(timeout_s * 1000)))


_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|/\*(?![!+]).*?\*/)*", re.S)
_FIRST_WORD = re.compile(r"\(|[A-Za-z]+")


def bound_statement(flavor: str, sql: str, timeout_s: float) -> str | None:
    """``sql`` carrying its own timeout, or None when it cannot (then the session's applies).

    MariaDB: ``SET STATEMENT max_statement_time=N FOR`` before a single SELECT, WITH, SHOW or
    parenthesised query (the driver sends one statement per call: no ``;``-separated list reaches
    the server). MySQL 8: ``/*+ MAX_EXECUTION_TIME(ms) */`` right after the leading SELECT keyword
    (the hint applies to the whole statement, unions and subqueries included; a statement that
    starts otherwise, e.g. WITH, keeps the session's max_execution_time)."""
    start = _LEADING.match(sql).end()
    word = _FIRST_WORD.match(sql, start)
    if word is None:
        return None
    first = word.group(0).upper()
    if flavor == "mariadb":
        if first in ("SELECT", "WITH", "SHOW", "("):
            return f"SET STATEMENT max_statement_time={_seconds(timeout_s)} FOR {sql[start:]}"
        return None
    if first == "SELECT":
        return f"{sql[:word.end()]} /*+ MAX_EXECUTION_TIME({_ms(timeout_s)}) */{sql[word.end():]}"
    return None


def _quote_ident(name: str) -> str:
    return "`" + name.strip("`'").replace("`", "``") + "`"
