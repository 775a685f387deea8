"""Shared fixtures: real local databases, least-privileged monitoring users, Prefect harness.

PostgreSQL (127.0.0.1:5432, trust) and MariaDB (127.0.0.1:3306, root, no password) are real;
.ci/run starts them when they are down. The monitoring users (``pg_session``, ``my_session``) hold
the union of the privileges the checks declare (``EngineSupport.privilege``), read from the
registry; that each check needs no more than its own declaration is proven per privilege set in
tests/test_privileges.py.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile

import pytest
import sqlalchemy as sa

from checks import registry
from checks.adapters import ConnectTarget, open_session
from checks.privileges import split_privilege

# Tests never write into a user's ~/.dbpatrol: reports and the report store go to a throwaway home.
os.environ["DBPATROL_HOME"] = tempfile.mkdtemp(prefix="dbpatrol-test-home-")
# A flow run outside a Prefect test harness keeps Prefect's ephemeral server instead of starting
# dbpatrol's background one (dbpatrol/local_server.py); tests/test_local_server.py turns it on.
os.environ.setdefault("DBPATROL_LOCAL_SERVER", "off")
os.environ.setdefault("DBPATROL_WARM", "off")  # tests/test_warm.py turns the warm runner on for itself

PG_ADMIN_URL = os.environ.get("DBPATROL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MY_ADMIN_URL = os.environ.get("DBPATROL_TEST_MYSQL", "mysql+pymysql://root@127.0.0.1:3306/test")
MON_USER = "dbpatrol_mon_" + secrets.token_hex(3)  # per run: concurrent test runs must not share it
# A distinctive password so leak tests can search every output for it.
MON_PASSWORD = "Pw-" + secrets.token_hex(8) + "-leakcanary"


def declared_privileges(engine: str) -> set[str]:
    """Every privilege token the catalog declares for an engine (comma-separated in the spec); for
    MariaDB also a check's MySQL declaration when it has none of its own (its mysql.sql serves
    MariaDB), never MySQL-only grants a MariaDB server refuses (SHOW_ROUTINE)."""
    out: set[str] = set()
    for check in registry.load():
        support = check.spec.support(engine) if engine == "mariadb" else check.spec.engines.get(engine)
        if support:
            out.update(split_privilege(support.privilege))  # (a function's argument list keeps its commas)
    return out


def pg_grants(tokens: set[str]) -> list[str]:
    grants = []
    for tok in sorted(tokens):
        if tok.lower() in ("login", "none"):
            continue
        if re.fullmatch(r"pg_[a-z_]+", tok):
            grants.append(f"GRANT {tok} TO {MON_USER}")
        elif tok.upper().startswith(("EXECUTE ON ", "SELECT ON ")):
            grants.append(f"GRANT {tok} TO {MON_USER}")
        else:
            raise AssertionError(f"don't know how to grant PostgreSQL privilege {tok!r}")
    return grants


def my_grants(tokens: set[str]) -> list[str]:
    grants = []
    for tok in sorted(tokens):
        if tok.upper() in ("USAGE", "LOGIN", "NONE"):
            continue
        if " ON " in tok.upper():
            grants.append(f"GRANT {tok} TO '{MON_USER}'@'%'")
        else:
            grants.append(f"GRANT {tok} ON *.* TO '{MON_USER}'@'%'")
    return grants


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (a temporary Prefect server and database) for every module whose
    tests run real flow runs in this process. Started by the first test that asks for it, kept to the
    end of the session: each such module started its own (10-60 s each, seven of them). Once it is
    up, Prefect's settings point every later flow run of this process at it, where they used to start
    an ephemeral server; tests that need no API set that themselves (temporary_settings)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def pg_admin():
    eng = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def my_admin():
    eng = sa.create_engine(MY_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def pg_monitor_user(pg_admin):
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"DROP OWNED BY {MON_USER}") if c.exec_driver_sql(
            f"SELECT 1 FROM pg_roles WHERE rolname = '{MON_USER}'").first() else None
        c.exec_driver_sql(f"DROP ROLE IF EXISTS {MON_USER}")
        c.exec_driver_sql(f"CREATE ROLE {MON_USER} LOGIN PASSWORD '{MON_PASSWORD}'")
        for g in pg_grants(declared_privileges("postgresql")):
            c.exec_driver_sql(g)
    yield MON_USER
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"DROP OWNED BY {MON_USER}")
        c.exec_driver_sql(f"DROP ROLE IF EXISTS {MON_USER}")


def _my(conn, sql: str) -> None:
    """PyMySQL formats statements with %, so a literal % (any host) must be doubled."""
    conn.exec_driver_sql(sql.replace("%", "%%"))


@pytest.fixture(scope="session")
def my_monitor_user(my_admin):
    hosts = ("%", "localhost")
    with my_admin.connect() as c:
        for host in hosts:
            _my(c, f"DROP USER IF EXISTS '{MON_USER}'@'{host}'")
            _my(c, f"CREATE USER '{MON_USER}'@'{host}' IDENTIFIED BY '{MON_PASSWORD}'")
            for g in my_grants(declared_privileges("mariadb")):
                _my(c, g.replace("'@'%'", f"'@'{host}'"))
    yield MON_USER
    with my_admin.connect() as c:
        for host in hosts:
            _my(c, f"DROP USER IF EXISTS '{MON_USER}'@'{host}'")


@pytest.fixture
def pg_session(pg_monitor_user):
    s = open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, "test", MON_USER, MON_PASSWORD))
    yield s
    s.close()


@pytest.fixture
def my_session(my_monitor_user):
    s = open_session(ConnectTarget("mariadb", "127.0.0.1", 3306, None, MON_USER, MON_PASSWORD))
    yield s
    s.close()


@pytest.fixture(scope="module")
def pg_table(pg_admin):
    name = f"dbp_run_{secrets.token_hex(4)}"
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"CREATE TABLE {name} (id int PRIMARY KEY, v int NOT NULL)")
        c.exec_driver_sql(f"INSERT INTO {name} VALUES (1, 0), (2, 0)")
    yield name
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


@pytest.fixture(scope="module")
def my_table(my_admin):
    name = f"dbp_run_{secrets.token_hex(4)}"
    with my_admin.connect() as c:
        c.exec_driver_sql(f"CREATE TABLE {name} (id int PRIMARY KEY, v int NOT NULL) ENGINE=InnoDB")
        c.exec_driver_sql(f"INSERT INTO {name} VALUES (1, 0), (2, 0)")
    yield name
    with my_admin.connect() as c:
        c.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


@pytest.fixture(scope="session")
def throwaway_pg(pg_clusters):
    """A private PostgreSQL cluster with the given settings: settings dict → (port, admin URL)."""

    def start(settings: dict[str, str]) -> tuple[int, str]:
        c = pg_clusters(settings)
        return c.port, c.url

    return start


@pytest.fixture(scope="session")
def pg_clusters():
    """Factory of private PostgreSQL clusters (tests/servers.py PgCluster); all destroyed at the end.

    ``pg_clusters(settings={...}, initdb_args=("-k",))`` → a started cluster (``bin=pg18_bin()``: on
    PostgreSQL 18, tests/servers.py); ``.standby()`` makes a
    streaming standby of it, ``.restart()`` / ``.crash_backend()`` the states the shared server cannot show.
    """
    from tests.servers import PgCluster

    made: list[PgCluster] = []

    def make(settings: dict[str, str] | None = None, initdb_args: tuple[str, ...] = (), start: bool = True,
             bin: str = ""):
        c = PgCluster(settings=dict(settings or {}), initdb_args=tuple(initdb_args), bin=bin)
        made.append(c)
        return c.start() if start else c.init()

    def track(c):
        made.append(c)
        return c

    make.track = track  # standbys made from a cluster: make.track(primary.standby())
    yield make
    # This teardown runs inside the last test's timeout: stop every cluster at once (immediate: nothing
    # of theirs is kept), and leave removing their directories to the end of the process.
    import atexit
    import concurrent.futures
    import shutil

    running = [c for c in made if c.base]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda c: c.destroy(remove=False), running))
    for c in running:
        atexit.register(shutil.rmtree, c.base, True)


@pytest.fixture(scope="session")
def pg18(pg_clusters):
    """One private PostgreSQL 18 cluster for the session (tests/servers.py pg18_bin), with the
    harness's monitoring user (MON_USER, the union of the declared privileges) as on the shared
    server: a check's live test plants the same case on 15 and 18 (tests/objects_live.py
    PG_VERSIONS, pg_version_scratch)."""
    from tests.servers import pg18_bin

    c = pg_clusters(bin=pg18_bin())
    with c.engine().connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {MON_USER} LOGIN PASSWORD '{MON_PASSWORD}'")
        for g in pg_grants(declared_privileges("postgresql")):
            conn.exec_driver_sql(g)
    return c


@pytest.fixture(scope="session")
def mariadb_servers():
    """Factory of private mariadbd servers (tests/servers.py MariaServer); all stopped at the end.

    ``mariadb_servers({"log-bin": None, "server-id": "1", "binlog-expire-logs-seconds": "3600"})``.
    """
    from tests.servers import MariaServer

    made: list[MariaServer] = []

    def make(options: dict[str, str | None] | None = None):
        s = MariaServer(options=dict(options or {}))
        made.append(s)
        return s.start()

    yield make
    for s in made:  # SIGTERM every server first: they shut down side by side, not one after another
        s.stop(wait=False)
    for s in reversed(made):
        s.destroy()


# The statement checks (PRF001-PRF009, checks/performance) and the pg.statements source: one private
# PostgreSQL 15 with pg_stat_statements preloaded (track = all, max = 1000) and created in ``postgres``,
# started once per session. Tests plant their own statements and read them back by key; PRF001's test
# also evicts entries and resets the statistics, between snapshots of its own.
@pytest.fixture(scope="session")
def stmt_pg(pg_clusters):
    c = pg_clusters({"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all",
                     "pg_stat_statements.max": "1000", "track_io_timing": "on"})
    c.sql("CREATE EXTENSION pg_stat_statements")
    return c



@pytest.fixture(scope="session")
def stmt_pg18(pg_clusters):
    """The same on PostgreSQL 18 (statements@17.sql: shared_blk_read_time, per-entry stats_since)."""
    from tests.servers import pg18_bin

    c = pg_clusters({"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all",
                     "pg_stat_statements.max": "1000", "track_io_timing": "on"}, bin=pg18_bin())
    c.sql("CREATE EXTENSION pg_stat_statements")
    return c


# the session's real Prefect server + worker (tests/prefect_server.py), for every module that needs one
from tests.prefect_server import prefect_stack  # noqa: E402,F401
