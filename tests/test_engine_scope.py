"""A check's scope per engine (EngineSupport.scope): PostgreSQL per database, MySQL/MariaDB per instance."""

from __future__ import annotations

import pytest

from checks.judges import any_row
from checks.registry import CatalogError, Check, SqlVariant, _validate
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T


def spec(**engine_scope) -> CheckSpec:
    return CheckSpec(
        code="OBJ899", name="engine_scope_probe", title=T("probe", "探针"), category="objects", tier="weekly",
        engines={"postgresql": EngineSupport(privilege="login"),
                 "mysql": EngineSupport(privilege="USAGE", **engine_scope)},
        columns=("x",), judge=any_row(), messages={"ok": T("ok", "正常"), "problem": T("bad", "异常")},
        remediation=RemediationSpec(text=T("fix", "修复")), scope="database")


def test_scope_of_follows_the_engine_then_the_spec():
    s = spec(scope="instance")
    assert s.scope_of("postgresql") == "database"
    assert s.scope_of("mysql") == "instance" and s.scope_of("mariadb") == "instance"  # mariadb falls back to mysql
    assert spec().scope_of("mysql") == "database"


def test_an_instance_scope_engine_must_not_bind_database(tmp_path):
    sql = tmp_path / "mysql.sql"
    sql.write_text("SELECT 1 AS x FROM information_schema.TABLES WHERE table_schema = :database")
    pg = tmp_path / "postgresql.sql"
    pg.write_text("SELECT 1 AS x")
    folder = tmp_path / "objects" / "OBJ899_engine_scope_probe"
    folder.mkdir(parents=True)

    def check():
        return Check(spec=spec(scope="instance"), folder=folder,
                     sql={"mysql": [SqlVariant("mysql", (0,), sql)], "postgresql": [SqlVariant("postgresql", (0,), pg)]})
    import checks.registry as r

    old = r.ROOT
    r.ROOT = tmp_path
    try:
        with pytest.raises(CatalogError, match="binds :database but its scope is instance"):
            _validate([check()])
        sql.write_text("SELECT 1 AS x")
        _validate([check()])
    finally:
        r.ROOT = old


# ----- bounded SQL: the finding keeps the total the SQL counted before its LIMIT (checks/judges.py) -----

def test_with_sql_total_counts_what_the_limit_cut():
    from checks.judges import JudgeContext, with_sql_total
    from dbpatrol.results import Outcome

    judge = with_sql_total(any_row(Outcome.WARNING))
    cut = [{"x": i, "total": 1234} for i in range(200)]
    v = judge(cut, {}, JudgeContext(engine="postgresql"))
    assert v.outcome is Outcome.WARNING and v.total == 1234 and v.params["count"] == 1234
    whole = [{"x": i, "total": 3} for i in range(3)]
    assert with_sql_total(any_row())(whole, {}, JudgeContext(engine="postgresql")).params["count"] == 3
    assert with_sql_total(any_row())([], {}, JudgeContext(engine="postgresql")).outcome is Outcome.OK
