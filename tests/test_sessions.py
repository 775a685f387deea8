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
    elif "TEMPORARY" in write:  # the session selects no schema: name one, so only read-only can refuse it
        write = write.replace("TABLE ", "TABLE test.")
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
    declared = base.spec.support("postgresql").privilege
    assert finding.message.en.startswith(f"missing privilege: {declared}") and finding.skip_reason == "privilege"


def test_version_below_minimum_is_skipped(pg_session):
    check = registry.load().get("RUN001")
    pg_session.version = (9, 6)
    finding = run_check(pg_session, check, registry.load().effective_thresholds("RUN001", []), WINDOW)
    assert finding.outcome is Outcome.SKIPPED and "needs postgresql 10" in finding.message.en


@pytest.mark.parametrize("text,masked", [
    ("ALTER USER bob PASSWORD 'hunter2'", "ALTER USER bob PASSWORD '***'"),
    ("CREATE USER 'a'@'%' IDENTIFIED BY 'S3cr''et'", "CREATE USER 'a'@'%' IDENTIFIED BY '***'"),
    ("SET PASSWORD FOR 'u'@'%' = 'plain'", "SET PASSWORD FOR 'u'@'%' = '***'"),
    ("SET PASSWORD FOR x = PASSWORD('abc')", "SET PASSWORD FOR x = PASSWORD('***')"),
    ("alter role x with password $$pw$$", "alter role x with password '***'"),
    ("CREATE USER a IDENTIFIED WITH mysql_native_password BY 'zz'", "CREATE USER a IDENTIFIED WITH mysql_native_password BY '***'"),
    ("SELECT id FROM users WHERE password = 'plain'", "SELECT id FROM users WHERE password = '***'"),
    ("select 'password', password_hash from t", "select 'password', password_hash from t"),
])
def test_secret_literals_in_captured_statements_are_masked(text, masked):
    from checks.execute import mask_secrets

    assert mask_secrets(text) == masked


def test_a_long_statement_carrying_a_password_is_reported_without_it(pg_session, pg_admin):
    """RUN004 shows the running statement as evidence; another user's password in it is masked."""
    import threading

    secret = "LeakSecret-" + dt.datetime.now().strftime("%H%M%S%f")
    sql = f"SELECT pg_sleep(20) /* ALTER ROLE app_user PASSWORD '{secret}' */"
    conn = pg_admin.connect()
    pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    t = threading.Thread(target=lambda: _swallow(conn.exec_driver_sql, sql), daemon=True)
    t.start()
    try:
        reg = registry.load()
        eff = reg.effective_thresholds("RUN004", [("run", {"RUN004": {"runtime_s": {"warning": 0, "critical": None}}})])
        for _ in range(50):
            finding = run_check(pg_session, reg.get("RUN004"), eff, WINDOW)
            rows = [r for r in finding.evidence if r.get("pid") == pid]
            if rows:
                break
            import time

            time.sleep(0.1)
        assert rows, "the planted statement was not seen"
        assert "ALTER ROLE app_user PASSWORD '***'" in json_dump(finding)
        assert secret not in json_dump(finding)
    finally:
        with pg_admin.connect() as c:
            c.exec_driver_sql(f"SELECT pg_cancel_backend({pid})")
        t.join(10)
        conn.close()


def _swallow(fn, *args):
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - cancelled on purpose
        pass


def json_dump(finding) -> str:
    return finding.model_dump_json()


def test_transaction_ages_do_not_depend_on_the_server_time_zone(mariadb_servers):
    """INNODB_TRX.trx_started is the OS's local time, NOW() the session's time zone: on a UTC host with
    default_time_zone = '+05:00' an open transaction read 5 h old until the session used time_zone SYSTEM."""
    import time

    import pymysql

    from checks.adapters import ConnectTarget, open_session

    server = mariadb_servers({"default-time-zone": "+05:00"})
    server.sql("CREATE DATABASE IF NOT EXISTS dbp_tz")
    server.sql("CREATE TABLE IF NOT EXISTS dbp_tz.t (id int PRIMARY KEY) ENGINE=InnoDB")
    assert server.sql("SELECT @@global.time_zone")[0][0] == "+05:00"
    holder = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=False)
    try:
        holder.cursor().execute("INSERT INTO dbp_tz.t VALUES (1)")  # an open write transaction, then idle
        opened = time.monotonic()
        time.sleep(2)
        with open_session(ConnectTarget("mariadb", "127.0.0.1", server.port, None, "root")) as s:
            reg = registry.load()
            run006 = run_check(s, reg.get("RUN006"), reg.effective_thresholds("RUN006", []), WINDOW)
            run003 = run_check(s, reg.get("RUN003"), reg.effective_thresholds("RUN003", []), WINDOW)
        held = time.monotonic() - opened
        assert run006.outcome is Outcome.OK and run003.outcome is Outcome.OK, (run006.message.en, run003.message.en)
        for row in (run006.evidence[0], run003.evidence[0]):
            assert 1 <= row["xact_age_s"] <= held + 1, row
    finally:
        holder.rollback()
        holder.close()


# ----- per-check framing: one round trip per check, still read-only and bounded (issue 13 item 3) ----

@pytest.mark.parametrize("engine,port,user,statements", [
    ("postgresql", 5432, "postgres", 2),  # the local timeouts + the query, pipelined: one round trip
    ("mariadb", 3306, "root", 1),         # SET STATEMENT max_statement_time=N FOR <query>
])
def test_a_check_is_one_round_trip_and_leaves_no_transaction_open(engine, port, user, statements):
    from checks.adapters import ConnectTarget, open_session

    with open_session(ConnectTarget(engine, "127.0.0.1", port, "test", user, statement_timeout_s=30)) as session:
        q0, r0 = session.queries_run, session.round_trips
        rows = session.run("WITH a AS (SELECT 1 AS x) SELECT x FROM a", timeout_s=5)
        assert rows == [{"x": 1}]
        assert (session.queries_run - q0, session.round_trips - r0) == (statements, 1)
        # the check's own timeout applied to it, the session's bound is back afterwards, nothing is open
        if engine == "postgresql":
            seen = session.run("SELECT current_setting('statement_timeout') AS st, "
                               "current_setting('transaction_read_only') AS ro, current_setting('jit') AS jit",
                               timeout_s=5)[0]
            assert seen == {"st": "5s", "ro": "on", "jit": "off"}  # a check's catalog read is never JIT-compiled
            assert session.fetch("SHOW statement_timeout")[0]["statement_timeout"] == "30s"
            # keep_settings (the settings snapshot): the server's jit as it is, not this transaction's
            server_jit = session.fetch("SELECT setting, source FROM pg_settings WHERE name = 'jit'")[0]
            assert session.run("SELECT setting, source FROM pg_settings WHERE name = 'jit'", timeout_s=5,
                               keep_settings=True) == [server_jit]
            assert session._conn.connection.driver_connection.info.transaction_status == 0  # IDLE
        else:
            seen = session.run("SELECT @@max_statement_time AS st, @@tx_read_only AS ro, @@in_transaction AS tx",
                               timeout_s=5)[0]
            assert (float(seen["st"]), int(seen["ro"]), int(seen["tx"])) == (5.0, 1, 0)
            assert float(session.fetch("SELECT @@max_statement_time AS st")[0]["st"]) == 30.0
        # a failed check leaves the session usable, in no transaction
        with pytest.raises(QueryError):
            session.run("SELECT no_such_column FROM no_such_table", timeout_s=5)
        assert session.run("SELECT 2 AS y", timeout_s=5) == [{"y": 2}]


@pytest.mark.parametrize("engine,port,user,write", [
    ("postgresql", 5432, "postgres", "SELECT nextval('dbp_framing_seq') AS n"),  # a write disguised as a SELECT
    ("postgresql", 5432, "postgres", "WITH d AS (DELETE FROM dbp_framing_t RETURNING 1) SELECT count(*) AS n FROM d"),
    ("mariadb", 3306, "root", "INSERT INTO test.dbp_framing_t VALUES (2)"),
    ("mariadb", 3306, "root", "DELETE FROM test.dbp_framing_t"),
])
def test_a_write_through_the_session_is_refused(engine, port, user, write, pg_admin, my_admin):
    """Without START TRANSACTION READ ONLY / BEGIN READ ONLY per check, a write is still refused: the
    MariaDB session is read-only (SET SESSION tx_read_only once), PostgreSQL's pipelined transaction too."""
    from checks.adapters import ConnectTarget, open_session

    admin = pg_admin if engine == "postgresql" else my_admin
    setup = (["CREATE SEQUENCE IF NOT EXISTS dbp_framing_seq", "CREATE TABLE IF NOT EXISTS dbp_framing_t (a int)",
              "TRUNCATE dbp_framing_t", "INSERT INTO dbp_framing_t VALUES (1)"] if engine == "postgresql" else
             ["CREATE TABLE IF NOT EXISTS test.dbp_framing_t (a int)", "TRUNCATE test.dbp_framing_t",
              "INSERT INTO test.dbp_framing_t VALUES (1)"])
    with admin.connect() as c:
        for s in setup:
            c.exec_driver_sql(s)
        c.commit()
    try:
        with open_session(ConnectTarget(engine, "127.0.0.1", port, "test", user)) as session:
            with pytest.raises(QueryError) as exc:
                session.run(write)
            assert "read-only" in exc.value.message.lower() or "read only" in exc.value.message.lower()
        with admin.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM dbp_framing_t" if engine == "postgresql" else
                                     "SELECT count(*) FROM test.dbp_framing_t").scalar() == 1
            if engine == "postgresql":
                assert c.exec_driver_sql("SELECT last_value FROM dbp_framing_seq").scalar() == 1
                assert c.exec_driver_sql("SELECT is_called FROM dbp_framing_seq").scalar() is False
    finally:
        with admin.connect() as c:
            c.exec_driver_sql("DROP TABLE IF EXISTS dbp_framing_t" if engine == "postgresql" else
                              "DROP TABLE IF EXISTS test.dbp_framing_t")
            if engine == "postgresql":
                c.exec_driver_sql("DROP SEQUENCE IF EXISTS dbp_framing_seq")
            c.commit()


@pytest.mark.parametrize("engine,port,user,slow", [
    ("postgresql", 5432, "postgres", "WITH s AS (SELECT pg_sleep(20)) SELECT 1 AS x FROM s"),
    ("mariadb", 3306, "root", "WITH s AS (SELECT SLEEP(20) AS z) SELECT 1 AS x FROM s"),  # SET STATEMENT … FOR WITH
    ("mariadb", 3306, "root", "SELECT SLEEP(20) AS x"),
    ("mariadb", 3306, "root", "VALUES (SLEEP(20))"),  # no SET STATEMENT: the session's timeout, set to the check's first
])
def test_a_slow_statement_is_cut_at_the_checks_own_timeout(engine, port, user, slow):
    import time

    from checks.adapters import ConnectTarget, open_session

    with open_session(ConnectTarget(engine, "127.0.0.1", port, "test", user, statement_timeout_s=30)) as session:
        t0 = time.monotonic()
        with pytest.raises(QueryError) as exc:
            session.run(slow, timeout_s=1)
        took = time.monotonic() - t0
        assert exc.value.kind == "timeout", exc.value.message
        assert 0.9 <= took < 5, took
        assert session.run("SELECT 1 AS x", timeout_s=1) == [{"x": 1}]


@pytest.mark.parametrize("flavor,sql,expected", [
    ("mariadb", "SELECT 1", "SET STATEMENT max_statement_time=5 FOR SELECT 1"),
    ("mariadb", "-- why\n/* how */\n  WITH a AS (SELECT 1) SELECT * FROM a",
     "SET STATEMENT max_statement_time=5 FOR WITH a AS (SELECT 1) SELECT * FROM a"),
    ("mariadb", "SHOW GLOBAL STATUS", "SET STATEMENT max_statement_time=5 FOR SHOW GLOBAL STATUS"),
    ("mariadb", "(SELECT 1) UNION (SELECT 2)", "SET STATEMENT max_statement_time=5 FOR (SELECT 1) UNION (SELECT 2)"),
    ("mariadb", "DO SLEEP(1)", None),
    ("mariadb", "CREATE TABLE t (a int)", None),
    ("mysql", "-- c\nSELECT a FROM t", "-- c\nSELECT /*+ MAX_EXECUTION_TIME(5000) */ a FROM t"),
    ("mysql", "select\n a", "select /*+ MAX_EXECUTION_TIME(5000) */\n a"),
    ("mysql", "WITH a AS (SELECT 1) SELECT * FROM a", None),  # keeps the session's max_execution_time
    ("mysql", "SHOW GRANTS", None),
])
def test_bound_statement(flavor, sql, expected):
    from checks.adapters.mysql import bound_statement

    assert bound_statement(flavor, sql, 5.0) == expected


def test_mariadb_inventory_database_needs_no_privilege_in_it(my_monitor_user):
    # Issue 14 item 17: with `database: test` in the inventory and exactly the printed grants (none in
    # `test`), login failed with error 1044 and the whole instance was unreachable. The session selects
    # no schema; the checks name it.
    from checks.adapters import ConnectTarget, open_session
    from tests.harness import MON_PASSWORD

    with open_session(ConnectTarget("mariadb", "127.0.0.1", 3306, "test", my_monitor_user, MON_PASSWORD)) as s:
        assert s.fetch("SELECT DATABASE() AS db")[0]["db"] is None
        scoped = s.in_database("test")
        assert scoped.fetch("SELECT schema_name AS name FROM information_schema.SCHEMATA WHERE schema_name = 'test'")
