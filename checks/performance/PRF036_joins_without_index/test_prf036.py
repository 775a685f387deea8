"""PRF036 over the planted window: 30 joins on a column without an index inside it, 300 before it."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE, INSTANCE, OUTSIDE
from dbpatrol.results import Outcome

CODE = "PRF036"


def test_window_counts_only_the_joins_inside_it(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted)
    before = w.check(CODE, win=w.before)
    i, b = inside.evidence[0], before.evidence[0]
    assert i["full_joins"] == INSIDE["full_joins"] + b["full_joins"] == w.delta("select_full_join"), (i, b)
    assert b["full_joins"] == w.noise("select_full_join") <= 2
    # a window of seconds is divided by one day (min_days): 30 a day, under MySQLTuner's 250
    assert i["joins_per_day"] == i["joins_without_index"] and inside.outcome is Outcome.OK, inside.message.en
    assert "joins without a usable index in the window" in inside.message.en
    since_start = w.check(CODE, None, {"joins_per_day": {"warning": 100, "critical": 100000}}, url=None,
                        record="full-joins", expect="WARNING")
    # the 300 planted before the window count since the start
    assert since_start.evidence[0]["full_joins"] >= OUTSIDE["full_joins"] + INSIDE["full_joins"]
    assert since_start.outcome is Outcome.WARNING and "since the server start" in since_start.message.en
