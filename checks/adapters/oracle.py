"""Oracle adapter (python-oracledb thin mode through SQLAlchemy).

No Oracle server can run on our CI machine; this adapter is exercised only for unreachable
targets there, and the Oracle checks are tested from recorded result fixtures plus a SQL parse
check (see docs in checks/README.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

from .base import QueryError, Session, scrub

FACTS_SQL = """
SELECT i.version_full AS server_version, d.database_role, d.open_mode,
       ROUND((SYSDATE - i.startup_time) * 86400) AS uptime_s,
       SYS_CONTEXT('USERENV', 'SID') AS session_id
FROM v$instance i CROSS JOIN v$database d
"""

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
        row = self.fetch(FACTS_SQL)[0]
        self.server_version = str(row["server_version"])
        self.facts = {
            "role": "standby" if "STANDBY" in str(row["database_role"]).upper() else "primary",
            "open_mode": row["open_mode"],
            "uptime_s": int(row["uptime_s"] or 0),
            "session_id": row["session_id"],
        }

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
