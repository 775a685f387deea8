"""Helpers for live check tests: run a check as the monitoring user, wait, plant real problems.

Every check's own live test (``checks/<category>/<CODE>_<name>/test_<code>.py``) imports what it
needs from here; the database fixtures (``pg_admin``, ``pg_session``, ``pg_table`` …) come from the
pytest plugin tests/harness.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time

import sqlalchemy as sa

from checks import registry
from checks.execute import run_check
from dbpatrol.results import Outcome

REG = registry.load()
SESSION_FIXTURE = {"postgresql": "pg_session", "mariadb": "my_session"}
ADMIN_FIXTURE = {"postgresql": "pg_admin", "mariadb": "my_admin"}


def window(days: float = 1.0) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.now(dt.timezone.utc)
    return end - dt.timedelta(days=days), end


def run(session, code: str, overrides: dict | None = None, win=None):
    eff = REG.effective_thresholds(code, [("run", {code: overrides})] if overrides else [])
    return run_check(session, REG.get(code), eff, win or window())


def declared_grants(code: str, user: str, engine: str = "postgresql") -> list[str]:
    """The GRANT statements that give ``user`` exactly what check ``code`` declares for ``engine``
    (as ``dbpatrol checks grants`` prints them): a test's monitoring user holds no more than that."""
    from checks.privileges import grant_set, grant_statements

    return grant_statements(engine, grant_set(engine, REG.get(code).spec.support(engine).privilege), user=user)


def wait_for(predicate, timeout_s: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def tx_engine(admin: sa.Engine) -> sa.Engine:
    """An admin engine without autocommit: a connection holds its transaction until rollback."""
    return sa.create_engine(admin.url.render_as_string(hide_password=False), poolclass=sa.NullPool)


def backend_id(conn: sa.Connection, engine: str) -> int:
    sql = "SELECT pg_backend_pid()" if engine == "postgresql" else "SELECT CONNECTION_ID()"
    return int(conn.exec_driver_sql(sql).scalar())


def evidence_ids(finding, column: str) -> set[str]:
    return {str(r.get(column)) for r in finding.evidence}


def assert_not_breaching(finding, column: str, ident) -> None:
    """At default thresholds our young planted problem must not be counted as an offender.

    Other sessions on the shared test servers may plant problems of their own at the same time, so
    the outcome can be non-OK; then the evidence lists only the offenders, and ours is not one.
    """
    if finding.outcome is Outcome.OK:
        assert str(ident) in evidence_ids(finding, column) or not finding.evidence
    else:
        assert str(ident) not in evidence_ids(finding, column), finding.message.en


def assert_names_worst(finding, column: str) -> None:
    """The message names the worst offender (the first evidence row) by its plain id."""
    worst = finding.evidence[0][column]
    assert f"pid {worst}" in finding.message.en and f"pid {worst}" in finding.message.zh, finding.message.en


# ----------------------------------------------------------------------------------------------
# a scratch table per engine (test database, unique dbp_run_ name), dropped at the end


def table_for(request, engine: str) -> str:
    return request.getfixturevalue("pg_table" if engine == "postgresql" else "my_table")


# ----------------------------------------------------------------------------------------------
# planted problems (context managers: the problem exists inside the with block, and is gone after)


@contextlib.contextmanager
def open_write_transaction(admin: sa.Engine, engine: str, table: str, row: int = 1):
    """A session that updated a row and then sits idle inside its open transaction. Yields its id."""
    eng = tx_engine(admin)
    conn = eng.connect()
    try:
        pid = backend_id(conn, engine)
        conn.exec_driver_sql(f"UPDATE {table} SET v = v + 1 WHERE id = {row}")
        yield pid
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        conn.close()
        eng.dispose()


@contextlib.contextmanager
def held_snapshot(admin: sa.Engine, table: str):
    """PostgreSQL: a REPEATABLE READ transaction that has taken its snapshot (backend_xmin set). Yields pid."""
    eng = tx_engine(admin)
    conn = eng.connect().execution_options(isolation_level="REPEATABLE READ")
    try:
        pid = backend_id(conn, "postgresql")
        conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        yield pid
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        conn.close()
        eng.dispose()


class Background:
    """Run one statement on its own admin connection in a thread; ``pid`` is known before it starts."""

    def __init__(self, admin: sa.Engine, engine: str, sql: str, setup: tuple[str, ...] = ()):
        self.eng = tx_engine(admin)
        self.conn = self.eng.connect()
        self.engine = engine
        for s in setup:
            self.conn.exec_driver_sql(s)
        self.pid = backend_id(self.conn, engine)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(sql,), daemon=True)

    def _run(self, sql):
        try:
            self.conn.exec_driver_sql(sql)
        except BaseException as exc:  # noqa: BLE001 - cancelled on purpose at the end of the test
            self.error = exc

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.thread.join(timeout=30)
        alive = self.thread.is_alive()
        with contextlib.suppress(Exception):
            self.conn.rollback()
        with contextlib.suppress(Exception):
            self.conn.close()
        self.eng.dispose()
        assert not alive, "background statement did not finish"


def cancel(admin: sa.Engine, engine: str, pid: int) -> None:
    with admin.connect() as c:
        if engine == "postgresql":
            c.exec_driver_sql(f"SELECT pg_cancel_backend({int(pid)})")
        else:
            c.exec_driver_sql(f"KILL QUERY {int(pid)}")


def is_waiting_on_lock(admin: sa.Engine, engine: str, pid: int) -> bool:
    with admin.connect() as c:
        if engine == "postgresql":
            return bool(c.exec_driver_sql(
                f"SELECT 1 FROM pg_stat_activity WHERE pid = {int(pid)} AND wait_event_type = 'Lock'").first())
        return bool(c.exec_driver_sql(
            f"SELECT 1 FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = {int(pid)} "
            "AND trx_state = 'LOCK WAIT'").first())


def is_running(admin: sa.Engine, engine: str, pid: int) -> bool:
    with admin.connect() as c:
        if engine == "postgresql":
            return bool(c.exec_driver_sql(
                f"SELECT 1 FROM pg_stat_activity WHERE pid = {int(pid)} AND state = 'active' "
                "AND now() - query_start > interval '1 second'").first())
        return bool(c.exec_driver_sql(
            f"SELECT 1 FROM information_schema.PROCESSLIST WHERE id = {int(pid)} AND command = 'Query' "
            "AND time_ms > 1000").first())
