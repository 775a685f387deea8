"""PostgreSQL adapter (psycopg 3 through SQLAlchemy)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import re

import sqlalchemy as sa
from sqlalchemy.engine import URL

from .base import QueryError, Session, scrub

# Each check's framing, sent in the same round trip as its query (run_bounded): local to the
# check's implicit transaction, so the session's own settings come back after it.
FRAME_SQL = ("SELECT set_config('statement_timeout', %(st)s, true), set_config('lock_timeout', %(lt)s, true), "
             "set_config('transaction_read_only', 'on', true)")
# PostgreSQL 11+ (jit on by default from 12): a catalog query over 10,000 tables costs more than
# jit_above_cost (100,000) by its estimates, so the server compiles it first — 1.5-3.5 s of LLVM
# inlining and optimisation for a query that then runs in 30-600 ms (bench/perf_tier.py: OBJ024 3.6 s →
# 0.08 s, OBJ046 1.2 s → 0.07 s, the same rows). The checks' statements are short reads: never compiled.
FRAME_NO_JIT_SQL = FRAME_SQL + ", set_config('jit', 'off', true)"
_COMPILED: dict[str, Any] = {}  # check SQL → its compiled text() (the dialect is always psycopg's)

FACTS_SQL = """
SELECT current_setting('server_version') AS server_version,
       current_setting('archive_mode') AS archive_mode,
       current_setting('server_version_num')::int AS server_version_num,
       pg_is_in_recovery() AS is_standby,
       extract(epoch FROM now() - pg_postmaster_start_time())::bigint AS uptime_s,
       pg_postmaster_start_time() AS started_at,
       current_database() AS database,
       pg_backend_pid() AS session_id,
       now() AS server_time
"""


# Optional facts: each may be refused to a least-privileged user; a refusal leaves the fact None.
EXTENSIONS_SQL = "SELECT extname, extversion FROM pg_extension"
PRELOAD_SQL = "SELECT current_setting('shared_preload_libraries') AS preload"  # pg_read_all_settings
PRIVILEGE_SQL = {
    "role": "SELECT pg_has_role(current_user, :obj, 'USAGE') AS held",
    "function": "SELECT has_function_privilege(current_user, :obj, 'EXECUTE') AS held",
    "table": "SELECT has_table_privilege(current_user, :obj, 'SELECT') AS held",
}
_PREDEFINED_ROLE = re.compile(r"^pg_[a-z_]+$")


class PostgresSession(Session):
    engine = "postgresql"
    DATABASES_SQL = ("SELECT datname AS name FROM pg_database WHERE datallowconn AND NOT datistemplate "
                     "ORDER BY datname")

    def in_database(self, name: str) -> Session:
        """PostgreSQL catalogs are per database: another database needs its own connection, opened
        with the same target (user, password, connect/statement/lock timeouts)."""
        if name == self.facts.get("database"):
            return self
        return PostgresSession(replace(self.target, database=name)).open()

    def url(self) -> URL:
        t = self.target
        return URL.create(
            "postgresql+psycopg", username=t.user, password=t.password, host=t.host, port=t.port,
            database=t.database or "postgres",
        )

    def connect_args(self) -> dict[str, Any]:
        t = self.target
        ms = lambda s: int(s * 1000)  # noqa: E731
        return {
            # libpq counts the whole connection start-up against connect_timeout (minimum 2 s)
            "connect_timeout": max(2, round(t.connect_timeout_s)),
            "application_name": t.application_name,
            # belt and braces: read-only and bounded even before our own BEGIN READ ONLY
            "options": (
                f"-c default_transaction_read_only=on -c statement_timeout={ms(t.statement_timeout_s)}"
                f" -c lock_timeout={ms(t.lock_timeout_s)} -c idle_in_transaction_session_timeout=60000"
            ),
            **self.tls_args(),
        }

    def tls_args(self) -> dict[str, Any]:
        """libpq's sslmode for the target's tls_mode (None: libpq's default, prefer); verify-identity
        is verify-full. sslrootcert is the CA file (libpq: with one present, require verifies the chain
        as verify-ca does), sslcert/sslkey a client certificate."""
        from psycopg import pq

        t = self.target
        if t.tls_mode is None:
            return {}
        mode = {"disabled": "disable", "preferred": "prefer", "required": "require", "verify-ca": "verify-ca",
                "verify-identity": "verify-full"}[t.tls_mode]
        args = {"sslmode": mode}
        if t.tls_ca:
            args["sslrootcert"] = t.tls_ca
        elif mode in ("verify-ca", "verify-full") and pq.version() >= 160000:
            args["sslrootcert"] = "system"  # libpq 16+: the system's CAs (else ~/.postgresql/root.crt)
        if t.tls_cert:
            args["sslcert"] = t.tls_cert
        if t.tls_key:
            args["sslkey"] = t.tls_key
        return args

    def after_connect(self) -> None:
        row = self.fetch(FACTS_SQL)[0]
        self.server_version = row["server_version"].split()[0]
        self.facts = {
            "server_version_num": row["server_version_num"],
            "is_standby": row["is_standby"],
            "role": "standby" if row["is_standby"] else "primary",
            "uptime_s": row["uptime_s"],
            "started_at": row["started_at"].isoformat(),
            "database": row["database"],
            "session_id": row["session_id"],
            "replica": bool(row["is_standby"]),
            # archive_mode = on archives only on a primary; a standby archives only with 'always'
            "archiving": row["archive_mode"] == "always" or (row["archive_mode"] == "on" and not row["is_standby"]),
        }
        ext = self.optional(EXTENSIONS_SQL)
        self.facts["extensions"] = None if ext is None else {r["extname"]: r["extversion"] for r in ext}
        pre = self.optional(PRELOAD_SQL)
        self.facts["preload"] = None if pre is None else [
            p.strip().strip('"') for p in (pre[0]["preload"] or "").split(",") if p.strip()]
        # libpq enforced the sslmode itself; the fact says what was negotiated (None: plaintext)
        if self._conn.connection.dbapi_connection.pgconn.ssl_in_use:  # type: ignore[union-attr]
            row = self.optional("SELECT cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            self.facts["tls"] = (row[0]["cipher"] if row else None) or "TLS"
        else:
            self.facts["tls"] = None

    def probe_privilege(self, token: str) -> bool | None:
        """Does the session hold one declared grant? None when the token cannot be probed."""
        t = token.strip()
        low = t.lower()
        if low in ("login", "none"):
            return True
        if _PREDEFINED_ROLE.match(t):
            kind, obj = "role", t
        elif low.startswith("execute on function "):
            kind, obj = "function", t[len("execute on function "):].strip()
        elif low.startswith("select on "):
            kind, obj = "table", t[len("select on "):].strip()
        else:
            return None
        rows = self.optional(PRIVILEGE_SQL[kind], {"obj": obj})
        return None if not rows else bool(rows[0]["held"])

    def begin(self, timeout_s: float) -> None:
        """The framing as separate statements (for a caller that runs several statements in one
        transaction); checks use run_bounded, which sends the same in one round trip."""
        self.fetch("BEGIN READ ONLY")
        self.fetch(self._frame(False).replace("%(st)s", ":st").replace("%(lt)s", ":lt"), self._frame_binds(timeout_s))

    def _frame(self, keep_settings: bool) -> str:
        """The framing: with jit off (11+) unless ``keep_settings`` — a read that records the server's
        settings as they are (the pg.settings snapshot: a setting this transaction changes reads as
        source 'session' there, and the snapshot keeps only the server's own)."""
        if keep_settings or (self.facts.get("server_version_num") or 0) < 110000:
            return FRAME_SQL
        return FRAME_NO_JIT_SQL

    def _frame_binds(self, timeout_s: float) -> dict[str, str]:
        return {"st": f"{int(timeout_s * 1000)}ms", "lt": f"{int(self.target.lock_timeout_s * 1000)}ms"}

    def run_bounded(self, sql: str, params: dict[str, Any] | None, timeout_s: float,
                    keep_settings: bool = False) -> list[dict[str, Any]]:
        """One check in one round trip: the transaction-local timeouts, read-only mode and jit off, then the
        query, pipelined (psycopg pipeline mode) so both run in one implicit transaction that ends
        at the pipeline's Sync — committed when the query succeeded, rolled back when it failed,
        never left open. Read-only twice over: transaction_read_only set here and
        default_transaction_read_only from the connection options."""
        assert self._conn is not None, "session is not open"
        raw = self._conn.connection.driver_connection
        query, binds = self._compiled(sql, params)
        self.queries_run += 2
        self.round_trips += 1
        with raw.pipeline():
            raw.execute(self._frame(keep_settings), self._frame_binds(timeout_s))
            cur = raw.execute(query, binds)
        if cur.description is None:
            return []
        keys = [d.name.lower() for d in cur.description]
        return [dict(zip(keys, row)) for row in cur.fetchall()]

    def _compiled(self, sql: str, params: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        """``:name`` binds as psycopg's ``%(name)s`` (literal ``%`` doubled), as SQLAlchemy's
        text() sends them: the same statement and values as Session.fetch."""
        compiled = _COMPILED.get(sql)
        if compiled is None:
            compiled = _COMPILED[sql] = sa.text(sql).compile(dialect=self._engine.dialect)
        return compiled.string, compiled.construct_params(params or {})

    def classify(self, exc: Exception) -> QueryError:
        orig = getattr(exc, "orig", None) or exc
        state = getattr(orig, "sqlstate", None) or ""
        msg = scrub(str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__, self.target.password)
        if state == "42501":
            return QueryError("privilege", msg)
        if state in ("57014", "55P03"):  # query_canceled (statement_timeout), lock_not_available
            return QueryError("timeout", msg)
        if state.startswith("08") or (not state and "connection" in msg.lower()):
            return QueryError("connection", msg)
        return QueryError("error", msg)
