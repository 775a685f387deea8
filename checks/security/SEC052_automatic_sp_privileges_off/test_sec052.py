"""SEC052 on the shared private lab: with automatic_sp_privileges ON a dropped procedure's grant goes
with it; switched OFF, the grant stays in mysql.procs_priv — measured — and the check warns."""

from __future__ import annotations

import pytest

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC052"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def grant_survives_drop(srv) -> bool:
    srv.sql("CREATE DATABASE IF NOT EXISTS dbp052")
    try:
        srv.sql("CREATE PROCEDURE dbp052.p() SELECT 1")
        srv.sql("GRANT EXECUTE ON PROCEDURE dbp052.p TO 'dbp052_app'@'%'")
        srv.sql("DROP PROCEDURE dbp052.p")
        left = srv.value("SELECT COUNT(*) FROM mysql.procs_priv WHERE Db = 'dbp052' AND Routine_name = 'p'")
        srv.sql("DELETE FROM mysql.procs_priv WHERE Db = 'dbp052'")
        srv.sql("FLUSH PRIVILEGES")
        return bool(left)
    finally:
        srv.sql("DROP DATABASE dbp052")


def test_on_then_off(srv):
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp052_app'@'%' IDENTIFIED BY 'x-052'"):
        assert srv.value("SELECT @@GLOBAL.automatic_sp_privileges") == 1
        assert not grant_survives_drop(srv)
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and f.message.en.startswith("automatic_sp_privileges is ON"), f.message.en
        with srv.globals(automatic_sp_privileges="OFF"):
            assert grant_survives_drop(srv)
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert [(o.key, o.outcome) for o in f.objects] == [("automatic_sp_privileges", Outcome.WARNING)]
            assert f.message.en.startswith("automatic_sp_privileges = OFF: grants on a dropped routine stay")
