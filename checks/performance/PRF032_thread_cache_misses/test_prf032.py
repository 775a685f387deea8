"""PRF032 over the planted window: 30 connections with thread_cache_size = 0 each create a thread."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF032"
FEW = {"min_connections_per_day": {"value": 10}}


def test_window_counts_the_planted_new_threads(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    before = w.check(CODE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    assert inside.basis == "window" and i["threads_created"] == w.delta("threads_created"), i
    # the 30 planted, and the lock-wait connections (2 a wait) when the cache had no idle thread left
    assert i["threads_created"] >= INSIDE["new_threads"] and i["connections"] >= INSIDE["new_threads"] + 6
    # less the sampler's own connection of the snapshot that ends each interval (mysql-perf-review S1)
    assert i["connections"] == w.delta("connections") - 1 and b["connections"] == w.noise("connections") - 1 <= 2, b
    assert inside.outcome in (Outcome.WARNING, Outcome.CRITICAL) and "reused a cached thread in the window" in \
        inside.message.en, inside.message.en
    assert before.outcome is Outcome.SKIPPED, before.message.en  # the sampler's one connection: too few


def test_thread_pool_is_not_applicable():
    from checks.judges import JudgeContext
    from checks.registry import levels_of
    from tests.live import REG

    levels = levels_of(REG.effective_thresholds(CODE, []))
    row = {"connections": 5000, "threads_created": 4000, "thread_cache_size": 0, "thread_handling": "pool-of-threads",
           "counters_since": "2026-01-01T00:00:00", "days_since": 3}
    judge = REG.get(CODE).spec.judge
    v = judge([row], levels, JudgeContext(engine="mariadb"))
    assert v.outcome is Outcome.SKIPPED and v.message == "not_applicable"
    v = judge([{**row, "thread_handling": "loaded-dynamically"}], levels, JudgeContext(engine="mysql"))
    assert v.outcome is Outcome.SKIPPED and v.message == "not_applicable"  # MySQL Enterprise thread pool
    v = judge([{**row, "thread_handling": "one-thread-per-connection"}], levels, JudgeContext(engine="mariadb"))
    assert v.outcome is Outcome.CRITICAL  # 20 % reuse
