"""SEC046 on the private lab: max_password_errors at its default (no limit), at 5 and at 50, each
read back as the server has it; the lab's globals are restored after."""

from __future__ import annotations

import pytest

from tests.mysql_security import lab
from dbpatrol.results import Outcome
from tests.live import run

pytestmark = pytest.mark.timeout(60)

CODE = "SEC046"


@pytest.fixture(scope="module")
def srv(request):
    return lab(request)


def test_max_password_errors(srv):
    with srv.session(CODE) as s:
        f = run(s, CODE)
        assert srv.value("SELECT @@GLOBAL.max_password_errors") == 4294967295
        assert f.outcome is Outcome.WARNING, f.message.en
        assert [(r["name"], r["failed_logins_limit"]) for r in f.evidence] == [("max_password_errors", 4294967295)]
        assert f.message.en == ("max_password_errors = 4,294,967,295: wrong passwords can be tried without limit "
                                "(expected at most 10)"), f.message.en
        assert [(o.key, o.outcome) for o in f.objects] == [("max_password_errors", Outcome.WARNING)]
        with srv.globals(max_password_errors=5):
            f = run(s, CODE)
            assert f.outcome is Outcome.OK and "limited to 10 or fewer" in f.message.en, f.message.en
        with srv.globals(max_password_errors=50):
            assert run(s, CODE).outcome is Outcome.WARNING
            assert run(s, CODE, {"max_failed_logins": {"value": 50}}).outcome is Outcome.OK


# MySQL 8's per-account rows and connection control, from mysql.sql run on MariaDB against stand-in
# tables of MySQL's shape (tests/mysql_security.py mysql8_standin_rows: the SQL's logic, not MySQL's
# catalogs); the judge as the fixtures give it (mysql-attempts-without-lock-time …).

MY8 = (
    "CREATE TABLE {db}.user (User CHAR(32), Host CHAR(255), account_locked ENUM('N','Y'), User_attributes JSON)",
    "CREATE TABLE {db}.global_variables (VARIABLE_NAME VARCHAR(64), VARIABLE_VALUE VARCHAR(1024))",
    "CREATE TABLE {db}.PLUGINS (PLUGIN_NAME VARCHAR(64), PLUGIN_STATUS VARCHAR(10))",
    "INSERT INTO {db}.user VALUES "
    "('app', '10.1.2.%', 'N', '{{\"Password_locking\": {{\"failed_login_attempts\": 3, \"password_lock_time_days\": 0}}}}'), "
    "('dba', '10.1.2.5', 'N', '{{\"Password_locking\": {{\"failed_login_attempts\": 5, \"password_lock_time_days\": -1}}}}'), "
    "('etl', '10.1.2.%', 'N', NULL), ('old', '%', 'Y', NULL)",
)


def test_mysql8_account_rows_and_the_lock_time_rule(my_admin):
    from checks.judges import JudgeContext
    from tests.live import REG
    from tests.mysql_security import mysql8_standin_rows

    redirect = ("mysql.", "performance_schema.", "information_schema.PLUGINS")
    rows = mysql8_standin_rows(my_admin, CODE, MY8, redirect=redirect)
    assert [(r["name"], r["failed_logins_limit"], r["lock_time"]) for r in rows] == [
        ("connection_control", None, "delays logins"), ("etl@10.1.2.%", 0, "0"), ("app@10.1.2.%", 3, "0"),
        ("dba@10.1.2.5", 5, "-1")]
    spec = REG.get(CODE).spec
    v = spec.judge(rows, REG.effective_thresholds(CODE, []), JudgeContext(engine="mysql", object_key=spec.object_key))
    # etl has no limit; app has 3 attempts but lock time 0 (MySQL tracks nothing then); dba locks until unlocked
    assert v.outcome is Outcome.WARNING and [r["name"] for r in v.evidence] == ["etl@10.1.2.%", "app@10.1.2.%"]
    # the MySQL 9.2+ component: its variable exists only while it is loaded
    component = ("INSERT INTO {db}.global_variables VALUES "
                 "('component_connection_control.failed_connections_threshold', '3')",)
    assert mysql8_standin_rows(my_admin, CODE, MY8 + component, redirect=redirect)[0]["failed_logins_limit"] == 3
    plugin = ("INSERT INTO {db}.global_variables VALUES ('connection_control_failed_connections_threshold', '4')",)
    assert mysql8_standin_rows(my_admin, CODE, MY8 + plugin, redirect=redirect)[0]["failed_logins_limit"] is None
    active = plugin + ("INSERT INTO {db}.PLUGINS VALUES ('CONNECTION_CONTROL', 'ACTIVE')",)
    assert mysql8_standin_rows(my_admin, CODE, MY8 + active, redirect=redirect)[0]["failed_logins_limit"] == 4
