"""SEC024 live: weak pg_hba.conf rules written into private clusters' files, read back through
pg_hba_file_rules as a role holding only the two declared grants.

PostgreSQL 15: trust / password / md5 rules for remote networks next to loopback trust and a remote
scram-sha-256 rule (healthy), then a line the server cannot parse. PostgreSQL 16: a weak rule in an
included file is named by that file (postgresql@16.sql).
"""

from __future__ import annotations

import os
import shutil

import pytest

from dbpatrol.results import Outcome
from tests.pg_security import check, monitor_role, objects, pg16, row

pytestmark = pytest.mark.timeout(120)

CODE = "SEC024"


def append(cluster, lines: str, name: str = "pg_hba.conf") -> str:
    path = os.path.join(cluster.data, name)
    with open(path, "a") as f:
        f.write(lines)
    shutil.chown(path, "postgres")
    return path


def line_of(cluster, text: str) -> int:
    with open(os.path.join(cluster.data, "pg_hba.conf")) as f:
        return next(i for i, line in enumerate(f, 1) if line.strip() == text)


@pytest.fixture(scope="module")
def pg15(pg_clusters):
    c = pg_clusters()
    yield c, monitor_role(c, CODE)
    c.destroy()


def test_remote_trust_password_and_md5_rules(pg15):
    c, mon = pg15
    before = check(mon, CODE, record="healthy", expect="OK")
    assert before.outcome is Outcome.OK and before.evidence, before.message.en
    assert all(r["local_only"] for r in before.evidence)  # initdb -A trust: local, 127.0.0.1/32, ::1/128

    append(c, "host all all 127.0.0.2/32 trust\nhost all all samehost trust\n"
              "host all all 192.168.10.0/24 scram-sha-256\n"          # healthy: local trust, remote scram
              "host all all 0.0.0.0/0 trust\nhostnossl all app 10.0.0.0/8 password\nhost all all samenet md5\n")
    f = check(mon, CODE, record="weak", expect="CRITICAL", contains="0.0.0.0/0.0.0.0 trust lets remote clients in")
    trust, password, md5 = (f"pg_hba.conf:{line_of(c, t)}" for t in (
        "host all all 0.0.0.0/0 trust", "hostnossl all app 10.0.0.0/8 password", "host all all samenet md5"))
    assert f.outcome is Outcome.CRITICAL, f.message.en
    assert objects(f) == {trust: "CRITICAL", password: "WARNING", md5: "WARNING"}
    assert f.message.en.startswith(f"3 pg_hba.conf rule(s) at fault, e.g. {trust}: host all all 0.0.0.0/0.0.0.0 trust")
    assert row(f, rule=password)["users"] == "app" and row(f, rule=md5)["address"] == "samenet"
    local = check(mon, CODE, {"critical_methods": {"value": []}, "warning_methods": {"value": []}})
    assert local.outcome is Outcome.OK and "4 admitting remote clients" in local.message.en  # scram 192.168.10.0/24 too
    assert row(local, address="127.0.0.2/255.255.255.255")["local_only"] is True
    assert row(local, address="samehost")["local_only"] is True

    append(c, "host all all 10.1.1.1/32 no-such-method\n")
    broken = check(mon, CODE, record="error", expect="CRITICAL", contains="0.0.0.0/0.0.0.0 trust")
    bad = f"pg_hba.conf:{line_of(c, 'host all all 10.1.1.1/32 no-such-method')}"
    assert objects(broken)[bad] == "WARNING" and "invalid authentication method" in row(broken, rule=bad)["error"]
    only_error = check(mon, CODE, {"critical_methods": {"value": []}, "warning_methods": {"value": []}})
    assert only_error.outcome is Outcome.WARNING and only_error.message.en.startswith(
        f"pg_hba.conf cannot be loaded: {bad} has an error"), only_error.message.en


def test_both_grants_are_needed(pg15):
    c, mon = pg15
    c.sql(f"REVOKE EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() FROM {mon.user}")
    try:
        f = check(mon, CODE)
        assert f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege", f.message.en
        assert "EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules()" in f.message.en
    finally:
        c.sql(f"GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO {mon.user}")


def test_pg16_weak_rule_in_an_included_file(pg_clusters):
    c = pg16(pg_clusters)
    mon = monitor_role(c, CODE)
    extra = append(c, "host all all 172.16.0.0/12 password\n", "hba_extra.conf")
    append(c, "include hba_extra.conf\n")
    f = check(mon, CODE, record="pg16-include", expect="WARNING", contains="hba_extra.conf:1")
    assert objects(f) == {f"{extra}:1": "WARNING"}, f.message.en
