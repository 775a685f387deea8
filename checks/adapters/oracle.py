"""Oracle adapter: python-oracledb thin mode (no Instant Client), every network wait bounded.

No Oracle server can run where dbpatrol is built and tested. This adapter is exercised there
against local sockets that accept and stay silent or close (tests/test_oracle_endpoints.py), and
the Oracle checks are verified by parse + column dictionary (tests/test_oracle_sql.py), fixtures
written from the Oracle Database Reference, and a record/replay licence test
(tests/test_oracle_replay.py). Nothing here is live-tested against an Oracle server.

Why not SQLAlchemy's synchronous oracledb dialect, as the other engines use: a thin-mode
``oracledb.connect()`` to an endpoint that accepts TCP and never answers waits forever —
``tcp_connect_timeout`` bounds only the TCP handshake, and ``call_timeout`` exists only once a
connection does (measured here: > 100 s with tcp_connect_timeout=2). The asyncio API of the same
thin driver can be cancelled, and cancelling closes its socket. So each session runs one event loop
in a private thread and every call — connect + login, and each statement — is an
``asyncio.wait_for`` with a deadline: connect + login within ``connect_timeout_s`` +
``LOGIN_GRACE_S``; each statement within its ``call_timeout`` (set on the connection, so the server
cancels it) + ``CALL_GRACE_S``. ``expire_time`` sends TCP keepalives so a peer that vanishes
mid-session is noticed, and ``retry_count=0`` means one attempt per inspection.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import re
import threading
import time
from pathlib import Path
from typing import Any

from .base import ConnectTarget, QueryError, Session, Unreachable, scrub

LOGIN_GRACE_S = 3.0  # on top of connect_timeout_s: the TNS handshake and login after TCP connects
CALL_GRACE_S = 2.0  # on top of a statement's call_timeout: the server's own cancel comes first
EXPIRE_TIME_MIN = 1  # python-oracledb expire_time: minutes between TCP keepalive probes

DICTIONARY_PATH = Path(__file__).with_name("oracle_dictionary.yaml")

# Diagnostics Pack views (catalog.md §2.3; Oracle Database Licensing Information 19c, as summarised at
# qiita.com/fujid/items/219534feb40f6a3e1deb): every DBA_HIST_* view except the licence-free ones,
# V$ACTIVE_SESSION_HISTORY (and GV$, CDB_/AWR_ forms), every DBA_ADDM_* view, and the DBMS_ADDM,
# DBMS_PERF and DBMS_WORKLOAD_REPOSITORY packages. (DBA_ADVISOR_* needs the pack only for ADDM tasks, by
# the rows read: no name rule can tell, so a check must not read it without requires=("diagnostics_pack",).)
LICENCE_FREE_HIST = frozenset({"DBA_HIST_SNAPSHOT", "DBA_HIST_DATABASE_INSTANCE", "DBA_HIST_SNAP_ERROR",
                               "DBA_HIST_SEG_STAT", "DBA_HIST_SEG_STAT_OBJ", "DBA_HIST_UNDOSTAT"})
_PACK_NAME = re.compile(r"^(?:SYS\.)?(?:(?:DBA|CDB|AWR_CDB|AWR_PDB|AWR_ROOT)_HIST_[A-Z0-9_$#]+|(?:DBA|CDB)_ADDM_[A-Z0-9_$#]+"
                        r"|G?V\$ACTIVE_SESSION_HISTORY|DBMS_ADDM|DBMS_PERF|DBMS_WORKLOAD_REPOSITORY)$")
_IDENT = re.compile(r"(?<![A-Z0-9_$#.])(?:SYS\.)?[A-Z][A-Z0-9_$#]*", re.I)


def is_pack_view(name: str) -> bool:
    """Whether reading this view needs the Diagnostics Pack licence."""
    n = name.upper()
    base = n[4:] if n.startswith("SYS.") else n
    generic = re.sub(r"^(?:CDB|AWR_CDB|AWR_PDB|AWR_ROOT)_HIST_", "DBA_HIST_", base)
    return bool(_PACK_NAME.match(n)) and generic not in LICENCE_FREE_HIST


def pack_views_in(sql: str) -> set[str]:
    """The Diagnostics Pack views a statement names (comments and string literals ignored)."""
    text = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    text = re.sub(r"--[^\n]*", " ", text)
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    return {m.group(0).upper() for m in _IDENT.finditer(text) if is_pack_view(m.group(0))}


@functools.lru_cache(maxsize=2)
def _dictionary_file() -> dict:
    import yaml

    return yaml.safe_load(DICTIONARY_PATH.read_text(encoding="utf-8"))


def load_dictionary(raw: bool = False) -> dict:
    """{VIEW: {COLUMN: type}} from oracle_dictionary.yaml (``raw``: the whole file with sources)."""
    doc = _dictionary_file()
    if raw:
        return doc
    return {view.upper(): {c.upper(): str(t) for c, t in entry["columns"].items()} for view, entry in doc["views"].items()}


# Facts every session can read without a grant (USERENV context, 12c+ container names).
FACTS_SQL = """
SELECT SYS_CONTEXT('USERENV', 'DATABASE_ROLE') AS database_role,
       SYS_CONTEXT('USERENV', 'CON_NAME')      AS con_name,
       SYS_CONTEXT('USERENV', 'CON_ID')        AS con_id,
       SYS_CONTEXT('USERENV', 'SID')           AS session_id,
       SYS_CONTEXT('USERENV', 'DB_NAME')       AS db_name
FROM dual
"""
# Facts that need SELECT on dictionary views: a refusal degrades the fact, never the instance.
INSTANCE_SQL = """
SELECT i.version_full AS version_full, ROUND((SYSDATE - i.startup_time) * 86400) AS uptime_s, i.startup_time
FROM v$instance i
"""
DATABASE_SQL = "SELECT d.open_mode, d.cdb, d.log_mode FROM v$database d"
PACK_SQL = "SELECT value FROM v$parameter WHERE name = 'control_management_pack_access'"
# Statspack (PERFSTAT, installed by spcreate.sql): the licence-free snapshot history the performance
# checks read when the Diagnostics Pack is not declared. The fact holds when this user can read the
# snapshot table and it has a snapshot (a refusal or no schema: False).
STATSPACK_SQL = "SELECT COUNT(*) AS snaps FROM perfstat.stats$snapshot WHERE ROWNUM < 2"
SESSION_PRIVS_SQL = "SELECT privilege FROM session_privs"
SESSION_ROLES_SQL = "SELECT role FROM session_roles"
_VIEW = re.compile(r"^(?:(?:SYS|PERFSTAT)\.)?[A-Z][A-Z0-9_$#]*$")

PRIVILEGE_ERRORS = {942, 1031, 1039}  # table or view does not exist (no grant), insufficient privileges
TIMEOUT_ERRORS = {3136, 3156, 1013}  # DPY-4024 call timeout surfaces as ORA-03156 / user requested cancel


# What the adapter itself reads at login, beyond what every session may (USERENV, SESSION_PRIVS/ROLES).
FACTS_GRANTS = ("SELECT ON V_$INSTANCE", "SELECT ON V_$DATABASE", "SELECT ON V_$PARAMETER")


def grant_statements(user: str = "dbpatrol_mon") -> list[str]:
    """The GRANT statements giving the monitoring user exactly what the Oracle catalog declares
    (every check's EngineSupport.privilege) plus what the adapter's facts read. Published in the
    README; tests/test_oracle_replay.py keeps the two equal."""
    from .. import registry

    tokens = set(FACTS_GRANTS)
    for check in registry.load():
        support = check.spec.engines.get("oracle")
        if support:
            for privilege in support.all_privileges():  # each source path's too (AWR, Statspack)
                tokens.update(" ".join(t.split()).upper() for t in privilege.split(",") if t.strip())
    out = [f"GRANT CREATE SESSION TO {user};"]
    for t in sorted(tokens - {"CREATE SESSION"}):
        if t.startswith("SELECT ON "):
            obj = t[len("SELECT ON "):]
            out.append(f"GRANT SELECT ON {obj if '.' in obj else 'SYS.' + obj} TO {user};")
        else:
            out.append(f"GRANT {t} TO {user};")
    return out


def container_kind(facts: dict[str, Any]) -> str | None:
    """'root' (CDB$ROOT), 'pdb', or 'non-cdb' from SYS_CONTEXT('USERENV','CON_ID'): 0 in a non-CDB,
    1 in the root, 2+ in a PDB (Oracle Database Reference: the CON_ID column; the Oracle exporter's
    ``dbtype`` metric reads it the same way). None when unknown."""
    con_id = facts.get("con_id")
    if con_id is None:
        return None
    return "non-cdb" if con_id == 0 else "root" if con_id == 1 else "pdb"


def _bindable(v: Any) -> Any:
    """Window binds are timezone-aware UTC datetimes; Oracle TIMESTAMP binds carry no zone, so
    they are sent as naive UTC and the SQL treats them as UTC (FROM_TZ(..., 'UTC'))."""
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return v


class _Loop:
    """One asyncio event loop in a private daemon thread; ``run`` waits for a coroutine with a deadline."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="dbpatrol-oracle-io", daemon=True)
        self.thread.start()

    def run(self, coro, timeout_s: float):
        future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, timeout_s), self.loop)
        try:
            return future.result(timeout_s + 1.0)
        except TimeoutError:
            future.cancel()
            raise

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(2.0)
        if not self.thread.is_alive():
            self.loop.close()


class OracleSession(Session):
    engine = "oracle"

    def __init__(self, target: ConnectTarget):
        super().__init__(target)
        self._raw = None  # oracledb.AsyncConnection
        self._loop: _Loop | None = None
        self._abandoned: str | None = None

    # --- connection --------------------------------------------------------------------------------
    def connect_params(self) -> dict[str, Any]:
        """What python-oracledb is given (the password is added in ``open`` only)."""
        t = self.target
        return {"user": t.user, "host": t.host, "port": t.port, "service_name": t.database or "",
                "tcp_connect_timeout": t.connect_timeout_s, "expire_time": EXPIRE_TIME_MIN,
                "retry_count": 0, "retry_delay": 0}

    @property
    def connect_deadline_s(self) -> float:
        """The most connect + login may take: the TCP connect timeout plus the login grace."""
        return self.target.connect_timeout_s + LOGIN_GRACE_S

    def open(self) -> "OracleSession":
        import oracledb

        from ..spec import parse_version

        t0 = time.monotonic()
        self._loop = _Loop()
        deadline = self.connect_deadline_s
        try:
            params = dict(self.connect_params(), password=self.target.password)

            async def connect():  # connect_async must be called inside the running loop
                return await oracledb.connect_async(**params)

            self._raw = self._loop.run(connect(), deadline)
            self.connections_opened += 1
            self.after_connect()
        except TimeoutError:
            self.close()
            raise Unreachable(f"no answer to connect and login within {deadline:g}s "
                              f"({self.target.host}:{self.target.port} accepted the TCP connection, then sent nothing)") from None
        except Unreachable:
            self.close()
            raise
        except Exception as exc:  # noqa: BLE001 - every failure to connect is "unreachable: cause"
            self.close()
            raise Unreachable(self.describe_connect_error(exc, time.monotonic() - t0)) from None
        self.version = parse_version(self.server_version)
        return self

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One statement on the open connection, bounded by the call timeout plus a grace."""
        if self._raw is None or self._loop is None:
            raise QueryError("connection", self._abandoned or "session is not open")
        binds = {k: _bindable(v) for k, v in (params or {}).items()}
        call_ms = self._raw.call_timeout or int(self.target.statement_timeout_s * 1000)
        timeout = call_ms / 1000 + CALL_GRACE_S
        word = " ".join(sql.split()).upper()
        raw = self._raw

        async def go():
            if word == "COMMIT":
                await raw.commit()
                return None, []
            if word == "ROLLBACK":
                await raw.rollback()
                return None, []
            cursor = raw.cursor()
            try:
                await cursor.execute(sql, binds)
                if cursor.description is None:
                    return None, []
                return [d[0].lower() for d in cursor.description], await cursor.fetchall()
            finally:
                cursor.close()

        try:
            keys, rows = self._loop.run(go(), timeout)
        except TimeoutError:
            # No answer even past the server-side call timeout: the connection is gone or hung.
            self._abandoned = f"connection abandoned: a call got no answer within {timeout:g}s"
            self._drop()
            raise QueryError("timeout", self._abandoned) from None
        self.queries_run += 1
        self.round_trips += 1
        return [dict(zip(keys, row)) for row in rows] if keys else []

    def _drop(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None and self._loop is not None:
            try:
                self._loop.run(raw.close(), 2.0)
            except BaseException:  # noqa: BLE001 - closing a dead connection may fail; the socket goes anyway
                pass

    def close(self) -> None:
        self._drop()
        if self._loop is not None:
            self._loop.stop()
            self._loop = None

    # --- session setup and facts ---------------------------------------------------------------------
    def after_connect(self) -> None:
        self.server_version = str(getattr(self._raw, "version", "") or "")  # sent by the server at login
        row = self.fetch(FACTS_SQL)[0]
        role = str(row["database_role"] or "").upper()
        self.facts = {
            "role": "standby" if "STANDBY" in role else "primary",
            "replica": "STANDBY" in role,
            "database_role": role,
            "container": row["con_name"],  # CDB$ROOT, a PDB name, or the non-CDB's name
            "con_id": int(row["con_id"]) if row["con_id"] is not None else None,
            "session_id": row["session_id"],
            "database": row["db_name"],
        }
        self.facts["container_kind"] = container_kind(self.facts)
        inst = self.optional(INSTANCE_SQL)
        if inst:
            self.server_version = str(inst[0]["version_full"] or self.server_version)
            self.facts["uptime_s"] = int(inst[0]["uptime_s"] or 0)
        db = self.optional(DATABASE_SQL)
        if db:
            self.facts.update(open_mode=db[0]["open_mode"], cdb=str(db[0]["cdb"]).upper() == "YES",
                              archivelog=str(db[0]["log_mode"]).upper() == "ARCHIVELOG")
            self.facts["archiving"] = self.facts["archivelog"]
        pack = self.optional(PACK_SQL)
        # Diagnostics/Tuning Pack licence as the DBA declared it: AWR/ASH are read only when it says so.
        self.facts["pack_access"] = None if not pack else str(pack[0]["value"] or "NONE").upper()
        # Licence first: a parameter this user cannot read declares no licence, so the pack checks do
        # not run (the one fact that does not degrade to "unknown, so run it"). And the parameter
        # alone is not a licence: it defaults to DIAGNOSTIC+TUNING on Enterprise Edition, bought or
        # not, so the inventory must declare the pack too (licensed_packs: [diagnostics]).
        self.facts["pack_declared"] = "diagnostics" in self.target.licensed_packs
        self.facts["diagnostics_pack"] = (bool(pack) and "DIAGNOSTIC" in self.facts["pack_access"]
                                          and self.facts["pack_declared"])
        snaps = self.optional(STATSPACK_SQL)
        self.facts["statspack"] = bool(snaps) and int(snaps[0]["snaps"] or 0) > 0
        privs = self.optional(SESSION_PRIVS_SQL)
        roles = self.optional(SESSION_ROLES_SQL)
        self._session_privs = None if privs is None else {r["privilege"].upper() for r in privs}
        self._session_roles = None if roles is None else {r["role"].upper() for r in roles}

    def probe_privilege(self, token: str) -> bool | None:
        """'SELECT_CATALOG_ROLE' (a role), 'SELECT ANY DICTIONARY' (a system privilege), or
        'SELECT ON V_$SESSION' (an object grant, probed by a query that returns no row)."""
        t = " ".join(token.split()).upper()
        if t in ("CREATE SESSION", "LOGIN", "NONE"):
            return True
        privs, roles = getattr(self, "_session_privs", None), getattr(self, "_session_roles", None)
        if t.startswith("SELECT ON "):
            view = t[len("SELECT ON "):]
            if not _VIEW.match(view):
                return None
            if privs and "SELECT ANY DICTIONARY" in privs and not view.startswith("PERFSTAT."):
                return True
            # v$ names are public synonyms of the v_$ views that grants name
            return self.optional(f"SELECT 1 FROM {view.replace('V_$', 'V$')} WHERE ROWNUM < 1") is not None
        if roles is not None and t in roles:
            return True
        if privs is not None and t in privs:
            return True
        if privs is None or roles is None:
            return None
        return False

    def begin(self, timeout_s: float) -> None:
        if self._raw is None:
            raise QueryError("connection", self._abandoned or "session is not open")
        self._raw.call_timeout = int(timeout_s * 1000)  # the server cancels a statement past it (DPY-4024)
        self.fetch("SET TRANSACTION READ ONLY")

    def classify(self, exc: Exception) -> QueryError:
        if isinstance(exc, QueryError):
            return exc
        if isinstance(exc, TimeoutError):
            return QueryError("timeout", "no answer within the call timeout")
        orig = getattr(exc, "orig", None) or exc
        err = orig.args[0] if getattr(orig, "args", None) else None
        code = getattr(err, "code", None)
        full = getattr(err, "full_code", "") or ""
        msg = scrub(str(getattr(err, "message", None) or orig), self.target.password)
        if code in PRIVILEGE_ERRORS:
            return QueryError("privilege", msg)
        if code in TIMEOUT_ERRORS or full.startswith("DPY-4024"):
            return QueryError("timeout", msg)
        if full.startswith(("DPY-4011", "DPY-6005", "DPI-1080", "DPY-1001")):
            return QueryError("connection", msg)
        return QueryError("error", msg)
