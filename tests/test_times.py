"""Issue 14 item 18: one convention for every time shown — the report's zone, to the second, with its
label (dbpatrol/timefmt.py). The live half is in tests/test_inspect_flow.py (a run in America/New_York:
its report, its HTML and its checks' messages)."""

from __future__ import annotations

import datetime as dt

from dbpatrol.results import Finding, Outcome, Text
from dbpatrol.timefmt import fmt, fmt_minute, message_time, message_zone, zone

SHANGHAI = zone("Asia/Shanghai")
T = dt.datetime(2026, 12, 1, 13, 33, 40, 123456, tzinfo=dt.timezone.utc)


def test_a_message_time_is_written_in_the_runs_zone_with_its_label():
    text = Text(en="at {at}; between {first_utc} and {last_utc} UTC (from {since} UTC); {name} UTC; {naive}",
                zh="最近一次 {last_utc} UTC：{name}")
    params = dict(at=T, first_utc="2026-12-01 01:00:00", last_utc="2026-12-01T02:00:00Z", since=dt.datetime(2026, 11, 30),
                  name="2026-12-01 is not a time", naive=dt.datetime(2026, 12, 1, 9, 0))
    assert text.format(**params).en == ("at 2026-12-01 13:33:40 UTC; between 2026-12-01 01:00:00 UTC and "
                                        "2026-12-01 02:00:00 UTC (from 2026-11-30 00:00:00 UTC); "
                                        "2026-12-01 is not a time UTC; 2026-12-01 09:00:00")
    with message_zone(SHANGHAI):
        shown = text.format(**params)
    assert shown.en == ("at 2026-12-01 21:33:40 CST; between 2026-12-01 09:00:00 CST and 2026-12-01 10:00:00 CST "
                        "(from 2026-11-30 08:00:00 CST); 2026-12-01 is not a time UTC; 2026-12-01 09:00:00")
    assert shown.zh == "最近一次 2026-12-01 10:00:00 CST：2026-12-01 is not a time"
    assert Text(en="{at}").format(at=T).en == "2026-12-01 13:33:40 UTC"  # the block ended: UTC again


def test_formats_drop_microseconds_and_keep_the_label():
    assert fmt(T, SHANGHAI) == "2026-12-01 21:33:40 CST"
    assert fmt(T.replace(tzinfo=None), zone("Europe/London")) == "2026-12-01 13:33:40 GMT"  # naive is UTC
    assert fmt_minute(T, zone("America/New_York")) == "2026-12-01 08:33 EST"
    assert fmt_minute(T, SHANGHAI, year=False) == "12-01 21:33 CST"
    assert message_time(None) == "?" and message_time("never") == "never"
    assert zone("No/Such_Zone") is dt.timezone.utc


def test_evidence_times_with_an_offset_are_shown_in_the_reports_zone():
    from reports.render import _cell, _evidence

    assert _cell("2026-12-01T13:33:40.5+00:00", SHANGHAI) == "2026-12-01 21:33:40 CST"
    assert _cell("2026-12-01T13:33:40Z", SHANGHAI) == "2026-12-01 21:33:40 CST"
    assert _cell(T, SHANGHAI) == "2026-12-01 21:33:40 CST"
    # without an offset it is a server's wall clock: shown as the server gave it
    assert _cell("2026-12-01 13:33:40", SHANGHAI) == "2026-12-01 13:33:40"
    f = Finding(code="X", name="x", title=Text(en="x"), category="running", tier="daily", outcome=Outcome.WARNING,
                message=Text(en="m"), columns=["at", "v"], evidence=[{"at": "2026-12-01T13:33:40Z", "v": 1}])
    assert _evidence(f, zone("America/New_York"))["rows"] == [["2026-12-01 08:33:40 EST", "1"]]


def test_the_cli_summary_shows_the_window_in_the_reports_zone(tmp_path, capsys):
    # Found trying a first run (2026-12-03): the summary's title printed the window as raw ISO with
    # microseconds and +00:00 while the problems table below it used the report's zone.
    import json

    from dbpatrol import cli

    report = tmp_path / "r.json"
    report.write_text(json.dumps({"timezone": "Asia/Shanghai", "instances": []}), encoding="utf-8")
    cli._print_summary({"report_id": "17f3a23c948b49cf", "files": {"json": str(report)},
                        "window": ["2026-12-02T06:43:34.804410+00:00", "2026-12-03T06:43:34.804410+00:00"]})
    shown = " ".join(capsys.readouterr().out.split())
    assert "window 2026-12-02 14:43:34 CST → 2026-12-03 14:43:34 CST" in shown
    assert ".804410" not in shown and "+00:00" not in shown
