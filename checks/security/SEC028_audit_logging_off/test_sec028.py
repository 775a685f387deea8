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
        c.sql(f"ALTER SYSTEM SET {k} = '{v}'")
    c.sql("SELECT pg_reload_conf()")


def test_connection_and_statement_logging(cluster):
    c, mon = cluster
    before = check(mon, CODE, record="defaults", expect="WARNING", contains="log_connections = off (expected on")
    assert before.outcome is Outcome.WARNING, before.message.en
    assert objects(before) == {"log_connections": "WARNING", "log_disconnections": "WARNING", "statement audit": "WARNING"}
    assert "3 audit gap(s): log_connections, log_disconnections, statement audit" in before.message.en
    assert row(before, name="statement audit")["setting"] == "log_statement=none, pgaudit not loaded"

    reload(c, log_connections="on", log_disconnections="on")
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
