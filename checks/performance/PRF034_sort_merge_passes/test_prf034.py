"""PRF034 over the planted window: 6 filesorts of 20,000 rows in a 16 kB sort buffer, each with merge passes."""

from __future__ import annotations

from checks.config._live import check, check_stored
from checks.performance._mycounters.live import INSIDE, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF034"
FEW = {"min_sorts_per_day": {"value": 1}}


def test_window_counts_the_planted_merge_passes(my_perf_window):
    w = my_perf_window
    inside = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.planted, overrides=FEW)
    before = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    assert inside.basis == "window" and i["merge_passes"] == w.delta("sort_merge_passes") >= INSIDE["sorts"] * 5, i
    assert b["merge_passes"] == 0 and i["sorts"] == w.delta("sort_scan") >= INSIDE["sorts"]
    assert inside.outcome is Outcome.CRITICAL and "sorts spilled to temporary files in the window" in inside.message.en
    assert "窗口内" in inside.message.zh
    check(w.target(CODE), CODE, FEW, record="merge-passes", expect="CRITICAL")
