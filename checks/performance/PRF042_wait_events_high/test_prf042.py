"""PRF042 over the planted window: the planted statements wait on InnoDB data-file reads (two scans of an 8 MB
table through a 6 MB buffer pool) and on table I/O; the empty interval before has almost none."""

from __future__ import annotations

from checks.performance._mycounters.live import INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF042"
DATA_FILE = "wait/io/file/innodb/innodb_data_file"


def test_window_waits_are_the_planted_ones(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, record="planted-window", expect="OK")
    before = w.check(CODE, win=w.before)
    by = {r["event_name"]: r for r in inside.evidence}
    assert inside.basis == "window" and "idle" not in by, inside.evidence
    data = by.get(DATA_FILE)
    assert data and data["waits"] >= 400, by.keys()  # the scans' page reads from disk (some read ahead in bigger reads)
    assert abs(data["avg_sessions"] - data["total_ms"] / 1000 / data["covered_s"]) < 0.002  # covered_s is rounded
    before_data = {r["event_name"]: r for r in before.evidence}.get(DATA_FILE)
    assert before_data is None or before_data["waits"] < 50, before_data
    assert inside.outcome is Outcome.OK and "in the window" in inside.message.en
    strict = w.check(CODE, win=w.planted,
                          overrides={"avg_sessions": {"warning": 0.0001, "critical": 1000}})
    assert strict.outcome is Outcome.WARNING and DATA_FILE in strict.message.en, strict.message.en
