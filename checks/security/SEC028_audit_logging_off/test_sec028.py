"""SEC028 live: connection logging and statement auditing on a private cluster, measured as settings
change — initdb's defaults (nothing logged), log_connections/log_disconnections/log_statement on by
ALTER SYSTEM + reload, then pgaudit loaded through shared_preload_libraries (a restart) with
pgaudit.log set and set to none.
"""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, row
from tests.servers import PG_BIN

pytestmark = pytest.mark.timeout(120)

CODE = "SEC028"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def reload(c, **settings):
    for k, v in settings.items():
        c.sql(f"ALTER SYSTEM SET {k} = '{v}'".replace("%", "%%"))  # psycopg formats with %
    c.sql("SELECT pg_reload_conf()")


def test_connection_and_statement_logging(cluster):
    c, mon = cluster
    before = check(mon, CODE, record="defaults", expect="WARNING", contains="log_connections = off (expected on")
    assert before.outcome is Outcome.WARNING, before.message.en
    assert objects(before) == {"log_connections": "WARNING", "log_disconnections": "WARNING", "statement audit": "WARNING",
                               "log_line_prefix": "WARNING"}
    assert "4 audit gap(s): log_connections, log_disconnections, statement audit, log_line_prefix" in before.message.en
    assert row(before, name="log_line_prefix")["missing"] == "%u, %d, %h|%r"  # initdb's "%m [%p] "
    assert row(before, name="statement audit")["setting"] == "log_statement=none, pgaudit not loaded"

    reload(c, log_connections="on", log_disconnections="on", log_line_prefix="%m [%p] %q%u@%d from %h ")
    statements_only = check(mon, CODE)
    assert objects(statements_only) == {"statement audit": "WARNING"}
    assert statements_only.message.en.startswith("No statement audit trail: log_statement=none")
    reload(c, log_statement="ddl")
    fixed = check(mon, CODE, record="logged", expect="OK", contains="audited by log_statement = ddl")
    assert fixed.outcome is Outcome.OK and "audited by log_statement = ddl" in fixed.message.en, fixed.message.en


def test_pgaudit_counts_as_the_statement_audit(cluster):
    c, mon = cluster
    import os

    if not os.path.exists(f"{PG_BIN.rsplit('/bin', 1)[0]}/lib/pgaudit.so"):
        pytest.fail("pgaudit is not installed: .ci/run installs postgresql-<major>-pgaudit")
    reload(c, log_statement="none")
    c.settings["shared_preload_libraries"] = "pgaudit"
    c.restart()
    c.sql("CREATE EXTENSION pgaudit")
    reload(c, **{"pgaudit.log": "ddl, role"})
    f = check(mon, CODE, record="pgaudit", expect="OK", contains="audited by pgaudit")
    assert f.outcome is Outcome.OK and "pgaudit (pgaudit.log = ddl, role)" in f.message.en, f.message.en
    assert row(f, name="pgaudit extension")["setting"]  # its version in this database
    reload(c, **{"pgaudit.log": "none"})
    off = check(mon, CODE)
    assert objects(off) == {"statement audit": "WARNING"}
    assert row(off, name="statement audit")["setting"] == "log_statement=none, pgaudit loaded, pgaudit.log=none"


def test_pgaudit_loaded_without_its_extension_in_the_database(cluster):
    """Review item 21 (dead row): pgaudit loaded and pgaudit.log set, but CREATE EXTENSION pgaudit not run
    in the inventory's database — its DDL event triggers are missing there: a gap, naming the database."""
    import dataclasses

    c, mon = cluster
    if "pgaudit" not in str(c.sql("SHOW shared_preload_libraries")):
        pytest.skip("runs after test_pgaudit_counts_as_the_statement_audit (pgaudit loaded)")
    reload(c, **{"pgaudit.log": "ddl, role"})
    c.sql("CREATE DATABASE dbp_sec028_noext")
    f = check(dataclasses.replace(mon, database="dbp_sec028_noext"), CODE)
    assert objects(f) == {"pgaudit extension": "WARNING"}, objects(f)
    assert f.message.en.startswith("pgaudit is loaded but CREATE EXTENSION pgaudit was not run in database "
                                   "dbp_sec028_noext"), f.message.en
    assert check(mon, CODE).outcome is Outcome.OK  # postgres has it


def test_pg18_log_connections_lists_and_boolean_spellings(pg_clusters):
    """Review item 21: PostgreSQL 18 echoes log_connections as written. Every way to log every stage is
    accepted — any order, spacing, 'all', a superset with setup_durations, true/yes/1/on — and a partial
    list is not."""
    from tests.servers import pg18_bin

    c = pg_clusters(bin=pg18_bin())
    mon = monitor_role(c, CODE)
    reload(c, log_disconnections="on", log_statement="ddl", log_line_prefix="%m [%p] %u@%d %r ")
    for value in ("authorization,receipt,authentication", "receipt, authentication, authorization", "true", "yes",
                  "1", "on", "all", "receipt,authentication,authorization,setup_durations", "ALL"):
        reload(c, log_connections=value)
        f = check(mon, CODE)
        assert f.outcome is Outcome.OK, (value, c.sql("SHOW log_connections"), f.message.en)
    for value in ("receipt", "authentication,authorization", "off", "setup_durations"):
        reload(c, log_connections=value)
        f = check(mon, CODE)
        assert objects(f) == {"log_connections": "WARNING"}, (value, f.message.en)
