"""PRF034 over the planted window: 6 filesorts of 20,000 rows in a 16 kB sort buffer, each with merge passes."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF034"
FEW = {"min_sorts_per_day": {"value": 1}}


def test_window_counts_the_planted_merge_passes(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    before = w.check(CODE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    assert inside.basis == "window" and i["merge_passes"] == w.delta("sort_merge_passes") >= INSIDE["sorts"] * 5, i
    assert b["merge_passes"] == 0 and i["sorts"] == w.delta("sort_scan") >= INSIDE["sorts"]
    assert inside.outcome is Outcome.CRITICAL and "sorts spilled to temporary files in the window" in inside.message.en
    assert "窗口内" in inside.message.zh
    w.check(CODE, None, FEW, url=None, record="merge-passes", expect="CRITICAL")


def test_a_ratio_is_taken_over_the_snapshots_holding_both_its_counters():
    """Snapshots stored before my.status read Sort_scan / Sort_range (they came with PRF034) hold
    Sort_merge_passes alone. Over a window straddling that upgrade the merge passes of all 30 days must not
    be divided by the sorts of the last day: numerator and denominator come from the same snapshots."""
    import datetime as dt

    from checks import window as cw
    from checks.judges import JudgeContext
    from checks.registry import levels_of
    from dbpatrol.snapshots import Point
    from tests.live import REG

    start = dt.datetime(2026, 11, 1)
    epoch = start - dt.timedelta(days=100)
    points = []
    for day in range(31):  # 2,000 sorts and 20 merge passes a day; the sort counters stored from day 29 on
        data = {"sort_merge_passes": 20 * day + 1000}
        if day >= 29:
            data.update(sort_scan=2000 * day + 50000, sort_range=0)
        points.append(Point(start + dt.timedelta(days=day), epoch, data))
    spec = REG.get(CODE).spec
    row = {"sorts": 9, "range_sorts": 9, "merge_passes": 9, "sort_buffer_size": 262144,
           "counters_since": "2026-07-01T00:00:00", "days_since": 150}
    out = cw.evaluate(spec.support("mariadb").window, [row], {"(instance)": points},
                      (start, start + dt.timedelta(days=30)), spec.support("mariadb").window.object_of)
    r = out.rows[0]
    assert (r["sorts"], r["merge_passes"]) == (2000, 20), r  # both over day 29 to 30
    assert r["merge_pct"] == 1.0 and out.coverage_pct < 4, (r, out.coverage_pct)
    v = spec.judge(out.rows, levels_of(REG.effective_thresholds(CODE, [])), JudgeContext(engine="mariadb"))
    assert v.outcome is Outcome.OK, v
