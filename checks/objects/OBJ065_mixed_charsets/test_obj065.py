"""OBJ065 live: on the private mariadbd (tests/mysql_objects.py) with a utf8mb4 server default, a
consistent schema is OK; then a table in another collation, a table with a latin1 column and a
utf8mb3 schema are planted and named, the consistent table and the consistent table inside the
utf8mb3 schema are not; a utf8mb3 server default is legacy itself. Run as a user holding only
REFERENCES."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dbpatrol.results import Outcome
from tests.mysql_objects import lab, manual, record, rows_of

pytestmark = pytest.mark.timeout(60)

CODE = "OBJ065"


@pytest.fixture(scope="module")
def planted(request):
    lb = lab(request)
    with lb.globals(character_set_server="'utf8mb4'", collation_server="'utf8mb4_general_ci'"), \
            lb.schema(CODE, "utf8mb4 COLLATE utf8mb4_general_ci") as db:
        lb.sql(f"CREATE TABLE `{db}`.t_ok (id int PRIMARY KEY, name varchar(40))")
        yield lb, db


def test_inconsistent_collations_and_a_legacy_schema(planted):
    lb, db = planted
    before = lb.check(CODE)
    assert before.outcome is Outcome.OK, before.message.en
    assert before.message.en.startswith("Character sets are consistent") and "utf8mb4_general_ci" in before.message.en
    assert [r["object_type"] for r in before.evidence] == ["server"]
    with lb.session(CODE) as s:
        record(CODE, s, "healthy", "OK")

    lb.sql(f"CREATE TABLE `{db}`.t_unicode (id int PRIMARY KEY, name varchar(40)) COLLATE utf8mb4_unicode_ci",
           f"CREATE TABLE `{db}`.t_latin (id int PRIMARY KEY, name varchar(40), code varchar(8) CHARACTER SET latin1)")
    # what the finding warns of: text of two collations cannot be compared
    with pytest.raises(sa.exc.DBAPIError, match="1267"):
        lb.sql(f"SELECT 1 FROM `{db}`.t_ok o JOIN `{db}`.t_unicode u ON o.name = u.name")
    with lb.schema(CODE, "utf8mb3") as old:
        lb.sql(f"CREATE TABLE `{old}`.t_old (id int PRIMARY KEY, name varchar(40))")  # follows its schema
        f = lb.check(CODE)
        assert f.outcome is Outcome.WARNING, f.message.en
        got = {r["object_name"]: r for r in f.evidence}
        assert set(got) == {old, f"{db}.t_unicode", f"{db}.t_latin"}, set(got)
        assert (got[old]["charset"], got[old]["parent_collation"]) == ("utf8mb3", "utf8mb4_general_ci")
        assert (got[f"{db}.t_unicode"]["collation"], got[f"{db}.t_unicode"]["parent_collation"]) == \
               ("utf8mb4_unicode_ci", "utf8mb4_general_ci")
        assert (got[f"{db}.t_latin"]["columns_off"], got[f"{db}.t_latin"]["other_collations"]) == (1, "latin1_swedish_ci")
        assert f.message.en.startswith(f"schema {old} uses a legacy character set (default collation utf8mb3_general_ci")
        assert "3 object(s) at fault (1 schema(s), 2 table(s))" in f.message.en and "生僻字" in f.message.zh
        assert {o.key for o in f.objects} == {f"schema.{old}", f"table.{db}.t_unicode", f"table.{db}.t_latin"}
        with lb.session(CODE) as s:
            record(CODE, s, "mixed", "WARNING", "legacy character set")
        f = lb.check(CODE, {"legacy_charsets": {"value": "ucs2"}})  # not legacy for this site: only inconsistent
        assert f.message.en.startswith("3 object(s) do not follow the collation they inherit"), f.message.en
        assert rows_of(f, object_name=old)


def test_a_legacy_server_default_is_itself_at_fault(planted):
    lb, db = planted
    lb.sql(f"DROP TABLE IF EXISTS `{db}`.t_unicode, `{db}`.t_latin")
    with lb.globals(character_set_server="'utf8mb3'", collation_server="'utf8mb3_general_ci'"):
        f = lb.check(CODE)
    assert f.outcome is Outcome.WARNING and f.evidence[0]["object_type"] == "server", f.message.en
    assert f.message.en.startswith("server (server) uses a legacy character set (server default utf8mb3_general_ci")
    assert rows_of(f, object_name=db)[0]["parent_collation"] == "utf8mb3_general_ci"  # and the schema now differs


def test_mysql8_fixtures():
    """MySQL 8 rows (written from the manual: SCHEMATA / TABLES / COLUMNS collations, MySQL 8 default utf8mb4_0900_ai_ci)."""
    manual(CODE, "healthy", [
        {"object_type": "server", "object_name": "(server)", "table_schema": None, "table_name": None,
         "charset": "utf8mb4", "collation": "utf8mb4_0900_ai_ci", "parent_collation": None, "columns_off": None,
         "other_collations": None, "total": 1}], "OK")
    manual(CODE, "upgraded", [
        {"object_type": "server", "object_name": "(server)", "table_schema": None, "table_name": None,
         "charset": "utf8mb4", "collation": "utf8mb4_0900_ai_ci", "parent_collation": None, "columns_off": None,
         "other_collations": None, "total": 2},
        {"object_type": "table", "object_name": "core.customer", "table_schema": "core", "table_name": "customer",
         "charset": "utf8mb3", "collation": "utf8mb3_general_ci", "parent_collation": "utf8mb4_0900_ai_ci",
         "columns_off": 0, "other_collations": None, "total": 2}], "WARNING", "legacy character set")


def test_system_versioned_tables_are_tables(planted):
    """A WITH SYSTEM VERSIONING table (TABLE_TYPE 'SYSTEM VERSIONED', MariaDB 10.3+) is judged like any
    table: its own collation and its columns' (review should-fix 9)."""
    lb, db = planted
    lb.sql(f"CREATE TABLE `{db}`.t_sv (id int PRIMARY KEY, code varchar(8) CHARACTER SET latin1) WITH SYSTEM VERSIONING")
    try:
        got = rows_of(lb.check(CODE), object_name=f"{db}.t_sv")
        assert got and (got[0]["columns_off"], got[0]["other_collations"]) == (1, "latin1_swedish_ci"), got
    finally:
        lb.sql(f"DROP TABLE `{db}`.t_sv")
