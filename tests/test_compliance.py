"""Compliance references on a spec (CheckSpec.compliance), carried into findings and the JSON report.

No database: a spec is built here for the purpose and judged from rows made for it.
"""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from checks.execute import judge_rows
from checks.judges import JudgeContext, any_row
from checks.spec import COMPLIANCE_FRAMEWORKS, DENGBAO_CLAUSES, CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Compliance, Finding

CIS_PG = Compliance(framework="CIS PostgreSQL 16", item="5.4",
                    title=T("Ensure login via \"host\" TCP/IP Socket is configured correctly", "确保通过 host TCP/IP 套接字的登录配置正确"))
CIS_MARIA = Compliance(framework="CIS MariaDB 10.11", item="4.2", title=T("An item", "一项"))
CIS_MYSQL = Compliance(framework="CIS MySQL 8.0", item="4.2", title=T("An item", "一项"))
DJ = Compliance(framework="等保2.0", item="8.1.4.1", note=T("a) every login is authenticated", "a）登录须鉴别身份"))


def spec(engines=("postgresql",), compliance=()) -> CheckSpec:
    return CheckSpec(
        code="SEC999", name="made_up", title=T("A made-up check", "虚构的检查"), category="security", tier="weekly",
        engines={e: EngineSupport(privilege="login") for e in engines}, columns=("name",), judge=any_row(),
        messages={"ok": T("fine", "正常"), "problem": T("{count} bad", "{count} 个问题")},
        remediation=RemediationSpec(text=T("fix it", "修复")), object_key=("name",), compliance=compliance)


def test_a_dengbao_clause_gets_its_title_and_keeps_the_note():
    s = spec(compliance=(CIS_PG, DJ))
    dj = s.compliance[1]
    assert dj.title == DENGBAO_CLAUSES["8.1.4.1"] and dj.title.zh == "身份鉴别"
    assert dj.note.zh.startswith("a）")


@pytest.mark.parametrize("bad,match", [
    (Compliance(framework="CIS Postgres 16", item="5.4", title=T("x", "x")), "not one of"),
    (Compliance(framework="CIS PostgreSQL 16", item="5.4 a", title=T("x", "x")), "not a number"),
    (Compliance(framework="CIS PostgreSQL 16", item="5.4"), "give the item's title"),
    (Compliance(framework="等保2.0", item="8.1.4.12"), "not one of"),
    (Compliance(framework="等保2.0", item="8.1.4.2", title=T("Identity", "身份鉴别")), "note="),
    (CIS_MARIA, "declares no"),
])
def test_bad_references_are_refused_at_load(bad, match):
    with pytest.raises(ValidationError, match=match):
        spec(compliance=(bad,))


def test_an_item_cited_twice_is_refused():
    with pytest.raises(ValidationError, match="cited twice"):
        spec(compliance=(DJ, Compliance(framework="等保2.0", item="8.1.4.1")))


def test_each_finding_carries_its_engines_references_only():
    s = spec(engines=("mysql", "postgresql"), compliance=(CIS_PG, CIS_MYSQL, CIS_MARIA, DJ))  # mysql.sql serves MariaDB
    assert set(COMPLIANCE_FRAMEWORKS["等保2.0"]) >= {"postgresql", "mysql", "mariadb", "oracle"}
    carried = {}
    for engine in ("postgresql", "mysql", "mariadb"):
        f = judge_rows(s, engine, [{"name": "x"}], {}, JudgeContext(engine, object_key=s.object_key))
        carried[engine] = [(c.framework, c.item) for c in f.compliance]
    assert carried == {
        "postgresql": [("CIS PostgreSQL 16", "5.4"), ("等保2.0", "8.1.4.1")],
        "mysql": [("CIS MySQL 8.0", "4.2"), ("等保2.0", "8.1.4.1")],
        "mariadb": [("CIS MariaDB 10.11", "4.2"), ("等保2.0", "8.1.4.1")],
    }


def test_the_json_carries_the_references_and_reads_them_back():
    f = judge_rows(spec(compliance=(CIS_PG, DJ)), "postgresql", [], {}, JudgeContext("postgresql", object_key=("name",)))
    doc = json.loads(f.model_dump_json())
    assert doc["compliance"][1] == {"framework": "等保2.0", "item": "8.1.4.1",
                                    "title": {"en": "Identification and authentication", "zh": "身份鉴别"},
                                    "note": {"en": "a) every login is authenticated", "zh": "a）登录须鉴别身份"}}
    assert Finding.model_validate(doc).compliance == f.compliance
    old = {k: v for k, v in doc.items() if k != "compliance"}  # a stored result from before the field
    assert Finding.model_validate(old).compliance == []
