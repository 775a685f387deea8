"""Window findings' sampled values (issue 8 item 7): what a finding stores (dbpatrol/series.py cap,
filled by checks/execute.py) and the small SVG charts the HTML and PDF report draw of them
(reports/chart.py finding_charts): right number of points, bounded, names inert, none without a series."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

import reports
from checks.execute import judge_rows
from checks.judges import JudgeContext
from checks.registry import load
from checks.window import evaluate
from dbpatrol import series as sampled
from dbpatrol.results import Finding, ObjectFinding, Outcome
from dbpatrol.snapshots import Point
from reports import chart, sample

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>"\'&'
TZ = "Asia/Shanghai"
STEP = dt.timedelta(minutes=15)


def _iso(t: dt.datetime) -> str:
    return t.replace(tzinfo=dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _counter(start: dt.datetime, n: int, bumps: dict[int, int], reset_at: int | None = None) -> list[tuple[str, float]]:
    v, out = 100, []
    for i in range(n):
        if i == reset_at:
            v = 0
        v += bumps.get(i, 0)
        out.append((_iso(start + i * STEP), v))
    return out


def _result(series=None, kinds=None, objects=(), code="RUN901"):
    """The standard two-instance report with one problem finding made a window finding."""
    r = sample.two_instance_result()
    f = next(f for f in r.instances[0].findings if f.code == code)
    f.basis, f.coverage_pct = "window", 100.0
    f.series = series or {}
    f.series_kinds = kinds or {}
    f.objects = [ObjectFinding(key=k, outcome=Outcome.CRITICAL) for k in objects]
    return r, f


def _naive(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r'<svg [^>]*series-chart.*?</svg>', page, re.S)]


# ------------------------------------------------------------------------------------- stored

def test_thinning_keeps_a_counters_increase_and_a_gauges_extremes():
    t0 = dt.datetime(2026, 12, 1)
    pts = _counter(t0, 1000, {i: 1 + i % 3 for i in range(1000)}, reset_at=618)  # rising every interval
    whole = sum(inc for _, _, inc in sampled.increases(pts))
    thinned = sampled.thin(pts, 100, sampled.COUNTER)
    assert len(thinned) <= 100 and thinned[0] == pts[0] and thinned[-1] == pts[-1]
    assert pts[617] in thinned and pts[618] in thinned  # the drop at 618 kept on both sides
    assert sum(inc for _, _, inc in sampled.increases(thinned)) == whole
    gauge = [(_iso(t0 + i * STEP), 50 + 30 * math.sin(i / 30) + (500 if i == 444 else 0)) for i in range(1000)]
    g = sampled.thin(gauge, 200, sampled.GAUGE)
    assert len(g) <= 200 and max(v for _, v in g) == max(v for _, v in gauge)
    assert min(v for _, v in g) == min(v for _, v in gauge)
    assert sampled.thin(gauge[:150], 200) == gauge[:150]


def test_judge_rows_stores_at_most_5_objects_at_fault_first_of_at_most_500_points():
    """ERR002 over a week of 15-minute snapshots of 8 databases: deadlocks in two of them."""
    check = load().get("ERR002")
    end = dt.datetime(2026, 12, 8, 8, 0)
    start = end - dt.timedelta(days=7)
    n = 7 * 96 + 1
    dbs = [f"db{k}" for k in range(8)]
    planted = {"db6": {100: 5, 400: 3}, "db3": {50: 100}}
    points = {}
    for db in dbs:
        series = _counter(start, n, planted.get(db, {}))
        points[db] = [Point(start + i * STEP, dt.datetime(2026, 1, 1), {"deadlocks": v}) for i, (_, v) in enumerate(series)]
    rows = [{"scope": db, "deadlocks": 0, "counters_since": "2026-01-01T00:00:00", "days_since": 340.0,
             "counter_enabled": 1} for db in dbs]
    support = check.spec.support("postgresql")
    window = evaluate(support.window, rows, points, (start, end), support.window.object_of)
    assert window is not None and len(window.series) == 8 and len(window.series["db0"]["deadlocks"]) == n
    finding = judge_rows(check.spec, "postgresql", rows, load().effective_thresholds("ERR002", []),
                         JudgeContext(engine="postgresql", window_start=start, window_end=end, object_key=("scope",)),
                         window=window)
    assert finding.basis == "window" and finding.outcome is Outcome.CRITICAL
    assert finding.series_kinds == {"deadlocks": "counter"}
    assert list(finding.series)[:2] == ["db3", "db6"]  # at fault (db3: 100 a week is CRITICAL; db6 8, WARNING)
    assert len(finding.series) == 5
    for obj, cols in finding.series.items():
        assert len(cols["deadlocks"]) <= 500
        assert sum(inc for _, _, inc in sampled.increases(cols["deadlocks"])) == sum(planted.get(obj, {}).values())
    assert len(json.dumps(finding.model_dump(mode="json")["series"])) < 5 * 500 * 40
    assert Finding.model_validate_json(finding.model_dump_json()).series == finding.series


# ------------------------------------------------------------------------------------- drawn

def test_a_counter_series_is_drawn_as_increases_per_interval_with_the_name_escaped():
    r, f = _result()
    start = _naive(r.window_start)
    pts = _counter(start, 41, {5: 2, 30: 1}, reset_at=20)  # 40 intervals, a reset at 20 (counts 0 there)
    f.series = {HOSTILE: {"deadlocks": pts}, "quiet": {"deadlocks": _counter(start, 41, {})}}
    f.series_kinds = {"deadlocks": "counter"}
    page = reports.to_html(r, "en", tz=TZ)
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    charts = _charts(page)
    assert len(charts) == 1, "the quiet database's counter did not move: no chart for it"
    svg = charts[0]
    assert svg.get("data-kind") == "counter" and svg.get("data-points") == "40"
    bars = [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "series-bar"]
    assert len(bars) == 2  # the two intervals that counted deadlocks
    assert any(e.text == HOSTILE for e in svg.iter(f"{SVG}text"))  # shown as text, literally
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;" in page
    assert "Sampled over the window" in page
    assert "CST" in ET.tostring(svg, encoding="unicode")  # times in the report's zone
    zh = reports.to_html(r, "zh-CN", tz=TZ)
    assert "窗口内采样值" in zh and "每个采样间隔的增量" in zh


def test_a_gauge_is_drawn_as_read_bounded_with_its_threshold_lines():
    r, f = _result(objects=["b"])
    start = _naive(r.window_start)
    n = 7 * 96
    f.series = {"a": {"used_pct": [(_iso(start + i * STEP), 10 + i % 5) for i in range(50)]},
                "b": {"used_pct": [(_iso(start + i * STEP), 60 + 30 * math.sin(i / 40) + (40 if i == 333 else 0))
                                   for i in range(n)]}}
    f.series_kinds = {"used_pct": "gauge"}
    charts = chart.finding_charts(f, (r.window_start, r.window_end), dt.timezone.utc, "en")["charts"]
    assert [c["object"] for c in charts] == ["b", "a"]  # at fault first
    big, small = (ET.fromstring(str(c["svg"])) for c in charts)
    line = next(e for e in small.iter(f"{SVG}polyline"))
    assert len(line.get("points").split()) == 50 == int(small.get("data-points"))
    coords = next(e for e in big.iter(f"{SVG}polyline")).get("points").split()
    assert len(coords) == int(big.get("data-points")) <= chart.CHART_POINTS
    ys = [float(c.split(",")[1]) for c in coords]
    peak = next(e for e in big.iter(f"{SVG}circle"))
    assert float(peak.get("cy")) == min(ys)  # the spike at 333 survived the thinning (SVG y grows downwards)
    levels = [e for e in big.iter(f"{SVG}line") if e.get("class") == "series-threshold"]
    assert len(levels) == 2  # RUN901 used_pct: warning 80, critical 90 (the data reach 80)
    assert len([e for e in small.iter(f"{SVG}line") if e.get("class") == "series-threshold"]) == 1  # only warning


def test_no_series_no_chart():
    r, f = _result()
    assert not _charts(reports.to_html(r, "en", tz=TZ))
    f.series = {"x": {"used_pct": [(_iso(dt.datetime(2026, 12, 1)), 5.0)]}}  # one point says no more than the number
    f.series_kinds = {"used_pct": "gauge"}
    page = reports.to_html(r, "en", tz=TZ)
    assert not _charts(page) and "Sampled over the window" not in page
    f.basis = "cumulative"
    f.series = {"x": {"used_pct": [(_iso(dt.datetime(2026, 12, 1) + i * STEP), float(i)) for i in range(9)]}}
    assert not _charts(reports.to_html(r, "en", tz=TZ))


def test_more_objects_than_charted_are_counted():
    r, f = _result()
    start = _naive(r.window_start)
    f.series = {f"db{k}": {"deadlocks": _counter(start, 10, {3: k + 1})} for k in range(5)}
    f.series_kinds = {"deadlocks": "counter"}
    out = chart.finding_charts(f, (r.window_start, r.window_end), dt.timezone.utc, "en")
    assert [c["object"] for c in out["charts"]] == ["db4", "db3", "db2"] and out["more"] == 2
    assert "2 more object(s)" in reports.to_html(r, "en", tz=TZ)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_pdf_with_charts_still_gives_its_text(tmp_path, lang):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/run does)")
    r, f = _result()
    start = _naive(r.window_start)
    f.series = {HOSTILE: {"deadlocks": _counter(start, 300, {7: 3, 100: 1})}}
    f.series_kinds = {"deadlocks": "counter"}
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(reports.to_pdf(r, lang, tz=TZ))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                             text=True).stdout)
    heading = {"en": "SAMPLEDOVERTHEWINDOW", "zh-CN": "窗口内采样值"}[lang]  # .label is upper-cased
    for s in (heading, re.sub(r"\s+", "", HOSTILE), {"en": "Instancedetails", "zh-CN": "实例详情"}[lang],
              {"en": "deadlocks:increasepersampleinterval", "zh-CN": "deadlocks：每个采样间隔的增量"}[lang]):
        assert s in text, s
