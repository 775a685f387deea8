"""The compliance appendix: framework → clause → checks → outcome per instance, in HTML, PDF and JSON.

Findings are made by the real judge path (checks.execute.judge_rows) from the catalog's own
PostgreSQL security specs, so the references are the ones the checks really carry; the MariaDB
finding is a made-up spec citing CIS MariaDB and the same 等保 clause.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess

import pytest

from checks import registry
from checks.execute import judge_rows
from checks.judges import JudgeContext, any_row
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T
from dbpatrol.results import Acknowledgement, Outcome
from reports import sample

render = importlib.import_module("reports.render")  # the module: the package's own `render` is a function

REG = registry.load()


def finding(code: str, rows: list[dict], engine: str = "postgresql", database: str | None = None):
    c = REG.get(code)
    eff = REG.effective_thresholds(code, [])
    return judge_rows(c.spec, engine, rows, eff, JudgeContext(engine, "15.20", object_key=c.spec.object_key),
                      database=database)


MARIA = CheckSpec(
    code="SEC998", name="made_up_mariadb", title=T("A MariaDB account check", "一个 MariaDB 账户检查"),
    category="security", tier="weekly", engines={"mariadb": EngineSupport(privilege="USAGE")}, columns=("account",),
    judge=any_row(), messages={"ok": T("fine", "正常"), "problem": T("{count} bad", "{count} 个问题")},
    remediation=RemediationSpec(text=T("fix", "修复")),
    compliance=(Compliance(framework="CIS MariaDB 10.11", item="4.10", title=T("An account item", "一个账户条目")),
                Compliance(framework="等保2.0", item="8.1.4.1", note=T("a) authentication", "a）身份鉴别"))))


@pytest.fixture(scope="module")
def result():
    r = sample.two_instance_result()
    pg, my = r.instances[0], r.instances[1]
    trust = {"rule": "pg_hba.conf:90", "line_number": 90, "type": "host", "databases": "all", "users": "all",
             "address": "0.0.0.0/0.0.0.0", "auth_method": "trust", "local_only": False, "error": None}
    pg.findings = [
        finding("SEC024", [trust]),                                      # CRITICAL: CIS 5.4, 等保 8.1.4.1
        finding("SEC022", [{"name": "password_encryption", "setting": "scram-sha-256", "scope": "server",
                            "source": "default"}]),                      # OK: CIS 5.4, 等保 8.1.4.8
        finding("SEC025", [{"database_name": "core", "schema_name": "public", "owner": "pg_database_owner",
                            "public_privileges": "CREATE,USAGE", "public_create": True}], database="core"),
        finding("SEC025", [], database="billing"),
    ]
    pg.findings[2].acknowledged = Acknowledgement(reason="legacy app, ticket OPS-7")
    my.findings = [judge_rows(MARIA, "mariadb", [{"account": "x@%"}], {}, JudgeContext("mariadb"))]
    return r


def test_the_appendix_groups_by_framework_clause_and_check(result):
    app = render.compliance_appendix(result)
    assert [fw["framework"] for fw in app] == ["等保2.0", "CIS MariaDB 10.11", "CIS PostgreSQL 16"]
    dj = {c["item"]: c for c in app[0]["clauses"]}
    assert list(dj) == ["8.1.4.1", "8.1.4.2", "8.1.4.8"]  # numeric order
    assert dj["8.1.4.1"]["title"].zh == "身份鉴别" and dj["8.1.4.1"]["worst"] is Outcome.CRITICAL
    assert [(c["code"], [(r["instance"], r["outcome"]) for r in c["results"]]) for c in dj["8.1.4.1"]["checks"]] == [
        ("SEC024", [(result.instances[0].name, Outcome.CRITICAL)]),
        ("SEC998", [(result.instances[1].name, Outcome.WARNING)])]
    sec025 = dj["8.1.4.2"]["checks"][0]
    assert [(r["database"], r["outcome"], r["acknowledged"]) for r in sec025["results"]] == [
        ("core", Outcome.WARNING, True), ("billing", Outcome.OK, False)]
    cis_pg = {c["item"]: c for c in app[2]["clauses"]}
    assert [c["code"] for c in cis_pg["5.4"]["checks"]] == ["SEC022", "SEC024"] and cis_pg["5.4"]["worst"] is Outcome.CRITICAL
    assert "4.6" in cis_pg  # SEC025's CIS item; SEC998's CIS MariaDB item is not under CIS PostgreSQL
    assert "4.10" not in cis_pg and [c["item"] for c in app[1]["clauses"]] == ["4.10"]


@pytest.mark.parametrize("lang,heading,clause,outcome", [
    ("en", "Appendix: compliance references", "Identification and authentication", "Critical"),
    ("zh-CN", "附录：合规对照", "身份鉴别", "严重"),
])
def test_html_shows_the_appendix_in_both_languages(result, lang, heading, clause, outcome):
    html = render.to_html(result, lang, tz="Asia/Shanghai")
    part = html[html.index('id="appendix-compliance"'):html.index('id="appendix-scoring"')]
    assert heading in part and clause in part and outcome in part
    assert ("GB/T 22239-2019" in part) and ("CIS PostgreSQL 16" in part) and ("CIS MariaDB 10.11" in part)
    assert f"{result.instances[0].name}/core" in part and ("acknowledged" in part or "已确认" in part)
    assert part.index("8.1.4.1") < part.index("8.1.4.2") < part.index("8.1.4.8")


def test_no_references_no_appendix():
    html = render.to_html(sample.two_instance_result(), "en")
    assert 'id="appendix-compliance"' not in html and "compliance" not in json.loads(
        render.to_json(sample.two_instance_result()))["summary"]


def test_json_carries_references_per_finding_and_the_appendix(result):
    doc = json.loads(render.to_json(result))
    f = doc["instances"][0]["findings"][0]
    assert f["code"] == "SEC024" and {(c["framework"], c["item"]) for c in f["compliance"]} == {
        ("CIS PostgreSQL 16", "5.4"), ("等保2.0", "8.1.4.1")}
    dj = doc["summary"]["compliance"][0]
    assert dj["framework"] == "等保2.0" and dj["items"][0]["item"] == "8.1.4.1"
    assert dj["items"][0]["worst"] == "CRITICAL" and dj["items"][0]["title"]["zh"] == "身份鉴别"
    assert render.from_json(render.to_json(result)).instances[0].findings[0].compliance == \
        result.instances[0].findings[0].compliance


def test_pdf_carries_the_appendix_in_chinese(result, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render.to_pdf(result, "zh-CN", tz="Asia/Shanghai"))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                             text=True).stdout)
    assert "附录：合规对照" in text and "身份鉴别" in text and "8.1.4.1" in text and "CISPostgreSQL16基准" in text
