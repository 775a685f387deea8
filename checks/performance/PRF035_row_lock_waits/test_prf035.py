"""PRF035 over the planted window: 3 row lock waits of ~80 ms each (a FOR UPDATE held while another session
updates the row)."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF035"


def test_window_averages_the_planted_waits(my_perf_window):
    w = my_perf_window
    few = {"min_lock_waits": {"value": 3}}
    inside = w.check(CODE, win=w.planted, overrides=few)
    before = w.check(CODE, win=w.before, overrides=few)
    i = inside.evidence[0]
    assert inside.basis == "window" and i["lock_waits"] == INSIDE["lock_waits"] == w.delta("innodb_row_lock_waits"), i
    assert i["lock_time_ms"] == w.delta("innodb_row_lock_time") and 50 <= i["avg_wait_ms"] < 1000, i
    assert i["avg_wait_ms"] == round(i["lock_time_ms"] / i["lock_waits"], 1)
    assert inside.outcome is Outcome.OK and "3 InnoDB row lock waits in the window" in inside.message.en
    slow = w.check(CODE, win=w.planted,
                        overrides={**few, "avg_wait_ms": {"warning": 20, "critical": 10000}})
    assert slow.outcome is Outcome.WARNING and "took" in slow.message.en, slow.message.en
    assert before.outcome is Outcome.SKIPPED and before.evidence[0]["lock_waits"] == 0
    default = w.check(CODE, win=w.planted)
    assert default.outcome is Outcome.SKIPPED and "fewer than 10 InnoDB row lock waits in the window" in default.message.en
