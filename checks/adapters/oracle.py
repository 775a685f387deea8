"""Oracle adapter (python-oracledb thin mode through SQLAlchemy).

No Oracle server can run on our CI machine; this adapter is exercised only for unreachable
targets there, and the Oracle checks are tested from recorded result fixtures plus a SQL parse
check (see docs in checks/README.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

from .base import QueryError, Session, scrub

import re

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
SESSION_PRIVS_SQL = "SELECT privilege FROM session_privs"
SESSION_ROLES_SQL = "SELECT role FROM session_roles"
_VIEW = re.compile(r"^(?:SYS\.)?[A-Z][A-Z0-9_$#]*$")

PRIVILEGE_ERRORS = {942, 1031, 1039}  # table or view does not exist (no grant), insufficient privileges
TIMEOUT_ERRORS = {3136, 3156, 1013}  # DPY-4024 call timeout surfaces as ORA-03156 / user requested cancel


class OracleSession(Session):
    engine = "oracle"

    def url(self) -> URL:
        t = self.target
        return URL.create("oracle+oracledb", username=t.user, password=t.password, host=t.host, port=t.port,
                          query={"service_name": t.database or ""})

    def connect_args(self) -> dict[str, Any]:
        return {"tcp_connect_timeout": self.target.connect_timeout_s, "retry_count": 0}

    def after_connect(self) -> None:
        raw = self._conn.connection.dbapi_connection  # type: ignore[union-attr]
        self.server_version = str(getattr(raw, "version", "") or "")  # sent by the server at login
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
        self.facts["diagnostics_pack"] = None if not pack else "DIAGNOSTIC" in self.facts["pack_access"]
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
            if privs and "SELECT ANY DICTIONARY" in privs:
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
        dbapi_conn = self._conn.connection.dbapi_connection  # type: ignore[union-attr]
        dbapi_conn.call_timeout = int(timeout_s * 1000)
        self.fetch("SET TRANSACTION READ ONLY")

    def classify(self, exc: Exception) -> QueryError:
        orig = getattr(exc, "orig", None) or exc
        err = orig.args[0] if getattr(orig, "args", None) else None
        code = getattr(err, "code", None)
        full = getattr(err, "full_code", "") or ""
        msg = scrub(str(getattr(err, "message", None) or orig), self.target.password)
        if code in PRIVILEGE_ERRORS:
            return QueryError("privilege", msg)
        if code in TIMEOUT_ERRORS or full.startswith("DPY-4024"):
            return QueryError("timeout", msg)
        if full.startswith(("DPY-4011", "DPY-6005", "DPI-1080")):
            return QueryError("connection", msg)
        return QueryError("error", msg)
