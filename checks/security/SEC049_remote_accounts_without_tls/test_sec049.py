"""SEC049 on the shared private lab: remote accounts planted with REQUIRE NONE are named, those with
REQUIRE SSL / X509 and local or locked ones are not; with require_secure_transport ON the accounts'
own clauses no longer matter (the lab has no certificate: a session opened before the switch keeps
working, which is all the check needs)."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC049"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def accounts(f) -> set[str]:
    return {r["object"] for r in f.evidence}


def test_remote_accounts_without_tls(srv):
    healthy = ("CREATE USER 'dbp049_ssl'@'%' IDENTIFIED BY 'x-049' REQUIRE SSL",
               "CREATE USER 'dbp049_x509'@'10.1.2.%' IDENTIFIED BY 'x-049' REQUIRE X509",
               "CREATE USER 'dbp049_local'@'localhost' IDENTIFIED BY 'x-049'",
               "CREATE USER 'dbp049_closed'@'%' IDENTIFIED BY 'x-049' ACCOUNT LOCK")
    with srv.session(CODE) as s, srv.accounts(*healthy):
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and f.evidence == [], f.message.en
        with srv.accounts("CREATE USER 'dbp049_plain'@'%' IDENTIFIED BY 'x-049'",
                          "CREATE USER 'dbp049_lan'@'10.1.2.%' IDENTIFIED BY 'x-049' REQUIRE NONE"):
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING and accounts(f) == {"dbp049_plain@%", "dbp049_lan@10.1.2.%"}, f.message.en
            assert f.message.en.startswith("2 remote account(s) may log in without TLS (REQUIRE NONE, "
                                           "require_secure_transport = OFF), e.g. dbp049_lan@10.1.2.%")
            assert run(s, CODE, {"allowed_accounts": {"value": ["dbp049_plain@%", "dbp049_lan@10.1.2.%"]}}).outcome is Outcome.OK
            admin = srv.engine().connect()  # kept open: new TCP logins without TLS are refused while it is ON
            try:
                admin.exec_driver_sql("SET GLOBAL require_secure_transport = ON")
                f = run(s, CODE)
                assert f.outcome is Outcome.OK and f.message.en == "require_secure_transport = ON: every TCP login uses TLS"
            finally:
                admin.exec_driver_sql("SET GLOBAL require_secure_transport = OFF")
                admin.close()
