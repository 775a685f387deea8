"""SEC043 on the private lab: remote accounts planted with SUPER / FILE / GRANT OPTION / CREATE USER,
and their healthy counterparts (a remote account with data privileges only, a local administrator,
a locked remote administrator); each offender named once with the administrative privileges it holds."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import REG, run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC043"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def held(f) -> dict[str, str]:
    return {r["account"]: r["admin_privileges"] for r in f.evidence}


def test_declares_select_on_the_mysql_schema():
    # information_schema.USER_PRIVILEGES shows other accounts only to SELECT on mysql.* (measured)
    assert REG.get(CODE).spec.support("mariadb").privilege == "SELECT ON mysql.*"


def test_remote_administrators_named_with_their_privileges(srv):
    healthy = ("CREATE USER 'dbp043_app'@'%' IDENTIFIED BY 'x-043'",
               "CREATE USER 'dbp043_local'@'localhost' IDENTIFIED BY 'x-043'",
               "CREATE USER 'dbp043_locked'@'%' IDENTIFIED BY 'x-043' ACCOUNT LOCK")
    with srv.session(CODE) as s, srv.accounts(*healthy):
        srv.sql("GRANT SELECT, INSERT, UPDATE, DELETE, PROCESS ON *.* TO 'dbp043_app'@'%'")
        srv.sql("GRANT ALL ON *.* TO 'dbp043_local'@'localhost' WITH GRANT OPTION")
        srv.sql("GRANT SUPER ON *.* TO 'dbp043_locked'@'%'")
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and f.evidence == [], f.message.en
        with srv.accounts("CREATE USER 'dbp043_ops'@'10.2.0.%' IDENTIFIED BY 'x-043'",
                          "CREATE USER 'dbp043_dba'@'%' IDENTIFIED BY 'x-043'"):
            srv.sql("GRANT FILE, CREATE USER ON *.* TO 'dbp043_ops'@'10.2.0.%'")
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and held(f) == {"dbp043_ops@10.2.0.%": "CREATE USER, FILE"}, f.message.en
            srv.sql("GRANT SELECT ON *.* TO 'dbp043_dba'@'%' WITH GRANT OPTION")
            srv.sql("GRANT SUPER ON *.* TO 'dbp043_dba'@'%'")
            f = run(s, CODE)
            assert f.outcome is Outcome.CRITICAL, f.message.en
            assert held(f) == {"dbp043_dba@%": "GRANT OPTION, SUPER", "dbp043_ops@10.2.0.%": "CREATE USER, FILE"}
            assert f.message.en.startswith("dbp043_dba@% holds GRANT OPTION, SUPER and can log in from any host; 2 remote")
            assert {(o.key, o.outcome) for o in f.objects} == {("dbp043_dba@%", Outcome.CRITICAL),
                                                              ("dbp043_ops@10.2.0.%", Outcome.WARNING)}
            approved = run(s, CODE, {"allowed_accounts": {"value": ["dbp043_dba@%"]}})
            assert held(approved) == {"dbp043_ops@10.2.0.%": "CREATE USER, FILE"} and approved.outcome is Outcome.WARNING
            narrower = run(s, CODE, {"admin_privileges": {"value": ["SUPER"]}})
            assert held(narrower) == {"dbp043_dba@%": "SUPER"}
        assert run(s, CODE).outcome is Outcome.OK
