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
    from checks import host

    yield pytest.param(host.ORA_FACTS_SQL, id="adapter/host.ORA_FACTS_SQL")  # the host checks' Oracle directories
    from checks.host import oracle as host_oracle

    for name in ("ORA_PROCESS_SQL", "ORA_MEMORY_SQL"):  # PMON's PID (OSH007), the SGA (OSH021)
        yield pytest.param(getattr(host_oracle, name), id=f"adapter/host.oracle.{name}")
    from checks import samples

    for path in sorted((samples.HERE / "oracle").glob("*.sql")):  # the snapshot sources (sampler and inspections)
        yield pytest.param(path.read_text(encoding="utf-8"), id=f"samples/oracle/{path.name}")


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


def long_misuse(sql: str) -> list[str]:
    """Where a statement uses a LONG dictionary column (DBA_TAB_PARTITIONS.HIGH_VALUE,
    DBA_CONSTRAINTS.SEARCH_CONDITION, DBA_VIEWS.TEXT …) in a way Oracle refuses with ORA-00997 /
    ORA-00932 (SQL Language Reference 19c, "Data Types", LONG: not in WHERE, GROUP BY, ORDER BY,
    DISTINCT, SQL functions or expressions, nor in the SELECT list of a subquery or a set operation).
    The row-limiting clause (FETCH FIRST n ROWS) is on that list in practice: Oracle runs it as an
    inline view numbered with ROW_NUMBER(), so a LONG in its SELECT list is a LONG in a subquery's
    SELECT list; ROWNUM has no such rewrite. Empty: no LONG, or only in a top-level SELECT list."""
    tree = sqlglot.parse_one(sql, read="oracle", error_level=ErrorLevel.RAISE)
    schema = {view: {c: t for c, t in cols.items()} for view, cols in DICTIONARY.items()}
    qualify(tree, schema=schema, dialect="oracle", validate_qualify_columns=False)
    views = {}
    for table in tree.find_all(exp.Table):
        if table.name.upper() in DICTIONARY:
            views[table.alias_or_name.upper()] = table.name.upper()
    found = []
    for col in tree.find_all(exp.Column):
        view = views.get((col.table or "").upper())
        if not view or str(DICTIONARY[view].get(col.name.upper(), "")).upper() != "LONG":
            continue
        where = f"{view}.{col.name.upper()} (LONG)"
        select = col.find_ancestor(exp.Select)
        in_list = col.parent is select or (isinstance(col.parent, exp.Alias) and col.parent.parent is select)
        if not in_list:
            found.append(f"{where} outside a SELECT list (WHERE, ORDER/GROUP BY, a function or expression)")
            continue
        if select is not tree or isinstance(tree, exp.SetOperation):
            found.append(f"{where} in the SELECT list of a subquery or set operation")
        if select.args.get("distinct") or select.args.get("group"):
            found.append(f"{where} in a SELECT with DISTINCT / GROUP BY")
        if select.args.get("limit") is not None or any(True for _ in select.find_all(exp.Fetch)):
            found.append(f"{where} with the row-limiting clause FETCH FIRST (use ROWNUM)")
    return found


@pytest.mark.parametrize("sql", CASES)
def test_no_statement_misuses_a_long_column(sql):
    assert long_misuse(sql) == []


def test_a_long_column_under_fetch_first_or_in_a_where_fails():
    ok = "SELECT p.table_name, p.high_value FROM dba_tab_partitions p WHERE ROWNUM <= 5"
    assert long_misuse(ok) == []
    assert "FETCH FIRST" in long_misuse(ok.replace("WHERE ROWNUM <= 5", "FETCH FIRST 5 ROWS ONLY"))[0]
    assert "outside a SELECT list" in long_misuse(ok + " AND p.high_value LIKE 'TO_DATE%'")[0]
    assert "subquery" in long_misuse(f"SELECT x.high_value FROM ({ok}) x")[0]


def test_no_remediation_sends_an_unlicensed_dba_to_a_pack_view():
    """A check that runs without the Diagnostics Pack must not tell the DBA to query a pack view
    (DBA_HIST_WR_CONTROL, V$ACTIVE_SESSION_HISTORY …) as if it were free: such a command is written as a
    comment that says the pack must be licensed. Checks that require the pack are exempt."""
    found = []
    for check in registry.load():
        sup = check.spec.engines.get("oracle")
        if sup is None or "diagnostics_pack" in (sup.requires or ()):
            continue
        rem = check.spec.remediation
        for cmd in (rem.commands.get("oracle", []) if rem else []):
            if cmd.lstrip().startswith("--") and "pack" in cmd.lower():
                continue
            if oracle.pack_views_in(cmd):
                found.append(f"{check.code}: {cmd}")
    assert found == []

# Views that, read in the CDB root, hold one row set per container (CON_DBID / CON_ID: Oracle Database
# Reference 19c — DBA_HIST_SEG_STAT_OBJ "CON_DBID: the database ID of the PDB", DBA_HIST_CON_SYSSTAT "when
# queried from the root of a CDB, the statistics in every container are returned"; V$SQL / V$SQLSTATS show
# the cursors of every PDB in the root). OBJ# / DATAOBJ# / TS# are numbered per PDB and the same SQL_ID
# runs in many PDBs (one application consolidated into several PDBs), so grouping or joining these rows
# without the container merges different objects and different cursors.
PER_CONTAINER = {"DBA_HIST_SQLSTAT": "CON_DBID", "DBA_HIST_SEG_STAT": "CON_DBID", "DBA_HIST_SEG_STAT_OBJ": "CON_DBID",
                 "DBA_HIST_SQLTEXT": "CON_DBID", "V$SQL": "CON_ID", "V$SQLSTATS": "CON_ID"}
_KEYED = {"SQL_ID", "PLAN_HASH_VALUE", "OBJ#", "DATAOBJ#"}


def container_collisions(sql: str) -> list[str]:
    """Where a statement reading a per-container view groups, partitions or joins its rows by SQL_ID /
    PLAN_HASH_VALUE / OBJ# without the container (CON_DBID, CON_ID, or a CTE column of that name)."""
    tree = sqlglot.parse_one(sql, read="oracle", error_level=ErrorLevel.RAISE)
    if not {t.name.upper() for t in tree.find_all(exp.Table)} & set(PER_CONTAINER):
        return []
    found = []

    def names(node) -> set[str]:
        return {c.name.upper() for c in node.find_all(exp.Column)}

    for group in tree.find_all(exp.Group):
        cols = names(group)
        if cols & _KEYED and not cols & {"CON_DBID", "CON_ID"}:
            found.append(f"GROUP BY {sorted(cols & _KEYED)} without the container")
    for window in tree.find_all(exp.Window):
        cols = set().union(*(names(p) for p in window.args.get("partition_by") or []))
        if cols & _KEYED and not cols & {"CON_DBID", "CON_ID"}:
            found.append(f"PARTITION BY {sorted(cols & _KEYED)} without the container")
    for join in tree.find_all(exp.Join):
        table = join.this if isinstance(join.this, exp.Table) else None
        on = join.args.get("on")
        if table is not None and table.name.upper() in PER_CONTAINER and on is not None:
            cols = names(on)
            if cols & (_KEYED | {"TS#"}) and not cols & {"CON_DBID", "CON_ID"}:
                found.append(f"JOIN {table.name.upper()} ON {sorted(cols & (_KEYED | {'TS#'}))} without the container")
    return found


@pytest.mark.parametrize("sql", [c for c in CASES if c.id.startswith("PRF06")])
def test_root_performance_sql_keeps_containers_apart(sql):
    assert container_collisions(sql) == []


def test_a_statement_merging_containers_fails():
    bad = ("SELECT x.sql_id, x.plan_hash_value, SUM(x.executions) FROM v$sql x GROUP BY x.sql_id, x.plan_hash_value")
    assert container_collisions(bad) and "GROUP BY" in container_collisions(bad)[0]
    assert container_collisions(bad.replace("GROUP BY x.sql_id", "GROUP BY x.con_id, x.sql_id")) == []
    join = ("SELECT o.object_name FROM dba_hist_seg_stat x JOIN dba_hist_seg_stat_obj o "
            "ON o.dbid = x.dbid AND o.obj# = x.obj#")
    assert "JOIN DBA_HIST_SEG_STAT_OBJ" in container_collisions(join)[0]
    assert container_collisions(join + " AND o.con_dbid = x.con_dbid") == []


def cpu_count_per_instance(sql: str) -> bool:
    """PRF060 (AWR): the CPU count each instance's DB time is divided by comes from that instance's AWR
    rows (a CTE over DBA_HIST_PARAMETER grouped by INSTANCE_NUMBER and joined on it), not from the
    connected instance's V$PARAMETER today (review oracle-perf-review.md S2)."""
    tree = sqlglot.parse_one(sql, read="oracle", error_level=ErrorLevel.RAISE)
    for cte in tree.find_all(exp.CTE):
        body = cte.this
        tables = {t.name.upper() for t in body.find_all(exp.Table)}
        group = body.args.get("group")
        if "DBA_HIST_PARAMETER" in tables and group is not None and \
                "INSTANCE_NUMBER" in {c.name.upper() for c in group.find_all(exp.Column)}:
            return any(isinstance(j.this, exp.Table) and j.this.name.upper() == cte.alias_or_name.upper()
                       and "INSTANCE_NUMBER" in {c.name.upper() for c in (j.args.get("on") or exp.Null()).find_all(exp.Column)}
                       for j in tree.find_all(exp.Join))
    return False


def test_the_awr_load_profile_divides_each_instance_by_its_own_cpu_count():
    awr = registry.load().get("PRF060").folder / "oracle+awr.sql"
    assert cpu_count_per_instance(awr.read_text(encoding="utf-8"))
    assert not cpu_count_per_instance(
        "WITH cpu AS (SELECT TO_NUMBER(v.value) AS cpu_count FROM v$parameter v WHERE v.name = 'cpu_count') "
        "SELECT c.cpu_count FROM cpu c")


def test_plan_baseline_advice_says_what_needs_the_pack_and_where_to_run():
    """PRF063 (review oracle-perf-review.md S5/S4): loading the fast plan from the cursor cache needs no pack,
    but the plan may be gone from it; loading it from AWR (DBMS_SPM.LOAD_PLANS_FROM_AWR) reads AWR, a
    Diagnostics Pack use. In a CDB the DBMS_SPM / DBMS_XPLAN calls run in the statement's PDB."""
    for code in ("PRF062", "PRF063"):
        rem = registry.load().get(code).spec.remediation.text
        assert "ALTER SESSION SET CONTAINER" in rem.en and "ALTER SESSION SET CONTAINER" in rem.zh, code
    rem = registry.load().get("PRF063").spec.remediation.text
    for text in (rem.en, rem.zh):
        assert "LOAD_PLANS_FROM_AWR" in text and "Diagnostics" in text
