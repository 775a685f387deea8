"""PRF038 over the planted window: 400 repeated primary-key lookups with the adaptive hash index ON."""

from __future__ import annotations

from checks.performance._mycounters.live import INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF038"
FEW = {"min_searches_per_day": {"value": 10}}


def test_window_rates_the_planted_lookups_and_off_is_not_applicable(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    i = inside.evidence[0]
    # the 400 lookups, and InnoDB's own and the snapshots' later statements (not equal to the server's delta)
    assert inside.basis == "window" and i["hash_searches"] > 100, i
    assert abs(i["hash_searches"] - w.delta("innodb_adaptive_hash_hash_searches")) <= 50
    assert abs(i["btree_searches"] - w.delta("innodb_adaptive_hash_non_hash_searches")) <= 50
    assert i["ahi_hit_pct"] == round(100 * i["hash_searches"] / (i["hash_searches"] + i["btree_searches"]), 2)
    assert inside.outcome in (Outcome.OK, Outcome.WARNING, Outcome.CRITICAL)
    assert "in the window" in inside.message.en
    w.server.sql("SET GLOBAL innodb_adaptive_hash_index = OFF")
    try:
        off = w.check(CODE, win=w.planted, overrides=FEW)
    finally:
        w.server.sql("SET GLOBAL innodb_adaptive_hash_index = ON")
    assert off.outcome is Outcome.SKIPPED and "innodb_adaptive_hash_index is OFF" in off.message.en
