"""SEC051 on the shared private lab (bootstrapped with --skip-test-db): schemas test_… and sakila
planted, and the old installer's grant on test\\_% to the empty user — measured to let an account with
no privilege of its own create a table there."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.live import run
from tests.mysql_security import lab

pytestmark = pytest.mark.timeout(60)

CODE = "SEC051"
ROW = "('%', 'dbp051\\\\_%', '', 'Y','Y','Y','Y','Y','Y','N','Y','Y','Y','Y','Y','Y','Y','N','N','N','Y','Y','Y')"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def objects(f) -> dict[str, str]:
    return {r["object"]: r["kind"] for r in f.evidence}


def creates_table(srv, user: str, password: str) -> bool:
    eng = sa.create_engine(f"mysql+pymysql://{user}:{password}@127.0.0.1:{srv.port}/", poolclass=sa.NullPool)
    try:
        with eng.connect() as c:
            c.exec_driver_sql("CREATE TABLE dbp051_open.t (i int)")
        return True
    except sa.exc.DBAPIError:
        return False
    finally:
        eng.dispose()


def test_test_schemas_and_grants_to_every_account(srv):
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp051_nobody'@'%' IDENTIFIED BY 'x-051'"):
        f = run(s, CODE)
        assert f.outcome is Outcome.OK and f.evidence == [], f.message.en
        srv.sql("CREATE DATABASE dbp051_app")  # healthy counterpart: an ordinary name
        srv.sql("CREATE DATABASE test_dbp051")
        srv.sql("CREATE DATABASE sakila")
        srv.sql("CREATE DATABASE dbp051_open")
        try:
            f = run(s, CODE)
            assert f.outcome is Outcome.WARNING, f.message.en
            assert objects(f) == {"schema sakila": "schema", "schema test_dbp051": "schema"}
            assert not creates_table(srv, "dbp051_nobody", "x-051")
            srv.sql(f"INSERT INTO mysql.db VALUES {ROW}")
            srv.sql("FLUSH PRIVILEGES")
            try:
                assert creates_table(srv, "dbp051_nobody", "x-051")  # no grant of its own: the empty user's applies
                f = run(s, CODE)
                assert f.outcome is Outcome.CRITICAL, f.message.en
                grant = next(r for r in f.evidence if r["kind"] == "grant")
                assert grant["name"] == "dbp051\\_%" and grant["host_name"] == "%"
                assert grant["privileges"] == "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER"
                assert f.message.en.startswith("Every account, anonymous included, holds SELECT, INSERT")
            finally:
                srv.sql("DELETE FROM mysql.db WHERE User = '' AND Db = 'dbp051\\\\_%'")
                srv.sql("FLUSH PRIVILEGES")
            approved = run(s, CODE, {"allowed_schemas": {"value": ["schema test_dbp051", "schema sakila"]}})
            assert approved.outcome is Outcome.OK and "2 approved" in approved.message.en
        finally:
            for db in ("dbp051_app", "test_dbp051", "sakila", "dbp051_open"):
                srv.sql(f"DROP DATABASE IF EXISTS {db}")
