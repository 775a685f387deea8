"""PRF036 over the planted window: 30 joins on a column without an index inside it, 300 before it."""

from __future__ import annotations

from checks.config._live import check, check_stored
from checks.performance._mycounters.live import INSIDE, INSTANCE, OUTSIDE
from dbpatrol.results import Outcome

CODE = "PRF036"


def test_window_counts_only_the_joins_inside_it(my_perf_window):
    w = my_perf_window
    inside = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.planted)
    before = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.before)
    i, b = inside.evidence[0], before.evidence[0]
    assert i["full_joins"] == INSIDE["full_joins"] + b["full_joins"] == w.delta("select_full_join"), (i, b)
    assert b["full_joins"] == w.noise("select_full_join") <= 2
    # a window of seconds is divided by one day (min_days): 30 a day, under MySQLTuner's 250
    assert i["joins_per_day"] == i["joins_without_index"] and inside.outcome is Outcome.OK, inside.message.en
    assert "joins without a usable index in the window" in inside.message.en
    since_start = check(w.target(CODE), CODE, {"joins_per_day": {"warning": 100, "critical": 100000}},
                        record="full-joins", expect="WARNING")
    # the 300 planted before the window count since the start
    assert since_start.evidence[0]["full_joins"] >= OUTSIDE["full_joins"] + INSIDE["full_joins"]
    assert since_start.outcome is Outcome.WARNING and "since the server start" in since_start.message.en
