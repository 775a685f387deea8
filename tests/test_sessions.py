"""The monitoring session is read-only and bounded, on the real servers, as the monitoring user."""

from __future__ import annotations

import datetime as dt

import pytest

from checks import registry
from checks.adapters import QueryError
from checks.execute import run_check
from checks.registry import Check, SqlVariant
from dbpatrol.results import Outcome

NOW = dt.datetime.now(dt.timezone.utc)
WINDOW = (NOW - dt.timedelta(days=1), NOW)


@pytest.mark.parametrize("write", [
    "CREATE TABLE test.dbp_must_not_exist (a int)",
    "CREATE TEMPORARY TABLE dbp_must_not_exist (a int)",
])
@pytest.mark.parametrize("engine,port,user", [("postgresql", 5432, "postgres"), ("mariadb", 3306, "root")])
def test_a_check_cannot_write_even_as_superuser(engine, port, user, write, pg_admin, my_admin):
    """With all privileges, the session still refuses writes: it is read-only, not merely unprivileged."""
    from checks.adapters import ConnectTarget, open_session

    if engine == "postgresql":
        write = write.replace("test.", "public.")
    with open_session(ConnectTarget(engine, "127.0.0.1", port, "test", user)) as session:
        with pytest.raises(QueryError) as exc:
            session.run(write)
        assert "read-only" in exc.value.message.lower() or "read only" in exc.value.message.lower()
        if engine == "postgresql":  # and the session default stays read-only outside our transactions
            assert session.fetch("SHOW default_transaction_read_only")[0]["default_transaction_read_only"] == "on"
    admin = pg_admin if engine == "postgresql" else my_admin
    with admin.connect() as c:
        assert c.exec_driver_sql(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'dbp_must_not_exist'").scalar() == 0


def _slow_check(tmp_path, engine: str, sleep_sql: str) -> Check:
    base = registry.load().get("RUN001")
    spec = base.spec.model_copy(update={"timeout_s": 1.0})
    f = tmp_path / f"{engine}.sql"
    f.write_text(sleep_sql, encoding="utf-8")
    return Check(spec=spec, folder=base.folder, sql={"mysql" if engine != "postgresql" else engine: [SqlVariant(engine, (0,), f)]})


@pytest.mark.parametrize("session_name,engine,sleep_sql", [
    ("pg_session", "postgresql", "SELECT pg_sleep(20) AS connections, 0 AS max_connections, 0 AS reserved, 0 AS used_pct"),
    ("my_session", "mysql", "SELECT SLEEP(20) AS connections, 0 AS max_connections, 0 AS reserved, 0 AS used_pct"),
])
def test_slow_query_is_cut_at_the_statement_timeout_and_reported_as_error(request, tmp_path, session_name, engine, sleep_sql):
    session = request.getfixturevalue(session_name)
    check = _slow_check(tmp_path, engine, sleep_sql)
    t0 = dt.datetime.now()
    finding = run_check(session, check, registry.load().effective_thresholds("RUN001", []), WINDOW)
    took = (dt.datetime.now() - t0).total_seconds()
    assert finding.outcome is Outcome.ERROR
    assert "statement timeout" in finding.message.en
    assert took < 10
    # the session is still usable afterwards
    assert session.run("SELECT 1 AS x") == [{"x": 1}]


def test_missing_privilege_is_skipped_naming_the_privilege(pg_session, tmp_path):
    base = registry.load().get("RUN001")
    f = tmp_path / "postgresql.sql"
    f.write_text("SELECT pg_read_file('postmaster.pid') AS connections, 0 AS max_connections, 0 AS reserved, 0 AS used_pct")
    check = Check(spec=base.spec, folder=base.folder, sql={"postgresql": [SqlVariant("postgresql", (0,), f)]})
    finding = run_check(pg_session, check, registry.load().effective_thresholds("RUN001", []), WINDOW)
    assert finding.outcome is Outcome.SKIPPED
    assert finding.message.en.startswith("missing privilege (pg_monitor)")


def test_version_below_minimum_is_skipped(pg_session):
    check = registry.load().get("RUN001")
    pg_session.version = (9, 6)
    finding = run_check(pg_session, check, registry.load().effective_thresholds("RUN001", []), WINDOW)
    assert finding.outcome is Outcome.SKIPPED and "needs postgresql 10" in finding.message.en
