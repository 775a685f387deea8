"""Judges from recorded fixtures: every check, a healthy and a failing scenario per engine."""

from __future__ import annotations

import datetime as dt

import pytest

from checks import registry
from checks.execute import judge_rows
from checks.judges import JudgeContext
from checks.spec import parse_version
from dbpatrol.results import Outcome

from .fixture_files import all_fixtures, code_of, load, sha256

REG = registry.load()


def _family(engine: str) -> str:
    return "mysql" if engine in ("mysql", "mariadb") else engine


@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: f"{code_of(p)}/{p.stem}")
def test_fixture_judged_as_expected(path):
    fx = load(path)
    check = REG.get(code_of(path))
    sql_file = check.folder / fx["sql"]
    assert sql_file.exists(), f"{path}: {fx['sql']} is not in {check.folder}"
    assert fx["sql_sha256"] == sha256(sql_file), f"{path}: {fx['sql']} changed since the rows were recorded; re-record"
    if check.collector_for(fx["engine"]) is not None:  # rows a Python collector returned (checks/collect.py)
        assert fx["sql"] == "collect.py", f"{path}: {fx['engine']} collects with collect.py, not {fx['sql']}"
    elif fx["engine"] == "oracle":  # the source path the fixture's facts select (AWR, Statspack, licence-free)
        chosen = check.sql_for("oracle", parse_version(str(fx["server_version"])), fx.get("facts") or {})
        assert chosen is not None and chosen.path.name == fx["sql"], \
            f"{path}: with facts {fx.get('facts')} an Oracle session runs {chosen and chosen.path.name}, not {fx['sql']}"
    elif fx["engine"] in ("mysql", "mariadb"):  # the variant pitfall: MariaDB 10.11 sorts above mysql@8.0.22.sql
        chosen = check.sql_for(fx["engine"], parse_version(str(fx["server_version"])))
        assert chosen is not None and chosen.path.name == fx["sql"], \
            f"{path}: a {fx['engine']} {fx['server_version']} server runs {chosen and chosen.path.name}, not {fx['sql']}"
    rows = fx["rows"]
    if rows:
        missing = set(check.spec.columns) - set(rows[0])
        assert not missing, f"{path}: rows lack declared columns {missing}"
    eff = REG.effective_thresholds(check.code, [("run", {check.code: fx.get("thresholds") or {}})])
    end = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
    ctx = JudgeContext(engine=fx["engine"], server_version=str(fx["server_version"]), facts=fx.get("facts") or {},
                       window_start=end - dt.timedelta(days=1), window_end=end, object_key=check.spec.object_key)
    finding = judge_rows(check.spec, fx["engine"], rows, eff, ctx)
    assert finding.outcome == Outcome(fx["expect"]["outcome"]), finding.message.en
    if finding.outcome is Outcome.SKIPPED:  # a judge's SKIPPED says why, in words and as a reason
        assert finding.skip_reason == fx["expect"].get("skip_reason", "not_applicable")
        assert finding.message.en.startswith("not applicable"), finding.message.en
    if "message_contains" in fx["expect"]:
        assert fx["expect"]["message_contains"] in finding.message.en
    assert "{" not in finding.message.en and "{" not in (finding.message.zh or ""), "unfilled message placeholder"


@pytest.mark.parametrize("check", list(REG), ids=lambda c: c.code)
def test_every_check_has_healthy_and_failing_fixtures_per_engine(check):
    fixtures = [load(p) for p in (check.folder / "fixtures").glob("*.yaml")]
    for family in {_family(e) for e in check.spec.engines}:
        outcomes = {fx["expect"]["outcome"] for fx in fixtures if _family(fx["engine"]) == family}
        assert "OK" in outcomes, f"{check.code}: no healthy fixture for {family}"
        assert outcomes & {"WARNING", "CRITICAL"}, f"{check.code}: no failing fixture for {family}"
