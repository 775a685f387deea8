"""SEC020 live: superusers planted on private clusters (roles are cluster-wide), measured before/after.

PostgreSQL 15: a LOGIN SUPERUSER role, a login role that can SET ROLE to a NOLOGIN superuser group
through a chain of two memberships, and their healthy counterparts (a login member of an ordinary
group, the NOLOGIN superuser group itself). PostgreSQL 16: a membership granted WITH SET FALSE
cannot SET ROLE, so it does not make its member a superuser (postgresql@16.sql).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, pg16, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC020"


@pytest.fixture(scope="module")
def pg15(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def test_unapproved_superusers_direct_and_through_membership(pg15):
    c, mon = pg15
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK, before.message.en
    assert [(r["role_name"], r["bootstrap"]) for r in before.evidence] == [("postgres", True)]
    assert "bootstrap superuser postgres" in before.message.en

    c.sql("CREATE ROLE dbp_su LOGIN SUPERUSER")              # the attribute
    c.sql("CREATE ROLE dbp_admins NOLOGIN SUPERUSER")        # a superuser group: reachable only through members
    c.sql("CREATE ROLE dbp_ops NOLOGIN")
    c.sql("GRANT dbp_admins TO dbp_ops")
    c.sql("CREATE ROLE dbp_app LOGIN IN ROLE dbp_ops")       # dbp_app -> dbp_ops -> dbp_admins (SUPERUSER)
    c.sql("CREATE ROLE dbp_readers NOLOGIN")
    c.sql("CREATE ROLE dbp_clerk LOGIN IN ROLE dbp_readers")  # healthy: a member of an ordinary group
    after = check(mon, CODE, record="superusers", expect="WARNING", contains="dbp_su (the SUPERUSER attribute)")
    assert after.outcome is Outcome.WARNING, after.message.en
    assert objects(after) == {"dbp_su": "WARNING", "dbp_app": "WARNING"}
    assert after.message.en.startswith("2 login role(s) hold superuser without being approved, e.g. dbp_su")
    assert "超级用户" in after.message.zh
    assert row(after, role_name="dbp_app")["via"] == "dbp_admins" and row(after, role_name="dbp_app")["direct"] is False
    assert row(after, role_name="dbp_clerk") is None and row(after, role_name="dbp_admins") is None

    approved = check(mon, CODE, {"allowed_superusers": {"value": ["dbp_su"]}})
    assert approved.outcome is Outcome.WARNING and objects(approved) == {"dbp_app": "WARNING"}
    assert "SET ROLE to superuser role dbp_admins" in approved.message.en
    both = check(mon, CODE, {"allowed_superusers": {"value": ["dbp_su", "dbp_app"]}})
    assert both.outcome is Outcome.OK and "dbp_app, dbp_su" in both.message.en

    c.sql("REVOKE dbp_admins FROM dbp_ops")
    c.sql("ALTER ROLE dbp_su NOSUPERUSER")
    fixed = check(mon, CODE)
    assert fixed.outcome is Outcome.OK and {r["role_name"] for r in fixed.evidence} == {"postgres", "dbp_admins"}


def test_pg16_membership_without_set_does_not_make_a_superuser(pg_clusters):
    c = pg16(pg_clusters)
    mon = monitor_role(c, CODE)
    c.sql("CREATE ROLE dbp_admins NOLOGIN SUPERUSER")
    c.sql("CREATE ROLE dbp_viewer LOGIN")
    c.sql("GRANT dbp_admins TO dbp_viewer WITH SET FALSE, INHERIT TRUE")  # rolsuper is never inherited
    f = check(mon, CODE, record="pg16-set-false", expect="OK")
    assert f.outcome is Outcome.OK and row(f, role_name="dbp_viewer") is None, f.message.en
    c.sql("CREATE ROLE dbp_deputy LOGIN")
    c.sql("GRANT dbp_admins TO dbp_deputy WITH SET TRUE")
    f = check(mon, CODE, record="pg16-set-true", expect="WARNING", contains="dbp_deputy")
    assert objects(f) == {"dbp_deputy": "WARNING"}, f.message.en


@pytest.mark.parametrize("version", ["15", "18"])
def test_roles_that_are_superuser_on_the_host_in_effect(pg_clusters, version):
    """Review item 16: a login role reaching pg_execute_server_program through a group can run shell
    commands as the postgres OS user (shown: COPY … PROGRAM succeeds) and is reported; so is CREATEROLE
    before 16 (it grants itself that role, shown on 15); on 18 a membership WITH INHERIT FALSE, SET FALSE
    passes nothing and is not; allowed_os_access approves a role."""
    from tests.servers import pg18_bin

    c = pg_clusters(bin=pg18_bin() if version == "18" else "")
    mon = monitor_role(c, CODE)
    c.sql("CREATE ROLE dbp_etl_group NOLOGIN")
    c.sql("GRANT pg_execute_server_program TO dbp_etl_group")
    c.sql("CREATE ROLE dbp_etl LOGIN IN ROLE dbp_etl_group")
    c.sql("CREATE ROLE dbp_files LOGIN")
    c.sql("GRANT pg_read_server_files TO dbp_files")
    c.sql("CREATE ROLE dbp_maker LOGIN CREATEROLE")
    c.sql("CREATE TABLE dbp_out (line text)")
    c.sql("GRANT INSERT ON dbp_out TO dbp_etl")
    eng = sa.create_engine(f"postgresql+psycopg://dbp_etl@127.0.0.1:{c.port}/postgres", poolclass=sa.NullPool)
    with eng.connect() as conn:  # the shell, as the server's OS user
        conn.exec_driver_sql("COPY dbp_out FROM PROGRAM 'id -un'")
        conn.commit()
    eng.dispose()
    assert c.sql("SELECT line FROM dbp_out") == "postgres"
    if version == "18":
        c.sql("CREATE ROLE dbp_inert LOGIN")
        c.sql("GRANT pg_execute_server_program TO dbp_inert WITH INHERIT FALSE, SET FALSE")
    f = check(mon, CODE, record="os-access" if version == "15" else None, expect="WARNING", contains="dbp_etl, a member of")
    expected = {"dbp_etl": "WARNING", "dbp_files": "WARNING", **({"dbp_maker": "WARNING"} if version == "15" else {})}
    assert objects(f) == expected, objects(f)
    assert row(f, role_name="dbp_etl")["os_roles"] == "pg_execute_server_program"
    assert f.message.en.startswith(f"{len(expected)} login role(s) hold unapproved superuser or host-level access, e.g. "
                                   "dbp_etl, a member of pg_execute_server_program"), f.message.en
    assert "操作系统用户" in f.message.zh
    if version == "15":
        eng = sa.create_engine(f"postgresql+psycopg://dbp_maker@127.0.0.1:{c.port}/postgres", poolclass=sa.NullPool)
        with eng.connect() as conn:  # CREATEROLE before 16: grants itself the OS role
            conn.exec_driver_sql("GRANT pg_execute_server_program TO dbp_maker")
            conn.commit()
        eng.dispose()
        only = check(mon, CODE, {"allowed_os_access": {"value": ["dbp_etl", "dbp_files"]}})
        assert objects(only) == {"dbp_maker": "WARNING"} and "pg_execute_server_program" in only.message.en, only.message.en
    approved = check(mon, CODE, {"allowed_os_access": {"value": ["dbp_etl", "dbp_files", "dbp_maker"]}})
    assert approved.outcome is Outcome.OK and "allowed_os_access: dbp_etl, dbp_files, dbp_maker" in approved.message.en
