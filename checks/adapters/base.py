"""What every engine adapter provides, and the dispatch from engine name to adapter."""

from __future__ import annotations

import re
import time
from urllib.parse import quote, quote_plus
from dataclasses import dataclass, field
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import URL

from ..spec import parse_version


@dataclass(frozen=True)
class ConnectTarget:
    """Everything needed to open one monitoring session. The password is never logged or shown."""

    engine: str
    host: str
    port: int
    database: str | None
    user: str
    password: str | None = field(default=None, repr=False)
    connect_timeout_s: float = 5.0
    statement_timeout_s: float = 30.0
    lock_timeout_s: float = 2.0
    application_name: str = "dbpatrol"
    # TLS (the inventory's tls:): mode None = the driver's default (PyMySQL and libpq: "preferred", TLS
    # when the server offers it, unverified, else plaintext); disabled, preferred, required (encrypted,
    # certificate not checked), verify-ca (signed by ca, or the system's CAs), verify-identity (and
    # naming host). ca/cert/key are PEM file paths (cert/key: a client certificate, X509 accounts).
    tls_mode: str | None = None
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    # Oracle: the packs the inventory declares licensed (licensed_packs); see OracleSession facts
    licensed_packs: tuple[str, ...] = ()

    def __repr__(self) -> str:  # dataclass repr=False keeps the password out; make it explicit
        return f"ConnectTarget({self.engine}://{self.user}@{self.host}:{self.port}/{self.database or ''})"


TLS_MODES = ("disabled", "preferred", "required", "verify-ca", "verify-identity")
TLS_ENCRYPTED = ("required", "verify-ca", "verify-identity")  # a connection without TLS is refused


class Unreachable(Exception):
    """The instance could not be inspected at all; ``cause`` says why, without secrets."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class QueryError(Exception):
    """A check's query failed. ``kind`` is privilege, timeout, connection or error."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


# Where a credential appears in a driver's message, a DSN or a statement. Masking by place, not
# by searching for the password: a short password ("a") would otherwise turn every "a" of the
# message into *** and the pattern of stars would spell out where it was.
_URL_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s@/?#]+(?=@)")  # scheme://user:SECRET@
_KEY_VALUE = re.compile(  # password=SECRET, PWD=SECRET; (ODBC), sslpassword='…' (libpq), "password": "…"
    r"""(?ix)
    (\b(?:[a-z_]*password|passwd|pwd)\b["']?\s*(?:=|:(?=\s*["'{]))\s*)
    ('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|\{(?:[^}]|\}\})*\}|(?!(?:old_)?password\s*\()[^\s;,&'")]+)""")
_SQL_SECRET = re.compile(  # PASSWORD 'SECRET', IDENTIFIED BY 'SECRET', SET PASSWORD FOR u = PASSWORD('SECRET')
    r"""(?ix)
    (\b(?:identified\s+(?:with\s+\S+\s+)?(?:by|as)(?:\s+(?:password|values))?|password(?:\s+for\s+\S+)?)
     (?:\s*=\s*|\s+|\s*(?=\())(?:(?:old_)?password\s*)?\(?\s*)
    ('(?:[^']|'')*'|"(?:[^"]|"")*"|\$\w*\$.*?\$\w*\$)""")
_SQL_BARE = re.compile(r"(?i)(\bidentified\s+by\s+)(?!(?:values|password)\b)([^\s'\";]+)")  # Oracle: IDENTIFIED BY tiger
# Passwords at least this long are also masked wherever they appear, as a last safety net for a
# message that names one in a place not listed above: a chance hit is no longer plausible, and
# masking it cannot garble ordinary words.
SAFETY_NET_MIN = 8


def _masked(value: str) -> str:
    return value[0] + "***" + {"'": "'", '"': '"', "{": "}"}[value[0]] if value[:1] in ("'", '"', "{") else "***"


def mask_credentials(text: str) -> str:
    """``text`` with every credential masked where it stands: a URL's user:SECRET@,
    ``password=``/``PWD=``/``sslpassword=`` values in connection strings (quoted, braced or bare),
    and SQL ``PASSWORD '…'`` / ``IDENTIFIED BY …``. Nothing else changes (line breaks included)."""
    text = _URL_USERINFO.sub(r"\1***", text)
    text = _KEY_VALUE.sub(lambda m: m.group(1) + _masked(m.group(2)), text)
    text = _SQL_SECRET.sub(lambda m: m.group(1) + _masked(m.group(2)), text)
    return _SQL_BARE.sub(r"\1***", text)


def scrub(text: str, *secrets: str | None) -> str:
    """A driver's message (or a DSN, a statement) with its credentials masked, on one line.

    Credentials are found by where they stand (:func:`mask_credentials`). ``secrets`` (the
    password we connected with) are also replaced wherever they occur, but only when at least
    SAFETY_NET_MIN characters long; a short one is never searched for, so the rest of the message
    stays intact."""
    text = mask_credentials(text)
    for s in secrets:
        if s and len(s) >= SAFETY_NET_MIN:
            for form in {s, quote(s, safe=""), quote_plus(s, safe="")}:
                text = text.replace(form, "***")
    return " ".join(text.split())


class Session:
    """One read-only monitoring connection to one instance, for one inspection.

    Each check runs in its own read-only transaction on this connection, with the check's own
    statement timeout and the session's lock timeout, so no snapshot is held between checks and
    our own session never shows up as idle in transaction.

    How a check is framed is each adapter's ``run_bounded``: in one round trip where the engine
    allows it (PostgreSQL: the local timeouts and the query pipelined in one implicit read-only
    transaction; MariaDB ``SET STATEMENT max_statement_time=… FOR``; MySQL 8 the
    ``MAX_EXECUTION_TIME`` hint, on a session that is read-only), else the default here:
    ``begin`` (read-only transaction and timeout), the query, COMMIT. ``queries_run`` counts the
    statements sent, ``round_trips`` the waits for the server's answer.
    """

    engine: ClassVar[str]
    flavor: str  # the engine actually found on the server (mysql vs mariadb)

    def __init__(self, target: ConnectTarget):
        self.target = target
        self.flavor = self.engine
        self.server_version = ""
        self.version: tuple[int, ...] = (0,)
        self.facts: dict[str, Any] = {}
        self.connections_opened = 0
        self.queries_run = 0
        self.round_trips = 0
        # Set by the runner: the inventory's name of this instance, and where its stored snapshots
        # are read (dbpatrol.snapshots.SnapshotReader) for the checks that evaluate the window.
        self.instance_name: str | None = None
        self.snapshots = None
        self._engine: sa.Engine | None = None
        self._conn: sa.Connection | None = None

    # --- to be provided by each adapter -------------------------------------------------------
    def url(self) -> URL:
        raise NotImplementedError

    def connect_args(self) -> dict[str, Any]:
        raise NotImplementedError

    def after_connect(self) -> None:
        """Session setup and server facts (version, role, uptime, our own session id)."""
        raise NotImplementedError

    def begin(self, timeout_s: float) -> None:
        raise NotImplementedError

    def probe_privilege(self, token: str) -> bool | None:
        """Whether the session holds one grant token (as specs declare them); None: cannot tell."""
        return None

    def classify(self, exc: Exception) -> QueryError:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------
    def open(self) -> "Session":
        t0 = time.monotonic()
        try:
            self._engine = sa.create_engine(
                self.url(), poolclass=sa.NullPool, connect_args=self.connect_args(), hide_parameters=True
            )
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.connections_opened += 1
            self.after_connect()
        except Unreachable:
            self.close()
            raise
        except Exception as exc:  # noqa: BLE001 - every failure to connect is "unreachable: cause"
            self.close()
            raise Unreachable(self.describe_connect_error(exc, time.monotonic() - t0)) from None
        self.version = parse_version(self.server_version)
        return self

    def describe_connect_error(self, exc: Exception, elapsed: float) -> str:
        orig = getattr(exc, "orig", None) or exc
        msg = scrub(str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__, self.target.password)
        return f"{type(orig).__name__}: {msg} (after {elapsed:.1f}s)"

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement on the open connection; rows as dicts with lower-case keys."""
        assert self._conn is not None, "session is not open"
        result = self._conn.execute(sa.text(sql), params or {})
        self.queries_run += 1
        self.round_trips += 1
        if not result.returns_rows:
            return []
        keys = [k.lower() for k in result.keys()]
        return [dict(zip(keys, row)) for row in result.fetchall()]

    def optional(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
        """A facts query that a least-privileged user may be refused: rows, or None when it fails.

        A refused facts view degrades that fact to unknown, never the instance to unreachable.
        """
        try:
            return self.run(sql, params)
        except QueryError as exc:
            if exc.kind == "connection":
                raise
            return None

    def missing_privileges(self, privilege: str) -> list[str]:
        """The declared grant tokens (comma-separated) the session is known not to hold.

        Probed once per token per session and kept in ``facts["privileges"]``. A token that cannot
        be probed counts as held: the check then runs, and a refusal is reported as a missing
        privilege from the server's own error.
        """
        held: dict[str, bool | None] = self.facts.setdefault("privileges", {})
        missing = []
        from ..privileges import split_privilege  # (commas inside a function's argument list do not split)

        for token in split_privilege(privilege):
            if token not in held:
                try:
                    held[token] = self.probe_privilege(token)
                except QueryError:
                    held[token] = None
            if held[token] is False:
                missing.append(token)
        return missing

    def run(self, sql: str, params: dict[str, Any] | None = None, timeout_s: float | None = None,
            keep_settings: bool = False) -> list[dict[str, Any]]:
        """Run a check's query in its own read-only transaction with a statement timeout.

        ``keep_settings``: change no server setting but the timeouts and read-only mode (an adapter's
        framing may otherwise tune the planner for short reads, e.g. PostgreSQL's jit off) — for a
        read that records the server's settings as they are."""
        timeout = min(timeout_s or self.target.statement_timeout_s, self.target.statement_timeout_s)
        try:
            return self.run_bounded(sql, params, timeout, keep_settings)
        except QueryError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self.classify(exc) from None

    def run_bounded(self, sql: str, params: dict[str, Any] | None, timeout_s: float,
                    keep_settings: bool = False) -> list[dict[str, Any]]:
        """One statement, read-only and cut at ``timeout_s``: the default framing is its own
        read-only transaction (``begin``), the statement, COMMIT (ROLLBACK when it failed)."""
        self.begin(timeout_s)
        try:
            rows = self.fetch(sql, params)
        except BaseException:
            self._end("ROLLBACK")  # clears the aborted transaction; the error is reported by run()
            raise
        # COMMIT, not ROLLBACK: a read-only transaction commits nothing, and rolling back would
        # count every check as a rollback in the server's own statistics (pg_stat_database
        # xact_rollback, Com_rollback) and skew the rollback-ratio checks we run ourselves.
        self._end("COMMIT")
        return rows

    def _end(self, statement: str) -> None:
        try:
            self.fetch(statement)
        except Exception:  # noqa: BLE001 - a dead connection is reported by the next query
            pass

    # --- database scope --------------------------------------------------------------------------
    # The databases a ``databases: all`` instance has (one column, ``name``); None: not supported.
    DATABASES_SQL: ClassVar[str | None] = None

    def list_databases(self) -> list[str]:
        """Every database database-scope checks can run in (``databases: all``); QueryError if refused."""
        if self.DATABASES_SQL is None:
            raise QueryError("error", f"{self.flavor} cannot list its databases")
        return [str(r["name"]) for r in self.run(self.DATABASES_SQL)]

    def in_database(self, name: str) -> "Session":
        """A session whose database-scope checks see database ``name``: this one, or a new
        connection the caller closes (``is not self``). Raises Unreachable with the cause."""
        raise Unreachable(f"{self.flavor} has no database scope")

    def close(self) -> None:
        if self._conn is not None:
            try:
                # invalidate, not close: the connection is discarded (NullPool), and a close first resets it for a pool
                # (ROLLBACK, COMMIT and two SETs on MySQL/MariaDB) — statements of dbpatrol's own that no session
                # counter of its own can see any more, so they stayed in every window's deltas (mysql-perf-review S1)
                # and counted a rollback per session in the rollback-ratio checks' counters
                self._conn.invalidate()
                self._conn.close()
            except Exception:  # noqa: BLE001
                pass
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_session(target: ConnectTarget) -> Session:
    """Open a monitoring session for the target's engine, or raise Unreachable with the cause."""
    from .mysql import MySQLSession
    from .oracle import OracleSession
    from .postgresql import PostgresSession

    cls = {"postgresql": PostgresSession, "mysql": MySQLSession, "mariadb": MySQLSession, "oracle": OracleSession}.get(
        target.engine
    )
    if cls is None:
        raise Unreachable(f"unsupported engine {target.engine!r}")
    return cls(target).open()
