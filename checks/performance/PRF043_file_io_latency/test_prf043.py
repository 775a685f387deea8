"""PRF043 over the planted window: the InnoDB data file's reads from the planted scans, counted and timed."""

from __future__ import annotations

from checks.performance._mycounters.live import INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF043"
DATA_FILE = "wait/io/file/innodb/innodb_data_file"


def test_window_file_io_is_the_planted_reads(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, record="planted-window", expect="OK")
    data = {r["event_name"]: r for r in inside.evidence}[DATA_FILE]
    assert inside.basis == "window" and data["reads"] >= 400 and data["read_mb"] >= 6, data
    assert data["avg_read_ms"] == round(data["read_ms"] / data["reads"], 4)
    assert inside.outcome is Outcome.OK, inside.message.en  # local disk, page cache: well under 20 ms
    slow = w.check(CODE, win=w.planted,
                        overrides={"avg_read_ms": {"warning": 0.0001, "critical": 1000}}, record="slow-reads",
                        expect="WARNING")
    assert slow.outcome is Outcome.WARNING and DATA_FILE in slow.message.en and "in the window" in slow.message.en
    before = w.check(CODE, win=w.before)
    b = {r["event_name"]: r for r in before.evidence}.get(DATA_FILE)
    assert b is None or b["reads"] < 50, b
