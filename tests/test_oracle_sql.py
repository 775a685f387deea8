"""Every Oracle statement, checked without a server: it parses in sqlglot's Oracle dialect, every
view it reads is in the column dictionary (checks/adapters/oracle_dictionary.yaml, written from the
Oracle Database Reference with a source per view), and every column reference resolves to a column
of that view (table aliases, subqueries and WITH clauses resolved by sqlglot's qualifier).

No Oracle server runs here: this proves names, not behaviour. A misspelt column
(``s.blocking_sesion``) or a view missing from the dictionary fails here; the test below plants both.
"""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel
from sqlglot.optimizer.qualify import qualify

from checks import registry
from checks.adapters import oracle

DICTIONARY = oracle.load_dictionary()


def _statements():
    for check in registry.load():
        for v in check.sql.get("oracle", []):
            yield pytest.param(v.text, id=f"{check.code}/{v.path.name}")
    for name in ("FACTS_SQL", "INSTANCE_SQL", "DATABASE_SQL", "PACK_SQL", "SESSION_PRIVS_SQL", "SESSION_ROLES_SQL", "STATSPACK_SQL"):
        yield pytest.param(getattr(oracle, name), id=f"adapter/{name}")


def problems(sql: str) -> list[str]:
    """What is wrong with one statement against the dictionary (empty: every name resolves)."""
    try:
        tree = sqlglot.parse_one(sql, read="oracle", error_level=ErrorLevel.RAISE)
    except sqlglot.errors.ParseError as e:
        return [f"does not parse: {e}"]
    ctes = {c.alias_or_name.upper() for c in tree.find_all(exp.CTE)}
    found = []
    for table in tree.find_all(exp.Table):
        name = table.name.upper()
        if name not in ctes and name not in DICTIONARY:
            found.append(f"view {name} is not in oracle_dictionary.yaml")
    if found:
        return found
    schema = {view: {c: t for c, t in cols.items()} for view, cols in DICTIONARY.items()}
    try:
        qualify(tree, schema=schema, dialect="oracle", validate_qualify_columns=True)
    except sqlglot.errors.OptimizeError as e:
        return [f"column does not resolve: {e}"]
    return []


CASES = list(_statements())


@pytest.mark.parametrize("sql", CASES)
def test_every_oracle_statement_names_only_dictionary_columns(sql):
    assert problems(sql) == []


def test_there_are_oracle_checks_to_verify():
    assert sum(1 for c in CASES if not c.id.startswith("adapter/")) >= 20


def test_a_misspelt_column_or_an_unknown_view_fails():
    ok = "SELECT s.sid, s.blocking_session FROM v$session s WHERE s.type = 'USER'"
    assert problems(ok) == []
    assert "BLOCKING_SESION" in problems(ok.replace("blocking_session", "blocking_sesion"))[0]
    assert problems(ok.replace("v$session", "v$sesion")) == ["view V$SESION is not in oracle_dictionary.yaml"]
    assert problems("SELECT sidd FROM v$session")  # unqualified, single table
    assert problems("SELECT x.sid FROM (SELECT sid AS sidx FROM v$session) x")  # through a subquery


def test_every_view_names_its_source():
    raw = oracle.load_dictionary(raw=True)
    for view, entry in raw["views"].items():
        # Statspack's PERFSTAT tables are in no reference: their source is Oracle's own spctab.sql
        assert entry["source"].startswith("https://docs.oracle.com/") or (
            view.startswith("STATS$") and entry["source"].endswith("/spctab.sql")), view
        assert entry.get("read"), f"{view}: say what was read to write its columns"
        assert entry["columns"], view
        assert (entry.get("pack") == "diagnostics") == oracle.is_pack_view(view), \
            f"{view}: the dictionary's pack mark and oracle.is_pack_view disagree"


def test_every_oracle_fixture_says_it_was_written_not_recorded():
    from .fixture_files import all_fixtures, load

    paths = [p for p in all_fixtures() if p.name.startswith("oracle-")]
    assert len(paths) >= 2 * sum(1 for c in registry.load() if c.supports("oracle"))
    for p in paths:
        note = load(p).get("note") or ""
        assert "not recorded from a server" in note, f"{p}: an Oracle fixture must say its rows were written, not recorded"


def test_checks_list_shows_every_oracle_check():
    import json

    from typer.testing import CliRunner

    from dbpatrol.cli import app

    res = CliRunner().invoke(app, ["checks", "list", "--engine", "oracle", "--json"])
    assert res.exit_code == 0, res.output
    listed = {c["code"] for c in json.loads(res.stdout)}
    assert listed == {c.code for c in registry.load() if c.supports("oracle")}
