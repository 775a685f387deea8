"""SEC020 live: superusers planted on private clusters (roles are cluster-wide), measured before/after.

PostgreSQL 15: a LOGIN SUPERUSER role, a login role that can SET ROLE to a NOLOGIN superuser group
through a chain of two memberships, and their healthy counterparts (a login member of an ordinary
group, the NOLOGIN superuser group itself). PostgreSQL 16: a membership granted WITH SET FALSE
cannot SET ROLE, so it does not make its member a superuser (postgresql@16.sql).
"""

from __future__ import annotations

import pytest

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
