"""What a finding says in every format: its basis (window / now / since a time), evidence cut short
of its total, not-applicable counted apart from not inspected, and history per object."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess

import pytest

import reports
from dbpatrol.results import Finding, ObjectFinding, Outcome
from reports import history, sample

TZ = "Asia/Shanghai"


@pytest.fixture
def result():
    return sample.two_instance_result()


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def _finding(r, code, inst=0) -> Finding:
    return next(f for f in r.instances[inst].findings if f.code == code)


def _section(html: str, start: str, end: str) -> str:
    """From the first ``start`` to the next ``end`` after it."""
    i = html.index(start)
    return html[i:html.index(end, i)]


# ------------------------------------------------------------------------------------------ basis

def test_basis_in_json_html_csv_xlsx_markdown(tmp_path, result):
    import pandas as pd

    doc = json.loads(reports.to_json(result))
    pg = {f["code"]: f for f in doc["instances"][0]["findings"]}
    assert (pg["BAK901"]["basis"], pg["BAK901"]["since"]) == ("window", None)
    assert (pg["RUN901"]["basis"], pg["RUN901"]["since"]) == ("current", None)
    assert pg["PRF901"]["basis"] == "cumulative" and pg["PRF901"]["since"] == "2025-02-20T08:00:00Z".replace("Z", "+00:00")

    en = reports.to_html(result, "en", tz=TZ)
    # beside the message, in the finding, the problems table and the passed checks
    bak = _section(en, '<span class="mono">BAK901</span>', '<div class="label">')
    assert "[window]" in bak
    prf = _section(en, '<span class="mono">PRF901</span>', "Remediation")
    assert "[since 2025-02-20 16:00 CST]" in prf
    problems = _section(en, 'id="problems"', 'id="history"')
    assert '<td class="basis">since 2025-02-20 16:00 CST</td>' in problems and '<td class="basis">now</td>' in problems
    # the cover says how many evaluated findings read the window: BAK901, BAK902, ERR901 of 12
    cover = _section(en, 'class="cover"', 'id="overview"')
    assert "3 of 12 findings evaluated the sampling window; the others report the state now (8) or counters since a time (1)." in cover
    zh = reports.to_html(result, "zh-CN", tz=TZ)
    assert "12 项检查结果中有 3 项评估了采样窗口；其余为当前状态（8 项）或自某一时刻起的累计计数（1 项）。" in zh
    assert "[自 2025-02-20 16:00 CST 起]" in zh and "[采样窗口]" in zh and "[当前]" in zh

    paths = reports.render(result, tmp_path, formats=("csv", "xlsx"), lang="zh-CN", tz=TZ)
    # zh-CN headers (检查编号 = code, 依据 = basis, 计数起点 = since); times in the report's zone
    df = pd.read_csv(paths["csv"], encoding="utf-8-sig", keep_default_na=False).set_index("检查编号")
    assert df.loc["BAK901", "依据"] == "window" and df.loc["RUN901", "依据"] == "current"
    assert df.loc["PRF901", "依据"] == "cumulative" and df.loc["PRF901", "计数起点"] == "2025-02-20 16:00:00 CST"
    book = pd.read_excel(paths["xlsx"], sheet_name="findings", keep_default_na=False).set_index("检查编号")
    assert book.loc["ERR901", "依据"] == "window" and book.loc["ERR902", "依据"] == "cumulative"

    md = reports.summary_markdown(result, tz=TZ)
    assert re.search(r"\| BAK901 \|[^\n]*\| window \|\n", md)
    assert re.search(r"\| PRF901 \|[^\n]*\| since 2025\\-02\\-20 16\\:00 CST \|\n", md)
    assert "3 of 12 findings evaluated the sampling window" in md
    zh_md = reports.summary_markdown(result, "zh-CN", tz=TZ)
    assert "| 依据 |" in zh_md and "| 采样窗口 |" in zh_md


def test_basis_in_the_cli_problem_table(result, monkeypatch):
    """`dbpatrol inspect` prints the problems with their basis and acknowledgement."""
    from rich.console import Console

    from dbpatrol import cli

    buf = io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=buf, width=250, color_system=None))
    monkeypatch.setenv("DBPATROL_TIMEZONE", TZ)
    _finding(result, "SEC901").acknowledged = sample_ack()
    _finding(result, "OBJ901").message.en = "volume full " + "x" * 500  # the reports carry it whole
    cli._print_problems(json.loads(reports.to_json(result)))
    text = buf.getvalue()
    rows = {line.split("│")[3].strip(): line for line in text.splitlines() if "│" in line and "901" in line}
    assert set(rows) == {"RUN901", "SEC901", "BAK901", "OBJ901", "PRF901"}
    assert "│ window " in rows["BAK901"] and "│ now " in rows["RUN901"]
    assert "since 2025-02-20 16:00 CST" in rows["PRF901"]
    assert "by alice: pool resize on Friday" in rows["SEC901"] and "by alice" not in rows["RUN901"]
    assert 148 <= text.count("x") < 200 and "…" in rows["OBJ901"] + text  # 500 x's cut to one table line's worth
    assert len(cli._short("word " * 100)) == 160 and cli._short("a\nb") == "a b"


def sample_ack():
    from dbpatrol.results import Acknowledgement

    return Acknowledgement(id=7, reason="pool resize on Friday", by="alice",
                           until=dt.datetime(2025, 3, 10, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_basis_and_evidence_total_in_the_pdf(tmp_path, result, lang):
    pdf = reports.render(result, tmp_path, formats=("pdf",), lang=lang, tz=TZ)["pdf"]
    flat = _pdf_text(pdf)
    expected = {"en": ["since2025-02-2016:00CST", "Showing20of312rows;theJSONexportcarries25ofthem",
                       "3of12findingsevaluatedthesamplingwindow", "Notapplicable", "Checksthatdonotapplyhere(1)"],
                "zh-CN": ["自2025-02-2016:00CST起", "显示312行中的20行；JSON导出包含其中25行",
                          "12项检查结果中有3项评估了采样窗口", "不适用的检查(1)"]}[lang]
    for text in expected:
        assert text in flat, f"{text!r} missing from the {lang} PDF"


# ------------------------------------------------------------------------------ evidence totals

def test_evidence_cut_short_shows_the_total(result):
    en = reports.to_html(result, "en", tz=TZ)
    prf = _section(en, '<span class="mono">PRF901</span>', "Remediation")
    assert "Showing 20 of 312 rows; the JSON export carries 25 of them" in prf
    assert prf.count("<tr><td>app.obj_") == 20
    zh = reports.to_html(result, "zh-CN", tz=TZ)
    assert "显示 312 行中的 20 行；JSON 导出包含其中 25 行" in zh
    # a table shown whole says nothing, and a total the judge kept whole needs no JSON hint
    run = _section(en, '<span class="mono">RUN901</span>', "Remediation")
    assert "Showing" not in run
    _finding(result, "RUN901").evidence_total = 40
    run = _section(reports.to_html(result, "en", tz=TZ), '<span class="mono">RUN901</span>', "Remediation")
    assert "Showing 3 of 40 rows</p>" in run
    assert json.loads(reports.to_json(result))["instances"][0]["findings"][0]["evidence_total"] == 40


# ------------------------------------------------------------- not applicable vs not inspected

def test_not_applicable_counted_apart_from_not_inspected(result):
    en = reports.to_html(result, "en", tz=TZ)
    cover = _section(en, 'class="cover"', 'id="overview"')
    assert "<tr><th>Not inspected</th><td>3 (error 1, missing privilege 1, unreachable 1)</td></tr>" in cover
    assert "<tr><th>Not applicable</th><td>1</td></tr>" in cover
    section = _section(en, 'id="not-inspected"', 'id="instances"')
    listed, applicable = section.split("Checks that do not apply here (1)")
    assert "CFG901" in listed and "ERR902" in listed and "RUN905" not in listed
    assert "RUN905" in applicable and "this server is a primary, not a standby" in applicable
    zh = reports.to_html(result, "zh-CN", tz=TZ)
    assert "<tr><th>未巡检</th><td>3 (检查出错 1, 缺少权限 1, 无法连接 1)</td></tr>" in zh
    assert "<tr><th>不适用</th><td>1</td></tr>" in zh and "不适用的检查 (1)" in zh
    md = reports.summary_markdown(result, tz=TZ)
    assert "- Not inspected: 3 (error 1, missing privilege 1, unreachable 1)" in md and "- Not applicable: 1" in md


def test_skip_reason_fallback_for_schema_1_reports(result):
    """Reports stored before results schema 2 have no skip_reason: the message's words decide."""
    for f in result.instances[0].findings:
        f.skip_reason = None
    assert [n.code for n in history.not_applicable(result)] == ["RUN905"]
    assert {n.code: n.reason for n in history.not_inspected(result) if n.code} == {"CFG901": "privilege", "ERR902": "error"}
    # the field wins over the words
    _finding(result, "CFG901").skip_reason = "disabled"
    assert {n.code: n.reason for n in history.not_inspected(result) if n.code}["CFG901"] == "disabled"


# -------------------------------------------------------------------------- history per object

def _objects(f: Finding, outcomes: dict[str, Outcome], *, total: int | None = None) -> None:
    worst = Outcome.worst(outcomes.values()) if outcomes else Outcome.OK
    f.outcome = worst
    f.evidence = [{"object": k, "used_pct": 91.0, "detail": ""} for k in outcomes]
    f.evidence_total = total if total is not None else len(outcomes)
    f.objects = [ObjectFinding(key=k, outcome=o) for k, o in outcomes.items()]


def test_history_works_per_object():
    W, C = Outcome.WARNING, Outcome.CRITICAL
    prev = sample.two_instance_result("prev0001", outcomes={})
    now = sample.two_instance_result("now00001", outcomes={})
    _objects(_finding(prev, "OBJ901"), {"app.a": W, "app.b": W, "app.c": C})
    _objects(_finding(now, "OBJ901"), {"app.a": C, "app.b": W, "app.d": W})
    d = history.diff(now, prev)
    assert [(c.code, c.object, c.now.value) for c in d.new] == [("OBJ901", "app.d", "WARNING")]
    assert [(c.object, c.before.value, c.now.value, c.worsened) for c in d.persisting] == [
        ("app.a", "WARNING", "CRITICAL", True), ("app.b", "WARNING", "WARNING", False)]
    assert [(c.object, c.before.value, c.now.value) for c in d.resolved] == [("app.c", "CRITICAL", "OK")]
    assert d.unverified == []
    assert d.as_dict()["resolved"] == [{"instance": "pg-main", "code": "OBJ901", "database": None, "object": "app.c", "now": "OK",
                                         "previous": "CRITICAL", "worsened": False, "acknowledged": False}]
    # the check OK now: every object it named before is resolved
    _objects(_finding(now, "OBJ901"), {})
    assert {c.object for c in history.diff(now, prev).resolved} == {"app.a", "app.b", "app.c"}
    # evidence cut short of its total: an object missing from it may only have been left out
    _objects(_finding(now, "OBJ901"), {"app.a": W}, total=400)
    d = history.diff(now, prev)
    assert [c.object for c in d.persisting] == ["app.a"]
    assert {c.object for c in d.unverified} == {"app.b", "app.c"} and d.resolved == []
    # the check failed now: nothing it named is resolved
    f = _finding(now, "OBJ901")
    f.outcome, f.objects, f.evidence = Outcome.ERROR, [], []
    assert {c.object for c in history.diff(now, prev).unverified} == {"app.a", "app.b", "app.c"}


def test_history_of_a_database_scope_check_is_kept_per_database():
    """A check that runs in each database has one finding per database: each is its own entry."""
    prev = sample.two_instance_result("prev0001", outcomes={})
    now = sample.two_instance_result("now00001", outcomes={})
    for r in (prev, now):
        pg = r.instances[0]
        base = _finding(r, "OBJ901")
        other = base.model_copy(deep=True)
        base.database, other.database = "app", "billing"
        pg.findings.append(other)
    _objects(_finding(prev, "OBJ901"), {"public.t": Outcome.WARNING})  # app
    _objects(next(f for f in now.instances[0].findings if f.database == "billing"), {"public.t": Outcome.WARNING})
    d = history.diff(now, prev)
    assert [(c.database, c.object) for c in d.resolved] == [("app", "public.t")]
    assert [(c.database, c.object) for c in d.new] == [("billing", "public.t")]
    html = reports.to_html(now, "en", previous=prev, tz=TZ)
    assert '<td class="mono">db billing · public.t</td>' in _section(html, "New problems", "Carried-over problems")


def test_history_keeps_per_check_entries_for_checks_without_objects():
    prev = sample.two_instance_result("prev0001", outcomes={"RUN901": Outcome.WARNING})
    now = sample.two_instance_result("now00001", outcomes={"RUN901": Outcome.CRITICAL})
    assert not _finding(now, "RUN901").object_columns
    d = history.diff(now, prev)
    assert [(c.code, c.object, c.worsened) for c in d.persisting] == [("RUN901", None, True)]
    # an object-keyed check compared with a report where it named no objects: the check as a whole
    p = _finding(prev, "OBJ901")
    p.outcome, p.objects = Outcome.WARNING, []
    _objects(_finding(now, "OBJ901"), {"app.a": Outcome.WARNING})
    d = history.diff(now, prev)
    assert [(c.code, c.object) for c in d.persisting if c.code == "OBJ901"] == [("OBJ901", None)]


def test_history_table_names_the_object(result):
    prev = sample.two_instance_result("prev0001", outcomes={})
    _objects(_finding(prev, "OBJ901"), {"app.gone": Outcome.WARNING})
    html = reports.to_html(result, "en", previous=prev, tz=TZ)
    resolved = _section(html, "Resolved problems", "Previous problems not re-checked")
    assert '<td class="mono">app.gone</td>' in resolved
    new = _section(html, "New problems", "Carried-over problems")
    assert '<td class="mono">app.obj_0</td>' in new and '<td class="mono">—</td>' in new  # SEC901 objects; RUN901 whole


def test_unreachable_instance_leaves_previous_problems_unverified():
    prev = sample.two_instance_result("prev0001", outcomes={"RUN901": Outcome.CRITICAL})
    prev.instances[1] = sample.instance("my-replica", {"RUN901": Outcome.WARNING}, engine="mariadb", seed=1)
    now = sample.two_instance_result("now00001", outcomes={"RUN901": Outcome.CRITICAL})
    assert not now.instances[1].reachable and not now.instances[1].findings
    d = history.diff(now, prev)
    assert [(c.instance, c.code) for c in d.unverified] == [("my-replica", "RUN901")]


def test_text_of_a_finding_with_a_hostile_object_key_stays_text(result):
    f = _finding(result, "OBJ901")
    f.objects[0].key = "<script>x</script>"
    prev = sample.two_instance_result("prev0001", outcomes={})
    html = reports.to_html(result, "en", previous=prev, tz=TZ)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
