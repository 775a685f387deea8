"""The notification an inspection sends (reports/message.py), without a server: labels an automation
matches, the text in both languages, hostile text from a server made inert, crashed windows listed.
The delivery itself is tested against the real server and real receivers in tests/test_notify.py."""

from __future__ import annotations

import datetime as dt

from dbpatrol.results import MissedWindow, Outcome
from reports import message, sample, score
from tests.test_hostile_text import LINK, hostile_result

URL = "http://reports.example.test:8765/reports/3f2a9c1e"


def test_labels_carry_the_counts_and_the_score_floor():
    r = sample.two_instance_result()
    labels = message.event_labels(r, "en", URL)
    live = message.live_findings(r)
    assert labels["prefect.resource.id"] == f"dbpatrol.inspection.{r.id}"
    assert labels["dbpatrol.critical"] == str(sum(1 for _, f in live if f.outcome == Outcome.CRITICAL))
    assert labels["dbpatrol.unreachable"] == str(sum(1 for i in r.instances if not i.reachable))
    fleet = score.score_fleet(r).score
    assert labels["dbpatrol.score"] == f"{fleet:g}" and int(labels["dbpatrol.score-floor"]) == int(fleet // 1)
    assert labels["dbpatrol.report-url"] == URL and all(isinstance(v, str) for v in labels.values())


def test_message_in_both_languages_names_plan_instances_findings_score_link():
    r = sample.two_instance_result()
    r.plan = "prod-weekly"
    fleet = score.score_fleet(r).score
    code = message.live_findings(r)[0][1].code
    subject, body = message.message(r, "en", URL)
    assert "plan prod-weekly" in subject and f"score {fleet:g}" in subject
    assert code in body and URL in body and all(i.name in body for i in r.instances)
    subject_zh, body_zh = message.message(r, "zh-CN", URL)
    assert "巡检计划 prod-weekly" in subject_zh and "健康得分" in body_zh and code in body_zh and URL in body_zh


def test_hostile_server_text_is_inert_and_crashed_windows_are_listed():
    r = hostile_result()
    start = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
    r.missed_windows = [MissedWindow(window_start=start, window_end=start + dt.timedelta(days=1),
                                     flow_run_id="0d7c", flow_run_name="brave-otter")]
    _, body = message.message(r, "en", URL)
    assert LINK not in body and "](http" not in body and "<script" not in body
    assert "Not inspected (crashed runs):" in body and "brave-otter" in body
    payload = message.event_payload(r, "en", URL)
    assert payload["body"] == body and len(payload["findings"]) <= message.MAX_FINDINGS
