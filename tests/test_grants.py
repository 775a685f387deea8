"""The privilege probes and the grant lists: SHOW GRANTS parsing, PostgreSQL probe tokens, the
declaration grammar, ``dbpatrol checks grants`` and the README's grant lines.

MariaDB lines are real: captured with SHOW GRANTS from the local MariaDB 10.11 (scenario below,
suffix ``fx``) and re-captured live by ``test_mariadb_lines_are_what_the_server_prints`` with a
fresh suffix, so the fixtures cannot drift from what the server prints. MySQL 8 is not installed
here: its lines are the forms the MySQL 8.0/8.4 Reference Manual documents (SHOW GRANTS statement;
"Privilege Restriction Using Partial Revokes"), marked as such — not captured.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pymysql
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from checks import registry
from checks.adapters import ConnectTarget, open_session
from checks.adapters.mysql import MySQLSession, grants_hold, parse_grants
from checks.privileges import declared, grant_statements, parse_token, split_privilege

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PASSWORD = "dbpatrol-fixture"  # fixed, so the captured hash below is what the server prints

# ----------------------------------------------------------------------------------------------
# MariaDB 10.11.19 (this machine), SHOW GRANTS as dbp_fx_u after the scenario in _maria_scenario:
# its default role dbp_fx_r1 active (PROCESS; nested role dbp_fx_r2: SELECT on other.t3), and PUBLIC.

MARIADB_DEFAULT_ROLE = [
    "GRANT `dbp_fx_r1` TO `dbp_fx_u`@`%`",
    "GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO `dbp_fx_u`@`%` IDENTIFIED BY PASSWORD '*CE38E4D5425FCABF9CCC4B01FAA4AFE29A036AB6'",
    "GRANT SELECT, SHOW VIEW ON `dbp_fx_db`.* TO `dbp_fx_u`@`%`",
    "GRANT ALL PRIVILEGES ON `dbp_fx_all`.* TO `dbp_fx_u`@`%`",
    "GRANT SELECT ON `dbp\\_fx\\_p%`.* TO `dbp_fx_u`@`%`",
    "GRANT SELECT (`a`, `b`), UPDATE (`b`) ON `dbp_fx_other`.`t2` TO `dbp_fx_u`@`%`",
    "GRANT SELECT ON `dbp_fx_other`.`t` TO `dbp_fx_u`@`%`",
    "GRANT `dbp_fx_r2` TO `dbp_fx_r1`",
    "GRANT PROCESS ON *.* TO `dbp_fx_r1`",
    "GRANT USAGE ON *.* TO `dbp_fx_r2`",
    "GRANT SELECT ON `dbp_fx_other`.`t3` TO `dbp_fx_r2`",
    "GRANT SELECT ON `dbp_fx_other`.`t_pub` TO PUBLIC",
    "SET DEFAULT ROLE `dbp_fx_r1` FOR `dbp_fx_u`@`%`",
]
# the same session after SET ROLE NONE: the roles' grants are gone, PUBLIC stays
MARIADB_ROLE_NONE = [line for line in MARIADB_DEFAULT_ROLE if "TO `dbp_fx_r" not in line]
MARIADB_ROOT = [
    "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA unix_socket OR mysql_native_password WITH GRANT OPTION",
    "GRANT PROXY ON ``@`%` TO `root`@`localhost` WITH GRANT OPTION",
]

# token → held, for MARIADB_DEFAULT_ROLE (and ROLE_NONE where it differs)
MARIADB_EXPECT = {
    "USAGE": True,
    "PROCESS": True,                       # through the default role
    "REPLICATION CLIENT": True,            # granted under this name, shown as BINLOG MONITOR
    "BINLOG MONITOR": True,
    "REPLICA MONITOR": True,               # granted under this name, shown as SLAVE MONITOR
    "SLAVE MONITOR": True,
    "SUPER": False,
    "SELECT ON dbp_fx_db.t1": True,        # db-level grant
    "SELECT ON dbp_fx_db.*": True,
    "SHOW VIEW ON dbp_fx_db.*": True,
    "INSERT ON dbp_fx_db.t1": False,
    "SELECT ON `dbp_fx_all`.`t`": True,    # ALL PRIVILEGES on the database
    "DELETE ON dbp_fx_all.t": True,
    "SELECT ON dbp_fx_pat1.t": True,       # db pattern dbp\_fx\_p%
    "SELECT ON dbp_fxxpat.t": False,       # \_ is a literal underscore, not a wildcard
    "SELECT ON dbp_fx_other.t": True,      # table-level grant
    "SELECT ON dbp_fx_other.*": False,     # a table grant is no db-level grant
    "SELECT ON dbp_fx_other.t2": False,    # column-level only
    "UPDATE ON dbp_fx_other.t2": False,
    "SELECT ON dbp_fx_other.t3": True,     # nested role
    "SELECT ON dbp_fx_other.t_pub": True,  # PUBLIC
}
MARIADB_EXPECT_ROLE_NONE = {**MARIADB_EXPECT, "PROCESS": False, "SELECT ON dbp_fx_other.t3": False}


@pytest.mark.parametrize("token,held", MARIADB_EXPECT.items())
def test_mariadb_show_grants_with_the_default_role(token, held):
    assert grants_hold(parse_grants(MARIADB_DEFAULT_ROLE), token) is held


@pytest.mark.parametrize("token,held", MARIADB_EXPECT_ROLE_NONE.items())
def test_mariadb_show_grants_after_set_role_none(token, held):
    assert grants_hold(parse_grants(MARIADB_ROLE_NONE), token) is held


def test_mariadb_all_privileges_and_proxy_and_no_password_kept():
    g = parse_grants(MARIADB_ROOT)
    assert all(grants_hold(g, t) for t in ("PROCESS", "SLAVE MONITOR", "BINLOG MONITOR", "SELECT ON mysql.user",
                                            "SELECT ON performance_schema.*"))
    assert "*CE38E4D5425FCABF9CCC4B01FAA4AFE29A036AB6" not in repr(parse_grants(MARIADB_DEFAULT_ROLE))
    db_all = parse_grants(["GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`"])
    assert grants_hold(db_all, "SELECT ON shop.orders") and not grants_hold(db_all, "PROCESS")  # PROCESS is global only


# ----------------------------------------------------------------------------------------------
# MySQL 8: forms documented in the MySQL Reference Manual (not captured: no MySQL 8 here)

MYSQL8_DOCUMENTED = {
    # SHOW GRANTS statement: a db-level grant
    "db-level": ["GRANT USAGE ON *.* TO `jeffrey`@`localhost`",
                 "GRANT SELECT, INSERT, UPDATE ON `db1`.* TO `jeffrey`@`localhost`"],
    # SHOW GRANTS lists which roles are granted, not their privileges ...
    "roles": ["GRANT USAGE ON *.* TO `u1`@`localhost`", "GRANT `r1`@`%`,`r2`@`%` TO `u1`@`localhost`"],
    # ... SHOW GRANTS FOR u1 USING r1 adds them
    "roles using": ["GRANT USAGE ON *.* TO `u1`@`localhost`",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON `db1`.* TO `u1`@`localhost`",
                    "GRANT `r1`@`%`,`r2`@`%` TO `u1`@`localhost`"],
    # 8.0 lists static privileges by name (no ALL PRIVILEGES at global level) and dynamic ones comma-joined
    "dynamic": ["GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, "
                "ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, "
                "REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, "
                "CREATE TABLESPACE, CREATE ROLE, DROP ROLE ON *.* TO `root`@`localhost` WITH GRANT OPTION",
                "GRANT APPLICATION_PASSWORD_ADMIN,AUDIT_ADMIN,BACKUP_ADMIN,BINLOG_ADMIN,CONNECTION_ADMIN,"
                "REPLICATION_SLAVE_ADMIN,ROLE_ADMIN,SYSTEM_USER,SYSTEM_VARIABLES_ADMIN ON *.* TO `root`@`localhost` "
                "WITH GRANT OPTION",
                "GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION"],
    # Privilege Restriction Using Partial Revokes (partial_revokes=ON)
    "partial revoke": ["GRANT SELECT, INSERT ON *.* TO `u1`@`%`", "REVOKE INSERT ON `world`.* FROM `u1`@`%`"],
    # partial_revokes=ON: a global privilege taken back in one database (review should-fix 24)
    "partial revoke global": ["GRANT PROCESS, REFERENCES, SHOW VIEW ON *.* TO `dbpatrol_mon`@`%`",
                              "REVOKE SHOW VIEW ON `secret_db`.* FROM `dbpatrol_mon`@`%`"],
    # what `dbpatrol checks grants --engine mysql` asks for
    "performance_schema": ["GRANT USAGE ON *.* TO `dbpatrol_mon`@`%`", "GRANT PROCESS ON *.* TO `dbpatrol_mon`@`%`",
                           "GRANT SELECT ON `performance_schema`.* TO `dbpatrol_mon`@`%`"],
}
MYSQL8_EXPECT = [
    ("db-level", "SELECT ON db1.t", True), ("db-level", "DELETE ON db1.t", False), ("db-level", "PROCESS", False),
    ("roles", "SELECT ON db1.t", False),
    ("roles using", "DELETE ON db1.t", True),
    ("dynamic", "PROCESS", True), ("dynamic", "REPLICATION CLIENT", True), ("dynamic", "BACKUP_ADMIN", True),
    ("dynamic", "SELECT ON performance_schema.*", True), ("dynamic", "CLONE_ADMIN", False),
    ("partial revoke", "SELECT ON world.city", True), ("partial revoke", "INSERT ON world.city", False),
    ("partial revoke", "INSERT ON world.*", False), ("partial revoke", "INSERT ON shop.orders", True),
    # SHOW VIEW revoked in secret_db: information_schema hides its tables, so the global token is not held
    ("partial revoke global", "SHOW VIEW", False), ("partial revoke global", "REFERENCES", True),
    ("partial revoke global", "PROCESS", True),
    ("performance_schema", "PROCESS", True), ("performance_schema", "SELECT ON performance_schema.*", True),
    ("performance_schema", "SELECT ON performance_schema.data_lock_waits", True),
    ("performance_schema", "SELECT ON mysql.user", False),
]


@pytest.mark.parametrize("case,token,held", MYSQL8_EXPECT)
def test_mysql8_documented_show_grants(case, token, held):
    assert grants_hold(parse_grants(MYSQL8_DOCUMENTED[case]), token) is held


class _RecordedMySQL(MySQLSession):
    """A MySQL 8 session answering from documented output, to see which statements the probe issues."""

    def __init__(self, answers):
        super().__init__(ConnectTarget("mysql", "127.0.0.1", 1, None, "u1"))
        self.flavor = "mysql"
        self.answers, self.asked = answers, []

    def optional(self, sql, params=None):
        self.asked.append(sql)
        return self.answers.get(sql)


def test_mysql8_active_roles_are_read_with_show_grants_using():
    rows = lambda lines: [{"grants": line} for line in lines]  # noqa: E731
    s = _RecordedMySQL({
        "SHOW GRANTS": rows(MYSQL8_DOCUMENTED["roles"]),
        "SELECT CURRENT_ROLE() AS r": [{"r": "`r1`@`%`,`r2`@`%`"}],
        "SHOW GRANTS FOR CURRENT_USER() USING `r1`@`%`,`r2`@`%`": rows(MYSQL8_DOCUMENTED["roles using"]),
    })
    assert s.probe_privilege("SELECT ON db1.t") is True
    assert "SHOW GRANTS FOR CURRENT_USER() USING `r1`@`%`,`r2`@`%`" in s.asked


# ----------------------------------------------------------------------------------------------
# live MariaDB: the captured lines are what the server prints, and the probe agrees with what the
# user can really do


def _maria_scenario(c, s: str):
    for db in (f"dbp_{s}_db", f"dbp_{s}_other", f"dbp_{s}_pat1", f"dbp_{s}xpat", f"dbp_{s}_all"):
        c.execute(f"CREATE DATABASE {db}")
    for t in (f"dbp_{s}_db.t1", f"dbp_{s}_other.t", f"dbp_{s}_other.t2", f"dbp_{s}_other.t3", f"dbp_{s}_other.t_pub",
              f"dbp_{s}_pat1.t", f"dbp_{s}xpat.t", f"dbp_{s}_all.t"):
        c.execute(f"CREATE TABLE {t} (a int, b int, c int)")  # the column grant on t2 leaves c out
    u = f"'dbp_{s}_u'@'%'"
    for stmt in (f"CREATE ROLE dbp_{s}_r1", f"CREATE ROLE dbp_{s}_r2",
                 f"CREATE USER {u} IDENTIFIED BY '{FIXTURE_PASSWORD}'",
                 f"GRANT REPLICATION CLIENT, REPLICA MONITOR ON *.* TO {u}",
                 f"GRANT SELECT, SHOW VIEW ON dbp_{s}_db.* TO {u}",
                 f"GRANT SELECT ON `dbp\\_{s}\\_p%`.* TO {u}",
                 f"GRANT SELECT ON dbp_{s}_other.t TO {u}",
                 f"GRANT SELECT (a, b), UPDATE (b) ON dbp_{s}_other.t2 TO {u}",
                 f"GRANT ALL PRIVILEGES ON dbp_{s}_all.* TO {u}",
                 f"GRANT SELECT ON dbp_{s}_other.t3 TO dbp_{s}_r2",
                 f"GRANT dbp_{s}_r2 TO dbp_{s}_r1",
                 f"GRANT PROCESS ON *.* TO dbp_{s}_r1",
                 f"GRANT dbp_{s}_r1 TO {u}",
                 f"SET DEFAULT ROLE dbp_{s}_r1 FOR {u}",
                 f"GRANT SELECT ON dbp_{s}_other.t_pub TO PUBLIC"):
        c.execute(stmt)  # (no arguments: PyMySQL leaves % alone)


def _maria_teardown(c, s: str):
    for stmt in (f"REVOKE SELECT ON dbp_{s}_other.t_pub FROM PUBLIC", f"DROP USER IF EXISTS 'dbp_{s}_u'@'%'",
                 f"DROP ROLE IF EXISTS dbp_{s}_r1", f"DROP ROLE IF EXISTS dbp_{s}_r2"):
        try:
            c.execute(stmt)
        except pymysql.MySQLError:
            pass
    for db in (f"dbp_{s}_db", f"dbp_{s}_other", f"dbp_{s}_pat1", f"dbp_{s}xpat", f"dbp_{s}_all"):
        c.execute(f"DROP DATABASE IF EXISTS {db}")


# What the user can really do for a token: a statement that needs exactly it.
def _reality_statement(token: str) -> str | None:
    t = token.upper()
    if t == "PROCESS":
        return "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
    if t in ("BINLOG MONITOR", "REPLICATION CLIENT"):
        return "SHOW BINLOG STATUS"
    if t in ("SLAVE MONITOR", "REPLICA MONITOR"):
        return "SHOW ALL SLAVES STATUS"
    m = re.fullmatch(r"SELECT ON (\S+)\.(\S+)", token.replace("`", ""))
    if m and m[2] != "*":
        return f"SELECT * FROM {m[1]}.{m[2]} LIMIT 0"
    return None


@pytest.fixture
def maria_scenario(my_admin):
    s = "fx" + secrets.token_hex(2)
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", autocommit=True)
    try:
        _maria_scenario(conn.cursor(), s)
        yield s
    finally:
        _maria_teardown(conn.cursor(), s)
        conn.close()


def test_mariadb_lines_are_what_the_server_prints(maria_scenario):
    s = maria_scenario
    conn = pymysql.connect(host="127.0.0.1", port=3306, user=f"dbp_{s}_u", password=FIXTURE_PASSWORD)
    try:
        cur = conn.cursor()
        for expected in (MARIADB_DEFAULT_ROLE, MARIADB_ROLE_NONE):
            cur.execute("SHOW GRANTS")
            mine = [r[0] for r in cur.fetchall() if f"dbp_{s}_" in r[0] or f"dbp\\_{s}\\_" in r[0]]
            assert sorted(mine) == sorted(line.replace("fx", s) for line in expected)
            cur.execute("SET ROLE NONE")
    finally:
        conn.close()


def test_mariadb_probe_agrees_with_what_the_user_can_do(maria_scenario):
    s = maria_scenario
    tokens = [t.replace("fx", s) for t in MARIADB_EXPECT]
    with open_session(ConnectTarget("mariadb", "127.0.0.1", 3306, None, f"dbp_{s}_u", FIXTURE_PASSWORD)) as session:
        for role_state, expect in (("default role", MARIADB_EXPECT), ("SET ROLE NONE", MARIADB_EXPECT_ROLE_NONE)):
            if role_state == "SET ROLE NONE":
                session.fetch("SET ROLE NONE")
                del session._grant_map  # probed again for the new role state
            for token, (_, held) in zip(tokens, expect.items()):
                assert session.probe_privilege(token) is held, (role_state, token)
                sql = _reality_statement(token)
                if sql is None:
                    continue
                try:
                    session.fetch(sql)
                    can = True
                except sa.exc.DBAPIError as exc:
                    assert exc.orig.args[0] in (1044, 1142, 1143, 1227), exc
                    can = False
                assert can is held, (role_state, token, sql)


# ----------------------------------------------------------------------------------------------
# PostgreSQL probe tokens, on the shared server, against what the role can really do


@pytest.fixture
def pg_roles(pg_admin):
    s = secrets.token_hex(3)
    names = {k: f"dbp_probe_{s}_{k}" for k in ("grp", "member", "noinherit", "fn", "view", "bare", "other")}
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"CREATE ROLE {names['grp']} NOLOGIN")
        c.exec_driver_sql(f"GRANT pg_monitor TO {names['grp']}")
        for k in ("member", "fn", "view", "bare", "other"):
            c.exec_driver_sql(f"CREATE ROLE {names[k]} LOGIN")
        c.exec_driver_sql(f"CREATE ROLE {names['noinherit']} LOGIN NOINHERIT")
        c.exec_driver_sql(f"GRANT {names['grp']} TO {names['member']}, {names['noinherit']}")
        c.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO {names['fn']}")
        c.exec_driver_sql(f"CREATE VIEW dbp_probe_{s}_v AS SELECT 1 AS one")
        c.exec_driver_sql(f"GRANT SELECT ON dbp_probe_{s}_v, pg_catalog.pg_hba_file_rules TO {names['view']}")
    names["view_name"] = f"dbp_probe_{s}_v"
    yield names
    with pg_admin.connect() as c:
        c.exec_driver_sql(f"DROP VIEW IF EXISTS dbp_probe_{s}_v")
        for k in ("member", "noinherit", "fn", "view", "bare", "other", "grp"):
            c.exec_driver_sql(f"DROP OWNED BY {names[k]}")
            c.exec_driver_sql(f"DROP ROLE IF EXISTS {names[k]}")


def _pg(user):
    return open_session(ConnectTarget("postgresql", "127.0.0.1", 5432, "test", user))


def _other_sessions_query_visible(session, other_pid) -> bool:
    row = session.run("SELECT query FROM pg_stat_activity WHERE pid = :p", {"p": other_pid})[0]
    return row["query"] is not None and "insufficient privilege" not in row["query"]


def test_pg_predefined_role_through_another_role(pg_roles):
    with _pg(pg_roles["other"]) as other:  # a session of another user, whose query text pg_monitor reveals
        other_pid = other.facts["session_id"]
        for who, held in (("member", True), ("noinherit", False), ("bare", False)):
            with _pg(pg_roles[who]) as s:
                for role in ("pg_monitor", "pg_read_all_stats", "pg_read_all_settings"):  # pg_monitor's members too
                    assert s.probe_privilege(role) is held, (who, role)
                assert _other_sessions_query_visible(s, other_pid) is held, who
                assert s.missing_privileges("pg_monitor") == ([] if held else ["pg_monitor"])


def test_pg_execute_on_function_with_argument_types(pg_roles):
    three = "EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint)"
    one = "EXECUTE ON FUNCTION pg_read_file(text)"
    with _pg(pg_roles["fn"]) as s:
        assert s.probe_privilege(three) is True and s.probe_privilege(one) is False  # each overload its own grant
        assert s.missing_privileges(f"pg_monitor, {three}") == ["pg_monitor"]  # the comma inside () does not split
        assert s.missing_privileges(f"{one}, {three}") == [one]
        assert s.run("SELECT pg_read_file('PG_VERSION', 0, 2) AS v")[0]["v"]
        with pytest.raises(Exception, match="permission denied"):
            s.run("SELECT pg_read_file('PG_VERSION') AS v")
    with _pg(pg_roles["bare"]) as s:
        assert s.probe_privilege(three) is False


def test_pg_select_on_a_view(pg_roles):
    v = pg_roles["view_name"]
    with _pg(pg_roles["view"]) as s:
        for token in (f"SELECT ON {v}", f"SELECT ON public.{v}", "SELECT ON pg_hba_file_rules",
                      "SELECT ON pg_catalog.pg_hba_file_rules"):
            assert s.probe_privilege(token) is True, token
        assert s.run(f"SELECT one FROM {v}") == [{"one": 1}]
        # SELECT on pg_hba_file_rules alone is not enough: the view calls a function that needs its own grant
        assert s.probe_privilege("EXECUTE ON FUNCTION pg_hba_file_rules()") is False
        with pytest.raises(Exception, match="permission denied"):
            s.run("SELECT count(*) FROM pg_hba_file_rules")
    with _pg(pg_roles["bare"]) as s:
        assert s.probe_privilege(f"SELECT ON {v}") is False
        assert s.missing_privileges(f"login, SELECT ON {v}") == [f"SELECT ON {v}"]


# ----------------------------------------------------------------------------------------------
# the declaration grammar


def test_split_and_parse_tokens():
    assert split_privilege("pg_monitor, EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint),SELECT ON x.y") == [
        "pg_monitor", "EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint)", "SELECT ON x.y"]
    assert parse_token("postgresql", "EXECUTE ON FUNCTION pg_read_file( text,bigint , bigint )").key == \
        "EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint)"
    assert parse_token("mariadb", "replication client").key == "BINLOG MONITOR"
    assert parse_token("mysql", "replication client").key == "REPLICATION CLIENT"
    assert parse_token("mysql", "select on `performance_schema`.*").key == "SELECT ON performance_schema.*"
    assert parse_token("oracle", "select on v_$session").key == "SELECT ON SYS.V_$SESSION"  # SYS owns the V_$ views
    assert parse_token("oracle", "SELECT ON DBA_USERS").key == "SELECT ON SYS.DBA_USERS"
    assert parse_token("oracle", "SELECT ON APP.AUDIT_LOG").key == "SELECT ON APP.AUDIT_LOG"
    assert parse_token("oracle", "select any dictionary").key == "SELECT ANY DICTIONARY"
    assert parse_token("oracle", "CREATE SESSION").kind == "nothing"
    for engine, bad in (("postgresql", "pg monitor"), ("postgresql", "SELECT ON"), ("postgresql", "GRANT pg_monitor"),
                        ("mariadb", "PROCESS ON"), ("mariadb", "SELECT ON db"), ("oracle", "SELECT ON V$SESSION x"),
                        ("sqlite", "anything")):
        with pytest.raises(ValueError):
            parse_token(engine, bad)


def test_every_mariadb_privilege_the_catalog_names_exists_on_the_server(my_admin):
    with my_admin.connect() as c:
        known = {r[0].upper(): r[1] for r in c.exec_driver_sql("SHOW PRIVILEGES")}
    for engine in ("mariadb",):
        for grant, codes in declared(engine).items():
            assert grant.privilege in known, f"{codes} declare {grant.key}: MariaDB knows no such privilege"
            if grant.kind == "object":
                assert "Tables" in known[grant.privilege] or "Databases" in known[grant.privilege], grant.key


# ----------------------------------------------------------------------------------------------
# dbpatrol checks grants, and the README's lines


from dbpatrol.cli import COLLECTOR_HOST  # noqa: E402

MYSQL_HOST_NOTE = ("-- replace <collector-host> by the address dbpatrol connects from (an account open to '%' is what "
                   "SEC042 reports)")
MYSQL_CREATE_USER = ("CREATE USER 'dbpatrol_mon'@'<collector-host>' IDENTIFIED BY '…' REQUIRE SSL;  -- REQUIRE SSL: "
                     "give the instance tls: in the inventory")


def _cli(*args):
    from dbpatrol.cli import app

    return CliRunner().invoke(app, ["checks", "grants", *args])


def test_every_declaration_in_the_catalog_parses():
    for engine in ("postgresql", "mysql", "mariadb", "oracle"):
        for check in registry.load().select("annual", engine):
            for token in split_privilege(check.spec.support(engine).privilege):
                parse_token(engine, token)  # ValueError names the token outside the grammar


@pytest.mark.parametrize("engine", ["postgresql", "mysql", "mariadb", "oracle"])
def test_checks_grants_prints_what_the_catalog_declares(engine):
    for tier in (None, "daily", "weekly", "annual"):
        res = _cli("--engine", engine, *(["--tier", tier] if tier else []))
        assert res.exit_code == 0, res.output
        lines = res.stdout.splitlines()
        needed = declared(engine, tier)
        if engine in ("mysql", "mariadb"):  # a placeholder host to fill and REQUIRE SSL first (must-fix 7)
            head, lines = lines[:2], lines[2:]
            assert head == [MYSQL_HOST_NOTE, MYSQL_CREATE_USER], head
            assert lines == grant_statements(engine, needed, host=COLLECTOR_HOST, include_sensitive=False, codes=needed)
            continue
        assert lines == (grant_statements(engine, needed, include_sensitive=False, codes=needed) or [lines[0]])
        for grant, codes in needed.items():  # every declared grant is in the output
            assert any(grant.privilege in line and grant.object in line for line in lines), (grant, codes)
    res = _cli("--engine", engine, "--user", "mon2", "--host", "10.0.0.%")
    assert res.exit_code == 0 and all(("'mon2'@'10.0.0.%'" if engine in ("mysql", "mariadb") else "TO mon2;") in line
                                      for line in res.stdout.splitlines() if line.startswith("GRANT"))
    if engine == "oracle":
        assert res.stdout.splitlines()[0] == "GRANT CREATE SESSION TO mon2;"


def test_checks_grants_refuses_bad_options():
    for args, expected in ((["--engine", "db2"], "--engine"), (["--engine", "mysql", "--tier", "hourly"], "--tier")):
        res = _cli(*args)
        assert res.exit_code == 2 and expected in res.output and "Traceback" not in res.output


def test_the_readme_grant_lines_are_what_the_catalog_declares():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^-- [^\n]*dbpatrol checks grants --engine (\w+)\n(.*?)(?:\n\n|\n```)", text, re.M | re.S)
    assert {e for e, _ in sections} == {"postgresql", "mysql", "mariadb"}, sections
    for engine, body in sections:
        grants = [line for line in body.splitlines() if line.startswith(("GRANT", "-- opt-in"))]
        host = COLLECTOR_HOST if engine in ("mysql", "mariadb") else "%"
        assert grants == grant_statements(engine, declared(engine), host=host, include_sensitive=False,
                                          codes=declared(engine)), \
            f"README's {engine} grants drifted from the catalog: paste `uv run dbpatrol checks grants --engine {engine}`"
        res = _cli("--engine", engine)
        printed = [line for line in res.stdout.splitlines() if not line.startswith(("-- replace", "CREATE USER"))]
        assert printed == grants
        if engine in ("mysql", "mariadb"):
            assert MYSQL_CREATE_USER in body.splitlines(), f"README's {engine} CREATE USER is not what the CLI prints"


def test_the_printed_statements_give_every_declared_privilege(pg_admin, my_admin):
    """Run what the command prints for a fresh user on the real servers: every declared token is held."""
    s = secrets.token_hex(3)
    pg_user, my_user = f"dbp_grants_{s}", f"dbp_grants_{s}"
    try:
        with pg_admin.connect() as c:
            c.exec_driver_sql(f"CREATE ROLE {pg_user} LOGIN")
            for line in _cli("--engine", "postgresql", "--user", pg_user, "--include-sensitive").stdout.splitlines():
                c.exec_driver_sql(line)
        with my_admin.connect() as c:
            c.exec_driver_sql(f"CREATE USER '{my_user}'@'%%' IDENTIFIED BY 'x'")
            for line in _cli("--engine", "mariadb", "--user", my_user, "--host", "%", "--include-sensitive").stdout.splitlines():
                if line.startswith("GRANT"):  # the user exists (CREATE USER is printed first)
                    c.exec_driver_sql(line.replace("%", "%%"))
        for engine, target in (("postgresql", ConnectTarget("postgresql", "127.0.0.1", 5432, "test", pg_user)),
                               ("mariadb", ConnectTarget("mariadb", "127.0.0.1", 3306, None, my_user, "x"))):
            with open_session(target) as session:
                for check in registry.load().select("annual", engine):
                    assert session.missing_privileges(check.spec.support(engine).privilege) == [], check.code
    finally:
        with pg_admin.connect() as c:
            if c.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{pg_user}'").first():
                c.exec_driver_sql(f"DROP OWNED BY {pg_user}")  # its grants on pg_catalog objects
            c.exec_driver_sql(f"DROP ROLE IF EXISTS {pg_user}")
        with my_admin.connect() as c:
            c.exec_driver_sql(f"DROP USER IF EXISTS '{my_user}'@'%%'")


def test_sensitive_grants_are_opt_in_and_name_the_checks_that_need_them():
    """pg_read_all_data, pg_authid, mysql.* / mysql.global_priv (password hashes) and write-capable
    TRIGGER are printed commented out unless --include-sensitive: a bank decides, the checks that
    need them are SKIPPED "missing privilege" without them."""
    for engine, marker in (("postgresql", "pg_authid"), ("mariadb", "mysql.global_priv")):
        plain = _cli("--engine", engine).stdout.splitlines()
        full = _cli("--engine", engine, "--include-sensitive").stdout.splitlines()
        assert not [ln for ln in plain if ln.startswith("GRANT") and marker in ln]
        opt_in = [ln for ln in plain if marker in ln]
        assert opt_in and opt_in[0].startswith("-- opt-in, reads every") and "(without it SKIPPED, missing privilege: " in opt_in[0]
        assert [ln for ln in full if ln.startswith("GRANT") and marker in ln]
        assert not [ln for ln in full if ln.startswith("-- opt-in")]


def test_checks_grants_binds_the_mysql_user_to_its_collector_and_requires_ssl(request):
    """The review's must-fix 7: `checks grants` made 'dbpatrol_mon'@'%' with REQUIRE NONE, which SEC042 (any
    host) and SEC049 (remote, no TLS) then rightly report. It now prints a host to fill and REQUIRE SSL;
    run on the private lab with the collector's address filled in, neither check names the account —
    and one made with '%' is still reported: nothing special-cases dbpatrol's own user."""
    from tests.live import run
    from tests.mysql_security import lab

    res = _cli("--engine", "mariadb", "--user", "dbp_fx_mon", "--host", "10.20.30.40")
    assert res.exit_code == 0 and all("'%'" not in line for line in res.stdout.splitlines() if not line.startswith("--"))
    srv = lab(request)
    statements = [line.split("  --")[0].replace("'…'", "'Mon-secret-1'") for line in res.stdout.splitlines()
                  if line.startswith(("CREATE USER", "GRANT"))]
    assert statements[0] == "CREATE USER 'dbp_fx_mon'@'10.20.30.40' IDENTIFIED BY 'Mon-secret-1' REQUIRE SSL;"
    try:
        for stmt in statements:
            srv.sql(stmt.rstrip(";"))
        for code in ("SEC042", "SEC049"):
            with srv.session(code) as s:
                f = run(s, code)
            assert "dbp_fx_mon@10.20.30.40" not in {r.get("account") for r in f.evidence}, (code, f.message.en)
        srv.sql("CREATE USER 'dbp_fx_mon'@'%' IDENTIFIED BY 'Mon-secret-1'")  # what the old default made
        with srv.session("SEC042") as s:
            f = run(s, "SEC042")
        assert "dbp_fx_mon@%" in {r.get("account") for r in f.evidence}, f.message.en
    finally:
        srv.sql("DROP USER IF EXISTS 'dbp_fx_mon'@'10.20.30.40'")
        srv.sql("DROP USER IF EXISTS 'dbp_fx_mon'@'%'")
