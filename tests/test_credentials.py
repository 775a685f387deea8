"""Credentials never reach a report (issue #14, items 2 and 3).

* The inventory refuses an address, user or database that carries a password (a URL, user:pw@host,
  user/pw@db, a key=value connection string), with the usual one message and exit 2, and the
  message never repeats the value; settings refuse a report URL with user:password@.
* Driver messages have credentials masked by where they stand, not by searching for the password:
  a one-letter password must leave the message intact.
"""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from checks.adapters import ConnectTarget, Unreachable, open_session
from checks.adapters.base import SAFETY_NET_MIN, scrub
from dbpatrol.cli import app
from dbpatrol.errors import UserError
from dbpatrol.inventory import check_address, parse_inventory
from dbpatrol.settings import load_settings

INVENTORY = textwrap.dedent("""
    businesses:
      - name: core
        hosts:
          - name: h1
            address: {host_address}
            instances:
              - {{name: pg1, engine: postgresql, port: 5432, database: {database}, user: {user}{extra}}}
""")


def _inventory(host_address="127.0.0.1", database="test", user="postgres", extra=""):
    return INVENTORY.format(host_address=host_address, database=database, user=user, extra=extra)


# ------------------------------------------------------------------------------------- inventory

@pytest.mark.parametrize("kw,where", [
    ({"host_address": "'postgresql://mon:Hunter2pw@db01'"}, "hosts[0](h1).address"),
    ({"host_address": "'mon:Hunter2pw@db01'"}, "hosts[0](h1).address"),
    ({"host_address": "'Hunter2pw@db01'"}, "hosts[0](h1).address"),
    ({"host_address": "'mysql://db01'"}, "hosts[0](h1).address"),
    ({"extra": ", address: 'mon:Hunter2pw@10.0.0.5'"}, "instances[0](pg1).address"),
    ({"user": "'scott/Hunter2pw@orcl'"}, "instances[0](pg1).user"),
    ({"user": "'mon:Hunter2pw'"}, "instances[0](pg1).user"),
    ({"database": "'postgresql://mon:Hunter2pw@db01/app'"}, "instances[0](pg1).database"),
    ({"database": "'dbname=app password=Hunter2pw'"}, "instances[0](pg1).database"),
])
def test_inventory_refuses_credentials(tmp_path, kw, where):
    p = tmp_path / "inv.yaml"
    p.write_text(_inventory(**kw), encoding="utf-8")
    res = CliRunner().invoke(app, ["inspect", "--inventory", str(p), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert str(p) in res.output and where in res.output
    assert "Hunter2pw" not in res.output, "the message must not repeat the secret"
    assert "password" in res.output  # says why and what to do instead
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("good", ["127.0.0.1", "10.1.2.3", "db01", "db01.example.com", "db_01.corp.local.",
                                  "::1", "fe80::1%eth0", "2001:db8::5", "数据库.example.cn"])
def test_plain_addresses_are_accepted(good):
    assert check_address(good) == good
    inv = parse_inventory({"businesses": [{"name": "b", "hosts": [{"name": "h", "address": good, "instances": [
        {"name": "i", "engine": "postgresql", "port": 5432, "user": "mon", "database": "my app"}]}]}]})
    assert inv.targets[0].address == good


@pytest.mark.parametrize("bad", ["db01:5432", "db01/app", "db 01", "", "-db01", "http://db01", "a@b", "db01?x=1"])
def test_addresses_that_are_not_a_host_are_refused(bad):
    with pytest.raises(ValueError):
        check_address(bad)


@pytest.mark.parametrize("field,value", [("ssh_user", "root:pw"), ("ssh_user", "root@jump")])
def test_ssh_user_cannot_carry_a_password(field, value):
    data = {"businesses": [{"name": "b", "hosts": [{"name": "h", "address": "10.0.0.1", field: value}]}]}
    with pytest.raises(UserError, match=r"hosts\[0\]\(h\)\.ssh_user"):
        parse_inventory(data)


def test_report_url_cannot_carry_a_password():
    with pytest.raises(UserError, match="report_url: must not carry a user name or password") as e:
        load_settings({"DBPATROL_REPORT_URL": "http://admin:Hunter2pw@reports.example:8765"})
    assert "Hunter2pw" not in str(e.value)
    assert load_settings({"DBPATROL_REPORT_URL": "https://reports.example/dbpatrol"}).report_url


# ------------------------------------------------------------------------------------- masking

# (message as a driver or server writes it, the password we connected with, what must be shown)
MESSAGES = [
    ('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "app" '
     'does not exist', "a", None),
    ('connection failed: FATAL:  password authentication failed for user "dbpatrol_mon"', "o", None),
    ("(1045, \"Access denied for user 'dbpatrol'@'10.0.0.5' (using password: YES)\")", "e", None),
    ("(2003, \"Can't connect to MySQL server on '10.0.0.5' ([Errno 111] Connection refused)\")", "n", None),
    ("DPY-6005: cannot connect to database (CONNECTION_ID=abc). [Errno 111] Connection refused", "c", None),
    ("ORA-01017: invalid username/password; logon denied", "p", None),
    # credentials where drivers and DSNs put them
    ("could not translate host: postgresql://mon:s3@db01:5432/app", "s3", "postgresql://mon:***@db01:5432/app"),
    ("mysql+pymysql://root:x@127.0.0.1:3306/test?charset=utf8mb4", "x", "mysql+pymysql://root:***@127.0.0.1:3306/test"),
    ("invalid connection option: host=db01 user=mon password=pw dbname=app", "pw", "password=*** dbname=app"),
    ("missing \"=\": host=db01 password='a b\\'c' dbname=app", "a b'c", "password='***' dbname=app"),
    ("sslpassword=k sslmode=verify-full", "k", "sslpassword=*** sslmode=verify-full"),
    ("Driver={MariaDB};Server=db01;UID=mon;PWD=q;Database=app", "q", "UID=mon;PWD=***;Database=app"),
    ("Driver={MariaDB};PWD={a;b}}};Database=app", "a;b}", "PWD={***};Database=app"),
    ('{"user": "mon", "password": "z"}', "z", '"password": "***"'),
    ("ALTER ROLE app PASSWORD 'u' VALID UNTIL 'infinity'", "u", "ALTER ROLE app PASSWORD '***' VALID UNTIL 'infinity'"),
    ("CREATE USER 'a'@'%' IDENTIFIED BY 'S''e'", "S'e", "IDENTIFIED BY '***'"),
    ("CREATE USER scott IDENTIFIED BY t;", "t", "CREATE USER scott IDENTIFIED BY ***;"),
    ("SET PASSWORD FOR 'u'@'%' = PASSWORD('v')", "v", "= PASSWORD('***')"),
]


@pytest.mark.parametrize("message,password,shown", MESSAGES)
def test_scrub_masks_by_place_and_leaves_the_rest_intact(message, password, shown):
    out = scrub(message, password)
    if shown is None:  # nothing to mask: the message comes back whole
        assert out == " ".join(message.split())
    else:
        assert shown in out, out
        assert out.count("***") == 1, out  # the secret, and no letter of the rest of the message


def test_long_passwords_are_also_masked_anywhere():
    pw = "Corr3ct-Horse!"
    assert len(pw) >= SAFETY_NET_MIN
    out = scrub(f"odd driver message echoing {pw} and {pw.replace('!', '%21')}", pw)
    assert pw not in out and "%21" not in out and out.count("***") == 2
    assert scrub("a short one: abc", "abc") == "a short one: abc"


def test_one_letter_password_real_postgresql_error_is_intact():
    """A real failure from the local PostgreSQL, connecting with the password 'a' (the server uses
    trust auth, so the password is sent but unused): the cause is shown exactly, no ***."""
    target = ConnectTarget("postgresql", "127.0.0.1", 5432, "no_such_db_dbpatrol_a", "postgres", password="a")
    with pytest.raises(Unreachable) as e:
        open_session(target)
    cause = e.value.cause
    assert 'database "no_such_db_dbpatrol_a" does not exist' in cause, cause
    assert "connection failed" in cause and "***" not in cause


def test_one_letter_password_real_mariadb_refusal_is_intact():
    """The local MariaDB's root has an empty password: 'e' is refused, and the server's message
    (full of e's) is shown as it is."""
    target = ConnectTarget("mariadb", "127.0.0.1", 3306, "test", "root", password="e")
    with pytest.raises(Unreachable) as e:
        open_session(target)
    cause = e.value.cause
    assert "Access denied for user 'root'@" in cause and "(using password: YES)" in cause, cause
    assert "***" not in cause


@pytest.mark.parametrize("statement,shown", [
    ("SELECT * FROM dblink('host=db02 user=u password=s3cret dbname=x', 'select 1')", "password=*** dbname=x"),
    ("SELECT dblink_connect('postgresql://u:s3cret@db02/x')", "postgresql://u:***@db02/x"),
    ("ALTER USER scott IDENTIFIED BY s3cret", "IDENTIFIED BY ***"),
    ("CREATE USER MAPPING FOR u SERVER s\n  OPTIONS (user 'u', password 's3cret')", "\n  OPTIONS (user 'u', password '***')"),
])
def test_statement_text_in_evidence_is_masked_by_place(statement, shown):
    """Other sessions' statements (RUN004/RUN005 evidence) can carry connection strings too."""
    from checks.execute import mask_secrets

    out = mask_secrets(statement)
    assert "s3cret" not in out and shown in out, out
