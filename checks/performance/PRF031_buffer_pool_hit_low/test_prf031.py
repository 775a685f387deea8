"""PRF031 over the planted window (checks/performance/conftest.py): two full scans of an 8 MB table through a
6 MB buffer pool read it from disk each time, so the window's hit ratio falls, while the empty interval before
has (almost) no disk reads."""

from __future__ import annotations

from checks.config._live import check, check_stored
from checks.performance._mycounters.live import INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF031"
FEW = {"min_read_requests_per_day": {"value": 1000}}


def test_window_hit_ratio_is_of_the_planted_scans(my_perf_window):
    w = my_perf_window
    inside = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.planted, overrides=FEW)
    before = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.before, overrides=FEW)
    i, b = inside.evidence[0], before.evidence[0]
    # InnoDB's own background reads (statistics, purge) also count: close to the server's delta, not equal to it
    assert inside.basis == "window" and abs(i["disk_reads"] - w.delta("innodb_buffer_pool_reads")) <= 0.05 * i["disk_reads"], i
    assert abs(i["read_requests"] - w.delta("innodb_buffer_pool_read_requests")) <= 0.05 * i["read_requests"]
    assert i["disk_reads"] >= 2 * 400  # 2 scans of ~500 pages of 16 kB (some read ahead in bigger reads)
    assert b["disk_reads"] < 100, b
    assert i["hit_pct"] < 95 and inside.outcome is Outcome.CRITICAL, inside.message.en
    assert "went to disk" in inside.message.en and "in the window" in inside.message.en
    quiet = check_stored(w.target(CODE), CODE, w.url, INSTANCE, win=w.planted)
    assert quiet.outcome is Outcome.SKIPPED and "too little activity" in quiet.message.en  # under a million a day
    check(w.target(CODE), CODE, FEW, record="cold-scans", expect="CRITICAL")
