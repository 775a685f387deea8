"""The report's performance section (reports/performance.py): top-SQL tables with in-window figures,
the top statements' chart and series, and — in an annual report — the comparison with the previous
semi-annual report of the same instance from the report store (what got slower, what is new)."""

from __future__ import annotations

import datetime as dt
import json

import reports
from reports import performance, sample
from reports.store import ReportStore

UTC = dt.timezone.utc
Q = ["SELECT * FROM orders WHERE id = $1", "UPDATE accounts SET balance = balance + $1 WHERE id = $2",
     "SELECT count(*) FROM audit_log WHERE at > $1"]


def _result(tier: str, at: dt.datetime, queries, means):
    r = sample.two_instance_result()
    r.tier, r.generated_at, r.window_end = tier, at, at
    r.window_start = at - dt.timedelta(days=182)
    r.id = f"{tier}-{at:%Y%m%d}"
    r.instances[0].findings.append(sample.top_sql_finding(queries, means=means, at=at))
    return r


def test_annual_report_compares_with_the_previous_semiannual(tmp_path):
    store = ReportStore(url=f"sqlite:///{tmp_path / 'store.db'}", root=tmp_path / "reports")
    semi = _result("semiannual", dt.datetime(2025, 6, 30, 8, tzinfo=UTC), Q[:2], [10.0, 4.0])
    store.save(semi, formats=("json",))
    annual = _result("annual", dt.datetime(2025, 12, 31, 8, tzinfo=UTC), [Q[1], Q[0], Q[2]], [9.0, 11.0, 3.0])
    previous = store.previous(annual)
    assert previous is not None and previous.tier == "semiannual"

    sec = performance.section(annual, previous)
    assert [e["instance"] for e in sec] == [annual.instances[0].name]
    e = sec[0]
    assert e["basis"] == "window" and [r["query"] for r in e["top"]] == [Q[1], Q[0], Q[2]]
    assert e["previous"]["tier"] == "semiannual"
    status = {c["query"]: (c["status"], c["mean_before"], c["mean_now"]) for c in e["comparison"]}
    assert status == {Q[1]: ("slower", 4.0, 9.0), Q[0]: ("same", 10.0, 11.0), Q[2]: ("new", None, 3.0)}

    doc = json.loads(reports.to_json(annual, previous=previous))
    assert doc["summary"]["performance"][0]["comparison"][0]["status"] == "slower"
    for lang, words in (("en", ("Performance: top SQL", "slower", "new in the top list", "Compared with the previous report")),
                        ("zh-CN", ("性能：Top SQL", "变慢", "新进入 Top 列表", "与上一份报告对比"))):
        page = reports.to_html(annual, lang, previous)
        assert all(w in page for w in words), lang
        assert "Total execution time of the top statements" in page or "Top 语句的总执行时间" in page
        assert page.count("series-chart") >= 1  # the top statement's sampled calls over the window


def test_no_previous_and_no_top_sql():
    r = _result("semiannual", dt.datetime(2025, 6, 30, 8, tzinfo=UTC), Q[:1], [5.0])
    assert performance.section(r, None)[0]["comparison"] == []
    assert "No earlier report of these checks" in reports.to_html(r, "en")
    plain = sample.two_instance_result()
    assert performance.section(plain) == [] and 'id="performance"' not in reports.to_html(plain, "en")


def test_compare_keeps_a_nested_statement_apart_from_the_same_query_at_top_level():
    """pg-perf-review S9: with pg_stat_statements.track = all one query id has a top-level entry (…:t) and one
    run inside a function (…:f); the comparison paired them by (queryid, database, user) and rated the
    top-level statement 'faster' against the nested one's mean."""
    def r(level, mean, rank):
        return {"statement": f"10:5:777:{level}", "queryid": "777", "database": "app", "username": "u", "query": "q",
                "rank": rank, "mean_time_ms": mean, "calls": 100}

    now = [r("t", 10.0, 1), r("f", 100.0, 2)]
    before = [r("t", 10.0, 1), r("f", 100.0, 2)]
    assert [e["status"] for e in performance.compare(now, before)] == ["same", "same"]
