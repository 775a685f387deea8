"""SEC055 on the shared private lab: replication accounts planted with REPLICATION SLAVE alone (and
with REPLICATION CLIENT), with data and RELOAD privileges besides, and with SUPER; the lab's root,
which holds every privilege, is an administrator (admin_accounts), not a replication account."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC055"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def extras(f) -> dict[str, str]:
    return {r["account"]: r["extra_privileges"] for r in f.evidence}


def test_replication_accounts_with_more_than_replication(srv):
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp055_repl'@'10.1.2.%' IDENTIFIED BY 'x-055'",
                                              "CREATE USER 'dbp055_mixed'@'10.1.2.%' IDENTIFIED BY 'x-055'",
                                              "CREATE USER 'dbp055_super'@'%' IDENTIFIED BY 'x-055'"):
        srv.sql("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'dbp055_repl'@'10.1.2.%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.OK, f.message.en
        # root@localhost and root@127.0.0.1 hold every privilege (administrators), dbp055_repl replication only
        assert "(3 account(s) with REPLICATION SLAVE, 2 of them administrators)" in f.message.en
        srv.sql("GRANT REPLICATION SLAVE, SELECT, RELOAD ON *.* TO 'dbp055_mixed'@'10.1.2.%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.WARNING and extras(f) == {"dbp055_mixed@10.1.2.%": "RELOAD, SELECT"}, f.message.en
        srv.sql("GRANT REPLICATION SLAVE, SUPER ON *.* TO 'dbp055_super'@'%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.CRITICAL, f.message.en
        assert extras(f) == {"dbp055_super@%": "SUPER", "dbp055_mixed@10.1.2.%": "RELOAD, SELECT"}
        assert f.message.en.startswith("Replication account dbp055_super@% also holds SUPER")
        assert {(o.key, o.outcome) for o in f.objects} == {("dbp055_super@%", Outcome.CRITICAL),
                                                          ("dbp055_mixed@10.1.2.%", Outcome.WARNING)}
        no_admins = run(s, CODE, {"admin_accounts": {"value": []}})
        assert "root@127.0.0.1" in extras(no_admins)  # holds every privilege, REPLICATION SLAVE among them
