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


def test_grants_to_public(srv):
    """MariaDB 10.11 GRANT … TO PUBLIC reaches every account and is stored as User 'PUBLIC', Host '' (in
    mysql.db, and mysql.tables_priv for a table): SEC051 read only the empty user and returned none of
    it (review should-fix 18). The remediation's REVOKE … FROM PUBLIC takes it away."""
    with srv.session(CODE) as s, srv.accounts("CREATE USER 'dbp051_nobody2'@'%' IDENTIFIED BY 'x-051'"):
        srv.sql("CREATE DATABASE dbp051_open")
        srv.sql("CREATE TABLE dbp051_open.t (i int)")
        try:
            assert run(s, CODE).outcome is Outcome.OK
            srv.sql("GRANT SELECT, INSERT ON dbp051_open.* TO PUBLIC")
            srv.sql("GRANT UPDATE ON dbp051_open.t TO PUBLIC")
            eng = sa.create_engine(f"mysql+pymysql://dbp051_nobody2:x-051@127.0.0.1:{srv.port}/", poolclass=sa.NullPool)
            try:
                with eng.connect() as c:  # no grant of its own: PUBLIC's apply
                    c.exec_driver_sql("INSERT INTO dbp051_open.t VALUES (1)")
            finally:
                eng.dispose()
            f = run(s, CODE)
            assert f.outcome is Outcome.CRITICAL, f.message.en
            got = {r["object"]: (r["kind"], r["privileges"]) for r in f.evidence}
            assert got == {"grant dbp051_open to PUBLIC": ("public", "SELECT, INSERT"),
                           "grant dbp051_open.t to PUBLIC": ("public", "UPDATE")}, got
            assert "GRANT … TO PUBLIC: every account holds" in f.message.en and "所有账号" in f.message.zh
            srv.sql("REVOKE SELECT, INSERT ON dbp051_open.* FROM PUBLIC")
            srv.sql("REVOKE UPDATE ON dbp051_open.t FROM PUBLIC")
            assert run(s, CODE).outcome is Outcome.OK
        finally:
            srv.sql("DROP DATABASE IF EXISTS dbp051_open")


def test_mysql8_sql_reads_the_grants_of_mandatory_roles(my_admin):
    """mysql.sql run on MariaDB against stand-in mysql.db / tables_priv of MySQL's shape
    (tests/mysql_security.py mysql8_standin_rows): a role named in @@mandatory_roles is every account's."""
    from tests.mysql_security import mysql8_standin_rows

    cols = ", ".join(f"{p}_priv ENUM('N','Y') DEFAULT 'N'" for p in ("Select", "Insert", "Update", "Delete", "Create",
                                                                     "Drop", "Alter", "Grant"))
    tables = (f"CREATE TABLE {{db}}.db (Host CHAR(255), Db CHAR(64), User CHAR(32), {cols})",
              "CREATE TABLE {db}.tables_priv (Host CHAR(255), Db CHAR(64), User CHAR(32), Table_name CHAR(64), "
              "Table_priv SET('Select','Insert','Update','Delete'))",
              "INSERT INTO {db}.db (Host, Db, User, Select_priv, Insert_priv) VALUES ('%', 'ledger', 'everyone', 'Y', 'Y'), "
              "('%', 'crm', 'app', 'Y', 'N')",
              "INSERT INTO {db}.tables_priv VALUES ('%', 'hr', 'everyone', 'salary', 'Select')")
    rows = mysql8_standin_rows(my_admin, CODE, tables, redirect=("mysql.",),
                               variables={"mandatory_roles": "`everyone`@`%`,`audit`"})
    got = {r["object"]: (r["kind"], r["privileges"]) for r in rows if r["kind"] != "schema"}
    assert got == {"grant ledger to mandatory role everyone@%": ("mandatory", "SELECT, INSERT"),
                   "grant hr.salary to mandatory role everyone@%": ("mandatory", "SELECT")}, got
    assert not [r for r in mysql8_standin_rows(my_admin, CODE, tables, redirect=("mysql.",),
                                               variables={"mandatory_roles": ""}) if r["kind"] != "schema"]
