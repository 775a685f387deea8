"""SQL that cannot run on this machine is at least parsed: MySQL 8-only files and Oracle files.

MariaDB and PostgreSQL SQL runs live in the test_live_* suites. A ``mysql.sql`` that sits beside
a ``mariadb.sql`` only ever runs on MySQL 8, which is not installed here; Oracle cannot run here
at all. Both are parsed with sqlglot in their dialect (it catches unbalanced parentheses, missing
tables in FROM, misspelt keywords and dangling clauses; it does not check that a view exists).
"""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from checks import registry


def _unrunnable():
    for check in registry.load():
        for engine, variants in check.sql.items():
            for v in variants:
                # MariaDB has SQL of its own or a Python collector (checks/collect.py): this file is MySQL 8's alone
                mysql8_only = engine == "mysql" and ("mariadb" in check.sql or "mariadb" in check.collectors)
                if engine == "oracle" or mysql8_only:
                    yield pytest.param(v, "oracle" if engine == "oracle" else "mysql", id=f"{check.code}/{v.path.name}")


CASES = list(_unrunnable())


@pytest.mark.parametrize("variant,dialect", CASES)
def test_sql_parses(variant, dialect):
    statements = [s for s in sqlglot.parse(variant.text, read=dialect, error_level=ErrorLevel.RAISE) if s is not None]
    assert len(statements) == 1, "one statement per check SQL file"


def test_the_parser_catches_broken_sql():
    """The check above can fail: sqlglot rejects what a typo produces."""
    for broken in ("SELEC 1", "SELECT (1 FROM t", "SELECT a FROM t WHERE"):
        with pytest.raises(sqlglot.errors.ParseError):
            sqlglot.parse(broken, read="mysql", error_level=ErrorLevel.RAISE)


def test_there_is_mysql8_only_sql_to_parse():
    assert CASES, "no MySQL 8-only or Oracle SQL found: this module would check nothing"


def test_adapter_facts_sql_parses_in_its_dialect():
    """The adapters' own facts queries for servers that cannot run here (Oracle, MySQL 8)."""
    from checks.adapters import mysql, oracle

    for sql in (oracle.FACTS_SQL, oracle.INSTANCE_SQL, oracle.DATABASE_SQL, oracle.PACK_SQL,
                oracle.SESSION_PRIVS_SQL, oracle.SESSION_ROLES_SQL, oracle.STATSPACK_SQL):
        assert len(sqlglot.parse(sql, read="oracle", error_level=ErrorLevel.RAISE)) == 1, sql
    for sql in (mysql.FACTS_SQL_MYSQL8, mysql.REPLICA_CHANNELS_SQL_MYSQL8, mysql.GROUP_MEMBER_SQL_MYSQL8):
        assert len(sqlglot.parse(sql, read="mysql", error_level=ErrorLevel.RAISE)) == 1, sql
    assert "group_replication_applier" in mysql.REPLICA_CHANNELS_SQL_MYSQL8  # a GR member is no replica
