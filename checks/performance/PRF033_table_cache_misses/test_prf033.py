"""PRF033 over the planted window: 14 tables read in turn, 3 rounds, through a 10-table cache (table_open_cache
= 10 for the time): every one of the 42 opens misses and evicts."""

from __future__ import annotations

from checks.performance._mycounters.live import INSTANCE, TABLE_ROUNDS, TABLES
from dbpatrol.results import Outcome

CODE = "PRF033"
FEW = {"min_opens_per_day": {"value": 10}}


def test_window_counts_the_planted_misses(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    before = w.check(CODE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    # between the snapshots' status reads: the planted opens, and what each snapshot's later statements open (the
    # digest texts of new digests are read after the status): at most the server's own delta between its reads
    assert inside.basis == "window" and TABLES * TABLE_ROUNDS <= i["cache_misses"] <= w.delta("table_open_cache_misses"), i
    assert b["cache_misses"] < TABLES, b
    assert 0 < i["cache_overflows"] <= w.delta("table_open_cache_overflows")
    # the other planted statements hit the cache: rated against a stricter level to see it rate the misses
    strict = w.check(CODE, win=w.planted,
                          overrides={**FEW, "hit_pct": {"warning": 99.9, "critical": 1}})
    assert strict.outcome is Outcome.WARNING and "served by the table cache in the window" in strict.message.en
    assert strict.evidence[0]["hit_pct"] == round(100 * i["cache_hits"] / (i["cache_hits"] + i["cache_misses"]), 2)
