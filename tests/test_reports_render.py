"""Renderers: JSON, HTML (golden files), PDF text in both languages, CSV/XLSX, Markdown, score."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import reports
from dbpatrol.results import InspectionResult, Outcome
from reports import chart, history, i18n, sample, score

GOLDEN = Path(__file__).parent / "golden"
TZ = "Asia/Shanghai"


@pytest.fixture(scope="module")
def result() -> InspectionResult:
    return sample.two_instance_result()


def test_file_names_and_formats(tmp_path, result):
    paths = reports.render(result, tmp_path, formats=("json", "html", "csv", "xlsx"), lang="en", tz=TZ)
    assert set(paths) == {"json", "html", "csv", "xlsx"}
    for fmt, p in paths.items():
        assert p.name == f"dbpatrol-weekly-20250303-010203-3f2a9c1e.{fmt}"
        assert p.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temp files left behind"
    with pytest.raises(ValueError):
        reports.render(result, tmp_path, formats=("docx",))
    with pytest.raises(ValueError):
        reports.render(result, tmp_path, formats=("json",), lang="fr")


def test_json_document(result):
    doc = json.loads(reports.to_json(result))
    assert doc["schema_version"] == 2
    assert list(doc)[0] == "schema_version"
    pg, my = doc["instances"]
    assert (pg["name"], pg["engine"], pg["server_version"], pg["reachable"]) == ("pg-main", "postgresql", "16.4", True)
    assert my["reachable"] is False and "connection refused" in my["cause"]
    f = next(f for f in pg["findings"] if f["code"] == "RUN901")
    assert f["outcome"] == "CRITICAL" and f["title"]["en"] and f["title"]["zh"]
    assert f["category"] == "running" and f["message"]["en"]
    assert f["evidence"] and set(f["evidence"][0]) == {"object", "used_pct", "detail"}
    thr = f["thresholds"][0]
    assert {"name", "warning", "critical", "source", "default_warning", "looser_than_default"} <= set(thr)
    looser = next(f for f in pg["findings"] if f["code"] == "OBJ901")["thresholds"][0]
    assert looser["source"] == "plan" and looser["looser_than_default"] is True
    assert {f["outcome"] for f in pg["findings"]} == {"OK", "WARNING", "CRITICAL", "SKIPPED", "ERROR"}
    assert doc["summary"]["instances_unreachable"] == ["my-replica"]
    # the document reads back into the results model
    assert reports.from_json(reports.to_json(result)) == result


def test_json_is_safe_for_odd_evidence_values():
    import datetime as dt
    import decimal
    import uuid

    r = sample.two_instance_result()
    r.instances[0].findings[0].evidence = [{"d": decimal.Decimal("1.50"), "t": dt.timedelta(seconds=5),
                                            "u": uuid.UUID(int=1), "b": b"\x00\xff", "s": {1, 2}, "n": None}]
    doc = json.loads(reports.to_json(r))
    row = doc["instances"][0]["findings"][0]["evidence"][0]
    assert row["d"] == "1.50" and row["n"] is None


def test_findings_table_and_markdown(result):
    rows = reports.findings_table(result)
    assert {r["outcome"] for r in rows} == {"CRITICAL", "WARNING", "ERROR", "SKIPPED", "UNREACHABLE"}
    assert all(set(r) == {"instance", "code", "title", "outcome", "message", "basis", "acknowledged"} for r in rows)
    assert not [r for r in rows if r["code"] == "RUN905"], "a check that does not apply needs no attention"
    assert {r["code"]: r["basis"] for r in rows if r["code"] in ("BAK901", "RUN901")} == {"BAK901": "window", "RUN901": "now"}
    assert rows[0]["outcome"] == "UNREACHABLE"  # worst first
    assert not [r for r in rows if r["outcome"] == "OK"]
    md = reports.summary_markdown(result, report_url="http://127.0.0.1:8765/reports/x/download/pdf", tz=TZ)
    # names and causes are Markdown-escaped (tests/test_hostile_text.py): pg-main is written pg\-main
    assert "| pg\\-main | reachable |" in md and "my\\-replica" in md and "connection refused" in md
    assert "(http://127.0.0.1:8765/reports/x/download/pdf)" in md
    assert "RUN901" in md
    zh = reports.summary_markdown(result, lang="zh-CN", tz=TZ)
    assert "数据库巡检报告" in zh and "连接数接近 max\\_connections 上限" in zh
    assert "| 严重 | 警告 | 错误 | 跳过 | 正常 |" in zh and "CRITICAL" not in zh  # outcome headers translated too
    big = reports.summary_markdown(sample.fleet_result(1000, rows=1), report_url="http://x/y")
    assert len(big.encode()) < 100_000


def test_a_past_window_says_findings_on_now_are_today_and_window_findings_show_coverage(result):
    """Issue 8 item 6: an inspection of a window that closed before it ran says, on the cover, that
    findings with basis "now" are today's state; a window finding shows how much of it snapshots cover."""
    import datetime as dt

    end = result.generated_at - dt.timedelta(days=2)
    past = result.model_copy(update={"window_start": end - dt.timedelta(days=1), "window_end": end})
    for lang, needle in (("en", "findings marked \"now\" report the state at"), ("zh-CN", "标为“当前”的结果反映的是")):
        from html import unescape

        assert needle in unescape(reports.to_html(past, lang)) and needle not in unescape(reports.to_html(result, lang))
        assert needle in reports.summary_markdown(past, lang=lang) and needle not in reports.summary_markdown(result, lang=lang)
    inst = result.instances[0]
    f = next(f for f in inst.findings if f.basis == "window")
    covered = f.model_copy(update={"coverage_pct": 97.5})
    from reports.render import basis_label

    assert basis_label(covered, "en", dt.timezone.utc) == "window (97.5% covered)"
    assert basis_label(covered, "zh-CN", dt.timezone.utc) == "采样窗口（覆盖 97.5%）"
    assert basis_label(f, "en", dt.timezone.utc) == "window"


def test_i18n_catalogue_complete():
    for key in i18n.keys():
        en, zh = i18n.t(key, "en"), i18n.t(key, "zh-CN")
        assert en or key == "page_suffix"
        if key not in ("deduct_finding", "page_suffix"):
            assert zh != en or not re.search(r"[a-z]{3}", en), f"{key} has no Chinese text"
    assert i18n.normalise_lang("zh_cn") == "zh-CN" and i18n.normalise_lang(None) == "en"


def test_score_model(result):
    fleet = score.score_fleet(result)
    pg, my = fleet.instances
    assert my.score == 0 and my.deductions[0].points == 100
    assert "connection refused" in my.deductions[0].explain("en")
    # RUN901 SEC901 BAK901 OBJ901 PRF901 ERR902, and CFG901 skipped for a missing privilege (unverified)
    expected = 100 - (10 * 1.0 + 10 * 1.2 + 3 * 1.5 + 3 * 0.8 + 3 * 0.8 + 1 * 1.0 + 1 * 0.6)
    assert pg.score == pytest.approx(expected)
    assert sum(d.points for d in pg.deductions) == pytest.approx(100 - pg.score)
    assert fleet.score == pytest.approx((pg.score + 0) / 2, abs=0.06)
    assert all(d.explain("zh-CN") for d in pg.deductions)
    # the per-category cap
    many = sample.instance("x", {c[0]: Outcome.CRITICAL for c in sample.CHECKS})
    s = score.score_instance(many)
    assert s.score >= 0 and any(d.reason_key == "deduct_capped" for d in s.deductions)
    assert sum(d.points for d in s.deductions) == pytest.approx(100 - s.score) or s.score == 0


def test_score_and_labels_cover_every_check_category():
    # The report must know the categories checks really use (checks/spec.py), not other names:
    # a config finding weighs 0.6 and every category has a zh-CN label.
    from checks.spec import CATEGORIES

    for cat in CATEGORIES:
        assert cat in score.CATEGORY_WEIGHT, cat
        assert i18n.has(f"category_{cat}"), cat
        assert i18n.label("category", cat, "zh-CN") != cat
    cfg = sample.instance("x", {"CFG901": Outcome.CRITICAL})
    assert sample.CHECKS[[c[0] for c in sample.CHECKS].index("CFG901")][2] == "config"
    assert score.score_instance(cfg).score == pytest.approx(100 - 10 * 0.6)


def test_capped_deduction_line_is_shown_as_points_given_back():
    # The cap is a negative deduction; the deductions table must not print it as "−-10".
    r = sample.two_instance_result()
    r.instances[0] = sample.instance("x", {c[0]: Outcome.CRITICAL for c in sample.CHECKS})
    html = reports.to_html(r, "en", tz=TZ)
    assert "−-" not in html
    assert '<td class="n">+10</td><td>category Running status capped at 40 points (raw 50)</td>' in html


def test_history_diff_and_not_inspected(result):
    prev = sample.two_instance_result("prev0001", outcomes={"RUN901": Outcome.WARNING, "RUN902": Outcome.WARNING,
                                                            "CFG901": Outcome.CRITICAL, "SEC901": Outcome.CRITICAL})
    d = history.diff(result, prev)
    assert {c.code for c in d.new} == {"BAK901", "OBJ901", "PRF901"}
    assert {c.code for c in d.persisting} == {"RUN901", "SEC901"}
    assert [c.worsened for c in d.persisting if c.code == "RUN901"] == [True]
    assert {c.code for c in d.resolved} == {"RUN902"}
    assert {c.code for c in d.unverified} == {"CFG901"}  # SKIPPED now: not verified, not resolved
    items = {(n.instance, n.code): n.reason for n in history.not_inspected(result)}
    assert items == {("my-replica", None): "unreachable", ("pg-main", "CFG901"): "privilege",
                     ("pg-main", "ERR902"): "error"}
    # a check that does not apply is counted apart: nothing was left undone
    assert [(n.instance, n.code, n.reason) for n in history.not_applicable(result)] == [("pg-main", "RUN905", "not_applicable")]


def test_an_unreachable_instance_is_one_entry_not_one_per_check():
    # Issue 14 item 11: the runner lists every check of an unreachable instance as SKIPPED "not
    # inspected: instance unreachable (…)"; the report gives the instance one entry with its cause
    # and how many checks it left undone (three down instances made a 28-page PDF).
    from dbpatrol.results import Finding, InstanceResult, Text

    r = sample.two_instance_result()
    for k in range(3):
        down = InstanceResult(name=f"down-{k}", engine="postgresql", reachable=False,
                              cause=f"connection refused at 10.0.0.{k}:5432")
        for n in range(23):
            down.findings.append(Finding(
                code=f"RUN9{n:02d}", name="c", title=Text(en=f"check title {n}", zh=f"检查 {n}"),
                category="running", tier="daily", outcome=Outcome.SKIPPED,
                message=Text(en=f"not inspected: instance unreachable ({down.cause})",
                             zh=f"未巡检：实例无法连接（{down.cause}）")))
        r.instances.append(down)
    items = [n for n in history.not_inspected(r) if n.instance.startswith("down-")]
    assert [(n.instance, n.code, n.reason, n.count) for n in items] == [
        (f"down-{k}", None, "unreachable", 23) for k in range(3)]
    html = reports.to_html(r, "en", tz=TZ)
    section = html[html.index('id="not-inspected"'):html.index('id="instances"')]
    assert section.count("connection refused at 10.0.0.") == 3 and section.count("23 check(s) not run") == 3
    assert "check title 7" not in html  # no per-check row, in the table or in the instance chapter
    chapter = html[html.index('id="instances"'):]
    assert "connection refused at 10.0.0.2:5432 — 23 check(s) not run" in chapter
    # the cover still counts the checks left undone, by reason
    cover = html[:html.index('id="not-inspected"')]
    assert "unreachable 70" in cover  # 3 × 23, and the sample's own down replica that lists no check
    zh = reports.to_html(r, "zh-CN", tz=TZ)
    section = zh[zh.index('id="not-inspected"'):zh.index('id="instances"')]
    assert section.count("23 项检查未执行") == 3 and "已跳过" not in section
    md = reports.summary_markdown(r, "en", tz=TZ)
    assert "check title 7" not in md and "unreachable 70" in md

def test_not_inspected_detail_in_report_language(result):
    # SKIPPED and ERROR findings carry their reason in both languages; the zh-CN report shows the Chinese one.
    zh = reports.to_html(result, "zh-CN", tz=TZ)
    section = zh[zh.index('id="not-inspected"'):zh.index('id="instances"')]
    assert "缺少权限：需要 pg_read_all_settings" in section
    assert "missing privilege: pg_read_all_settings" not in section
    en = reports.to_html(result, "en", tz=TZ)
    assert "missing privilege: pg_read_all_settings" in en[en.index('id="not-inspected"'):en.index('id="instances"')]


def test_evidence_cells_keep_small_values():
    from reports.render import _cell

    assert _cell(0.0012) == "0.0012" and _cell(0.004) == "0.004"  # ERR008 waits_pct, ERR007 slow_pct
    assert _cell(0.0) == "0" and _cell(1234.5) == "1,234.5" and _cell(2.0) == "2" and _cell(None) == ""


def test_chart_is_valid_svg(result):
    for lang in i18n.LANGS:
        svg = chart.findings_by_category(result, lang)
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert len(root.findall("{http://www.w3.org/2000/svg}rect")) >= 7


def _scrub(html: str) -> str:
    html = re.sub(r'(class="[^"]*volatile-[a-z]+[^"]*">)[^<]*', r"\1SCRUBBED", html)
    return html


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_html_golden(result, lang):
    prev = sample.two_instance_result("prev0001", generated_at=result.generated_at.replace(day=1),
                                      outcomes={"RUN902": Outcome.WARNING, "SEC901": Outcome.WARNING})
    html = _scrub(reports.to_html(result, lang, previous=prev, tz=TZ))
    golden = GOLDEN / f"report_{lang}.html"
    if os.environ.get("UPDATE_GOLDEN") or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
        if not os.environ.get("UPDATE_GOLDEN"):
            pytest.fail(f"{golden} did not exist; written — review and commit it")
    assert html == golden.read_text(encoding="utf-8"), f"HTML differs from {golden}; UPDATE_GOLDEN=1 to accept"


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


HEADINGS = {
    "en": ["Database inspection report", "Overview", "Fleet health score", "Findings by category and severity",
           "Problems found", "Changes since the previous report", "Items not inspected", "Instance details",
           "Appendix: thresholds in effect", "looser than default", "Page 2 of"],
    "zh-CN": ["数据库巡检报告", "巡检概述", "整体健康评分", "按类别和级别统计的问题", "巡检问题", "与上次巡检对比",
              "遗留问题", "未巡检项", "实例详情", "附录：生效的阈值", "比默认值宽松", "第 2 页 / 共"],
}
PLANTED = {"en": "Unexpected superuser accounts", "zh-CN": "存在多余的超级用户"}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_pdf_text(tmp_path, result, lang):
    prev = sample.two_instance_result("prev0001", generated_at=result.generated_at.replace(day=1),
                                      outcomes={"SEC901": Outcome.WARNING})
    paths = reports.render(result, tmp_path, formats=("pdf",), lang=lang, previous=prev, tz=TZ)
    pdf = paths["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = _pdftotext(pdf)
    flat = re.sub(r"\s+", "", text)  # table cells wrap, and pdftotext spaces CJK text its own way
    for heading in HEADINGS[lang]:
        assert re.sub(r"\s+", "", heading) in flat, f"{heading!r} missing from the {lang} PDF"
    assert re.sub(r"\s+", "", PLANTED[lang]) in flat
    assert "connectionrefused" in flat  # the unreachable instance's cause
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    if lang == "zh-CN":
        assert "WenQuanYi" in fonts or "NotoSansCJK" in fonts, fonts  # real CJK glyphs, not tofu


def test_csv_and_xlsx(tmp_path, result):
    import pandas as pd

    paths = reports.render(result, tmp_path, formats=("csv", "xlsx"), lang="zh-CN")
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    from reports.render import CSV_COLUMNS, CSV_HEADERS_ZH

    assert list(df.columns) == [CSV_HEADERS_ZH[c] for c in CSV_COLUMNS]  # zh-CN headers (issue 14 item 18)
    assert len(df) == 15 + 1  # every finding of pg-main + the unreachable instance
    assert "存在多余的超级用户" in set(df["检查项"])
    book = pd.read_excel(paths["xlsx"], sheet_name=None)
    assert set(book) == {"findings", "instances", "thresholds"}
    assert len(book["findings"]) == 16 and len(book["instances"]) == 2
    assert book["thresholds"]["looser"].any()


def test_a_check_the_monitoring_user_could_not_see_costs_like_an_error():
    """Half the privileges missing must not score 100: a privilege SKIP is unverified (1 × weight);
    not applicable and disabled cost nothing."""
    inst = sample.instance("x", {"RUN901": Outcome.SKIPPED, "SEC901": Outcome.SKIPPED, "BAK901": Outcome.SKIPPED})
    reasons = {"RUN901": "privilege", "SEC901": "not_applicable", "BAK901": "disabled"}
    for f in inst.findings:
        f.skip_reason = reasons.get(f.code, f.skip_reason)
    s = score.score_instance(inst)
    assert s.score == pytest.approx(100 - 1 * 1.0)
    (d,) = [d for d in s.deductions if d.points]
    assert d.code == "RUN901" and d.reason_key == "deduct_unverified"
    assert "lacks its privilege" in d.explain("en") and "权限" in d.explain("zh-CN")


def test_guard_and_list_thresholds_are_shown_by_value():
    from checks import registry

    eff = registry.load().effective_thresholds("ERR003", [("run", {"ERR003": {"min_xacts": {"value": 500}}})])
    r = sample.two_instance_result()
    r.instances[0].findings[0].thresholds = list(eff.values())
    import importlib

    render_module = importlib.import_module("reports.render")
    rows = {row["threshold"]: row for row in render_module._threshold_rows(r, "en")}
    assert rows["min_xacts"]["warning"] == "500" and rows["min_xacts"]["critical"] == ""
    assert rows["min_xacts"]["default"] == "1000" and rows["min_xacts"]["source_key"] == "run"
    assert rows["min_xacts"]["looser"] is False  # a smaller minimum sample rates sooner
    assert "min_xacts=500" in reports.to_csv(r, "en").decode("utf-8-sig")


def test_csv_and_xlsx_speak_the_reports_language_and_time():
    # Issue 14 item 18: one time convention (the report's zone, its name, no microseconds) and the
    # CSV/XLSX headers in the report's language.
    import csv
    import io

    import openpyxl

    r = sample.two_instance_result()
    f = next(f for f in r.instances[0].findings if f.since is None)
    f.since = dt.datetime(2025, 3, 1, 16, 30, 15, 123456, tzinfo=dt.timezone.utc)
    rows = list(csv.reader(io.StringIO(reports.to_csv(r, "zh-CN", tz="Asia/Shanghai").decode("utf-8-sig"))))
    assert rows[0][:3] == ["实例", "引擎", "业务系统"] and "计数起点" in rows[0]
    since = [row[rows[0].index("计数起点")] for row in rows[1:] if row[rows[0].index("检查编号")] == f.code]
    assert since == ["2025-03-02 00:30:15 CST"]
    en = list(csv.reader(io.StringIO(reports.to_csv(r, "en", tz="UTC").decode("utf-8-sig"))))
    assert en[0][:3] == ["instance", "engine", "business"]
    assert [row[en[0].index("since")] for row in en[1:] if row[en[0].index("code")] == f.code] == ["2025-03-01 16:30:15 UTC"]
    wb = openpyxl.load_workbook(io.BytesIO(reports.to_xlsx(r, "zh-CN", tz="Asia/Shanghai")))
    assert [c.value for c in wb["findings"][1]][:2] == ["实例", "引擎"]
    assert [c.value for c in wb["instances"][1]][:2] == ["实例", "引擎"]


def _worst_case_result():
    """The longest texts the catalog can produce, everywhere a table holds text: the longest check
    titles (en, zh), threshold names and sources with "looser than default", and an unreachable
    instance whose cause is a long host name and address list with no space to break at."""
    from checks import registry
    from dbpatrol.results import Text

    specs = [c.spec for c in registry.load()]
    title_en = max(specs, key=lambda s: len(s.title.en)).title.en
    title_zh = max(specs, key=lambda s: len(s.title.zh or "")).title.zh
    r = sample.two_instance_result()
    for f in r.instances[0].findings:
        f.title = Text(en=title_en, zh=title_zh)
        for t in f.thresholds:
            t.source, t.name = "inventory", "lowest_free_percentage_before_warning_threshold"
            if t.kind == "level" and t.warning is not None and t.default_warning is not None:
                t.warning = t.default_warning * 10 + 10 if t.direction == "above" else 0  # looser than default
    r.instances[1].cause = ("connection failed: could not translate host name \"db-core-banking-primary-replica-01.prod."
                            "dc1.bank.internal.example.com.cn\" to address; tried " + ",".join(
                                f"10.200.100.{n}:3306" for n in range(1, 9)))
    return r


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_pdf_tables_stay_on_the_page_with_the_longest_texts(tmp_path, lang):
    # Issue 14 item 12: the thresholds appendix ran off the page (Source column, "looser than
    # default"); long causes clipped in "not inspected" and "score deductions".
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    path = tmp_path / "worst.pdf"
    path.write_bytes(reports.to_pdf(_worst_case_result(), lang, tz="Asia/Shanghai"))
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    pages = out.split("<page ")[1:]
    margin = 14 * 72 / 25.4  # the @page side margins, 14 mm
    outside, sparse = [], []
    for n, page in enumerate(pages, 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
        outside += [(n, w) for x0, x1, w in words if float(x1) > width - margin + 1 or float(x0) < margin - 1]
        if 1 < n < len(pages) and len(words) < 40:  # header + footer are ~12 words: a near-empty page
            sparse.append((n, len(words)))
    assert not outside, outside[:10]
    assert not sparse, sparse
    # … and the whole cause is printed (wrapped, not clipped)
    assert "10.200.100.8:3306" in "".join(re.findall(r">([^<]*)</word>", out))


def test_a_fleet_pdf_lists_passed_checks_by_code_and_the_html_in_full():
    # Issue 13 item 4: the per-check rows of passed checks were most of a fleet PDF's pages and time.
    from reports.render import PDF_FULL_OK_INSTANCES

    fleet = sample.fleet_result(PDF_FULL_OK_INSTANCES + 1)
    ok = next(f for i in fleet.instances for f in i.findings if f.outcome == Outcome.OK)
    pdf_html = reports.to_html(fleet, "en", tz=TZ, for_pdf=True)
    assert 'class="oks-compact"' in pdf_html and 'class="grid oks fixed"' not in pdf_html
    assert ok.code in pdf_html[pdf_html.index('class="oks-compact"'):]
    assert reports.to_html(fleet, "en", tz=TZ).count('class="grid oks fixed"') >= PDF_FULL_OK_INSTANCES
    small = sample.two_instance_result()
    assert 'class="oks-compact"' not in reports.to_html(small, "en", tz=TZ, for_pdf=True)


def test_a_fleet_pdf_keeps_every_finding_with_each_remediation_once(tmp_path):
    # Issue 13 item 4: a compact fleet PDF prints each check's remediation once (the cards point to
    # it), a threshold in effect everywhere as "every instance that ran the check (N)", and the
    # entries of one finding that changed alike as one row naming every object. Nothing is lost.
    from reports.render import PDF_FULL_OK_INSTANCES, history_rows

    fleet = sample.fleet_result(PDF_FULL_OK_INSTANCES + 1, rows=3)
    prev = fleet.model_copy(update={"id": "prev-" + fleet.id})
    html = reports.to_html(fleet, "en", previous=prev, tz=TZ, for_pdf=True)
    needing = [(i.name, f) for i in fleet.instances for f in i.findings if i.reachable
               and f.outcome in (Outcome.WARNING, Outcome.CRITICAL, Outcome.ERROR)]
    chapter = html[html.index('id="remediation"'):html.index('id="appendix-thresholds"')]
    for _, f in needing:  # each distinct remediation once, in its chapter, and nowhere else
        assert html.count(f.remediation.commands[0]) == 1 and f.remediation.commands[0] in chapter
    assert chapter.count('class="remedy-entry"') == len({f.code for _, f in needing})
    # every finding that needs it points to its entry, and the entry names it
    assert html.count('<a href="#remedy-') == len(needing)
    assert sum(chapter.count(f"{name} (") for name in {n for n, _ in needing}) == len(needing)
    ran = sum(1 for i in fleet.instances if i.reachable)
    assert f"every instance that ran the check ({ran})" in html
    diff = history.diff(fleet, prev)
    rows = history_rows(diff.persisting, group=True)
    assert len(rows) < len(diff.persisting)
    assert sum(max(len(r["objects"]), 1) for r in rows) == len(diff.persisting)
    history_html = html[html.index('id="history"'):html.index('id="not-inspected"')]
    assert history_html.count("app.obj_") == sum(len(r["objects"]) for r in rows)
    # the small report and the HTML keep a remediation per finding and a row per entry
    full = reports.to_html(fleet, "en", previous=prev, tz=TZ)
    assert 'id="remediation"' not in full and full.count('<pre class="cmd">') == len(needing)
    assert f"every instance that ran the check" not in reports.to_html(sample.two_instance_result(), "en", tz=TZ)
    path = tmp_path / "fleet.pdf"
    path.write_bytes(reports.to_pdf(fleet, "en", previous=prev, tz=TZ, html=html))
    flat = re.sub(r"\s+", "", _pdftotext(path))
    assert "6.Remediationbycheck" in flat
    for _, f in needing:
        assert re.sub(r"\s+", "", f.remediation.text.en) in flat


FOOTER = {"en": r"Page (\d+) of (\d+)", "zh-CN": r"第 (\d+) 页 / 共 (\d+) 页"}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_fleet_pdf_rendered_in_two_processes_reads_as_one(tmp_path, monkeypatch, lang):
    # Issue 13 item 4: a large fleet PDF is rendered in two halves at once (reports/pdf_parallel.py)
    # and joined. The joined PDF must read as the single render does: the same text, every page
    # numbered of the right total, chapter 5's running header on the second half's pages, the same
    # outline (levels, titles, targets) and every link, across the halves too, landing on its element.
    import importlib

    from pypdf import PdfReader

    render = importlib.import_module("reports.render")  # the module (reports.render is also a function)
    fleet = sample.fleet_result(12, rows=3)
    prev = fleet.model_copy(update={"id": "prev-" + fleet.id})
    html = reports.to_html(fleet, lang, previous=prev, tz=TZ, for_pdf=True)
    monkeypatch.setattr(render, "PDF_PARALLEL_MIN_INSTANCES", 10**6)
    (tmp_path / "one.pdf").write_bytes(reports.to_pdf(fleet, lang, previous=prev, tz=TZ, html=html))
    monkeypatch.setattr(render, "PDF_PARALLEL_MIN_INSTANCES", 12)
    (tmp_path / "two.pdf").write_bytes(reports.to_pdf(fleet, lang, previous=prev, tz=TZ, html=html))

    def read(name):
        reader = PdfReader(tmp_path / name)
        pages = [subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), "-layout", str(tmp_path / name), "-"],
                                check=True, capture_output=True, text=True).stdout
                 for k in range(1, len(reader.pages) + 1)]
        outline = []

        def walk(items, depth):
            for it in items:
                if isinstance(it, list):
                    walk(it, depth + 1)
                else:
                    outline.append((depth, it.title, reader.get_destination_page_number(it)))
        walk(reader.outline, 0)
        dests = {k: reader.get_destination_page_number(v) for k, v in reader.named_destinations.items()}
        links = [str(a.get_object()["/Dest"]) for p in reader.pages for a in p.get("/Annots") or []
                 if "/Dest" in a.get_object()]
        return pages, outline, dests, links

    one, two = read("one.pdf"), read("two.pdf")
    pages, outline, dests, links = two
    assert not re.search(r"height: 0|section-carry", "".join(pages))

    def body(pages):  # the text without running headers and page numbers, which depend on the page
        return re.sub(r"\s+", "", "".join(re.sub(FOOTER[lang], "", p.split("\n", 1)[1]) for p in pages))
    assert body(two[0]) == body(one[0])
    assert 0 <= len(pages) - len(one[0]) <= 1  # the second half starts on a new page
    for k, p in enumerate(pages, 1):
        assert [m.groups() for m in re.finditer(FOOTER[lang], p)] == [(str(k), str(len(pages)))], (k, p[-200:])
    titles = [(d, t) for d, t, _ in outline]
    assert titles == [(d, t) for d, t, _ in one[1]] and len(titles) > 40
    assert [n for _, _, n in outline] == sorted(n for _, _, n in outline)  # in page order, offsets right
    chapter5 = next(n for d, t, n in outline if d == 1 and t.startswith("5."))
    chapter6 = next(n for d, t, n in outline if d == 1 and t.startswith("6."))
    heading5 = re.sub(r"\s+", "", next(t for d, t, _ in outline if d == 1 and t.startswith("5.")))
    for n in range(chapter5 + 1, chapter6):  # running header, the second half's first page too
        assert heading5 in re.sub(r"\s+", "", pages[n].split("\n", 1)[0]), (n, pages[n][:200])
    for d, t, n in outline:  # each instance heading where its anchor is
        m = re.match(r"5\.(\d+) ", t)
        if d == 2 and m:
            assert dests[f"inst-{m.group(1)}"] == n, t
    assert sorted(links) == sorted(one[3]) and len(links) > 12 and set(links) <= set(dests)
    cross = [x for x in links if x.startswith("remedy-")]
    assert cross and all(dests[x] >= chapter6 for x in cross)


def test_a_fleet_pdf_child_that_never_answers_costs_a_bounded_wait(monkeypatch, caplog):
    # A child forked from a threaded process can inherit a lock held by another thread at the fork and
    # hang: the parent waits a bounded time, kills it and renders the second half itself.
    import importlib
    import time as _time

    from pypdf import PdfReader

    render = importlib.import_module("reports.render")
    from reports import pdf_parallel

    def hang(conn, *args):
        _time.sleep(600)

    fleet = sample.fleet_result(12, rows=1)
    monkeypatch.setattr(render, "PDF_PARALLEL_MIN_INSTANCES", 12)
    monkeypatch.setattr(pdf_parallel, "_child", hang)
    monkeypatch.setattr(pdf_parallel, "CHILD_TIMEOUT_MIN_S", 1.0)
    monkeypatch.setattr(pdf_parallel, "CHILD_TIMEOUT_FACTOR", 0.0)
    t0 = _time.monotonic()
    pdf = reports.to_pdf(fleet, "en", tz=TZ)
    assert _time.monotonic() - t0 < 120
    assert "did not answer within 1 s" in caplog.text
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    assert all(i.name in text for i in fleet.instances)  # both halves are there
