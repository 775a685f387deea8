"""SEC023 live: roles whose passwords are stored as MD5 next to SCRAM ones, on a private cluster.

The monitoring role holds exactly the declared SELECT on pg_authid; one without it gets SKIPPED
"missing privilege", never an OK from a view that hides the hashes (pg_roles shows ********).
"""

from __future__ import annotations

import re

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC023"


@pytest.fixture(scope="module")
def cluster(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def test_md5_hashes_named_and_scram_ones_not(cluster):
    c, mon = cluster
    c.sql("CREATE ROLE dbp_scram LOGIN PASSWORD 'fresh-secret'")  # password_encryption scram-sha-256 (PG15)
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and row(before, role_name="dbp_scram")["hash_kind"] == "scram-sha-256"
    assert "1 role(s) with a password, 1 SCRAM" in before.message.en

    with c.engine().connect() as conn:  # as an application would: md5 for this session only
        conn.exec_driver_sql("SET password_encryption = 'md5'")
        conn.exec_driver_sql("CREATE ROLE dbp_legacy LOGIN PASSWORD 'old-secret'")
        conn.exec_driver_sql("CREATE ROLE dbp_legacy_group NOLOGIN PASSWORD 'old-secret'")
    f = check(mon, CODE, record="md5", expect="WARNING", contains="dbp_legacy (login: yes")
    assert "True" not in f.message.en and "False" not in f.message.en and "可登录：是" in f.message.zh  # nit 26
    assert f.outcome is Outcome.WARNING and objects(f) == {"dbp_legacy": "WARNING", "dbp_legacy_group": "WARNING"}
    assert f.message.en.startswith("2 of 3 role(s) with a password have it stored as an MD5 hash, e.g. dbp_legacy")
    shown = " ".join(str(v) for r in f.evidence for v in r.values())
    assert "old-secret" not in shown and not re.search(r"md5[0-9a-f]{32}|SCRAM-SHA-256\$", shown)  # never a hash

    c.sql("ALTER ROLE dbp_legacy PASSWORD 'new-secret'")  # re-set under scram-sha-256
    assert objects(check(mon, CODE)) == {"dbp_legacy_group": "WARNING"}


def test_without_the_grant_skipped_not_ok(cluster):
    c, mon = cluster
    c.sql(f"REVOKE SELECT ON pg_catalog.pg_authid FROM {mon.user}")
    try:
        f = check(mon, CODE)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
        assert "missing privilege: SELECT ON pg_catalog.pg_authid" in f.message.en
    finally:
        c.sql(f"GRANT SELECT ON pg_catalog.pg_authid TO {mon.user}")
