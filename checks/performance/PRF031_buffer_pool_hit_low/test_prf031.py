"""PRF031 over the planted window (checks/performance/conftest.py): two full scans of an 8 MB table through a
6 MB buffer pool read it from disk each time, so the window's hit ratio falls, while the empty interval before
has (almost) no disk reads."""

from __future__ import annotations

from checks.performance._mycounters.live import INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF031"
FEW = {"min_read_requests_per_day": {"value": 1000}}


def test_window_hit_ratio_is_of_the_planted_scans(my_perf_window):
    w = my_perf_window
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    before = w.check(CODE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    # InnoDB's own background reads (statistics, purge) also count: close to the server's delta, not equal to it
    assert inside.basis == "window" and abs(i["disk_reads"] - w.delta("innodb_buffer_pool_reads")) <= 0.05 * i["disk_reads"], i
    assert abs(i["read_requests"] - w.delta("innodb_buffer_pool_read_requests")) <= 0.05 * i["read_requests"]
    assert i["disk_reads"] >= 2 * 400  # 2 scans of ~500 pages of 16 kB (some read ahead in bigger reads)
    assert b["disk_reads"] < 100, b
    assert i["hit_pct"] < 95 and inside.outcome is Outcome.CRITICAL, inside.message.en
    assert "went to disk" in inside.message.en and "in the window" in inside.message.en
    quiet = w.check(CODE, win=w.planted)
    assert quiet.outcome is Outcome.SKIPPED and "too little activity" in quiet.message.en  # under a million a day
    # since the start of a server up for seconds: a cold pool, not rated by default; with the guard off, rated
    young = w.check(CODE, None, FEW, url=None)
    assert young.outcome is Outcome.SKIPPED and "still be warming up" in young.message.en and young.basis == "cumulative", \
        young.message.en
    w.check(CODE, None, {**FEW, "min_uptime_days": {"value": 0}}, url=None, record="cold-scans", expect="CRITICAL")


def test_a_cold_pool_after_a_restart_is_not_rated_on_counters_since_the_start():
    """Hours after a restart, with no snapshot covering the window, the counters since the start are mostly the
    pool's warm-up reads: a busy server passes the per-day floor in minutes, and was rated CRITICAL for them.
    Under a day of uptime the cumulative basis is not rated (MySQLTuner asks 24 h); a window row still is."""
    from checks.judges import JudgeContext
    from checks.registry import levels_of
    from tests.live import REG

    levels = levels_of(REG.effective_thresholds(CODE, []))
    judge = REG.get(CODE).spec.judge
    cold = {"read_requests": 50_000_000, "disk_reads": 4_000_000, "buffer_pool_size": 8 << 30,
            "counters_since": "2026-12-01T06:00:00", "days_since": 0.1}  # 2.4 h after the start, 92 %
    v = judge([cold], levels, JudgeContext(engine="mysql"))
    assert v.outcome is Outcome.SKIPPED and v.message == "too_young", v
    assert judge([{**cold, "days_since": 1.5}], levels, JudgeContext(engine="mysql")).outcome is Outcome.CRITICAL
    window_row = {**cold, "window_coverage_pct": 100.0}  # 2.4 h of snapshots: the window's own figure
    assert judge([window_row], levels, JudgeContext(engine="mysql")).outcome is Outcome.CRITICAL
