"""PRF030 over a planted window on the private mariadbd (checks/performance/conftest.py): 40 GROUP BYs on a
TEXT column (on-disk temporary tables) and 10 in memory between two snapshots, 25 on disk before them. The
window counts the 40 and 10, not the 25, and none of the sampler's own (mysql-perf-review S1: its session's counters are
subtracted; the test's own SHOW GLOBAL STATUS between snapshots is an application statement here)."""

from __future__ import annotations

from checks.performance._mycounters.live import INSIDE, INSTANCE
from dbpatrol.results import Outcome

CODE = "PRF030"
FEW = {"min_tmp_tables_per_day": {"value": 10}}


def test_window_counts_the_planted_disk_tables_only(my_perf_window):
    w = my_perf_window
    before = w.check(CODE, win=w.before, overrides=FEW)
    inside = w.check(CODE, win=w.planted, overrides=FEW)
    b, i = before.evidence[0], inside.evidence[0]
    assert before.basis == inside.basis == "window"
    # the sampler's own per snapshot (a disk table from reading SYSTEM_VARIABLES) is taken out: none over the empty
    # interval, though the server counted it
    assert b["tmp_disk_tables"] == 0 < w.noise("created_tmp_disk_tables"), (b, w.noise("created_tmp_disk_tables"))
    assert i["tmp_disk_tables"] == INSIDE["tmp_disk"], (i, b)
    assert i["tmp_tables"] == INSIDE["tmp_disk"] + INSIDE["tmp_memory"] + b["tmp_tables"], (i, b)
    assert i["tmp_disk_tables"] < w.delta("created_tmp_disk_tables")  # the server's count holds the snapshot's own
    assert i["tmp_disk_pct"] == round(100 * i["tmp_disk_tables"] / i["tmp_tables"], 2) and i["tmp_disk_pct"] > 50
    assert inside.outcome is Outcome.CRITICAL, inside.message.en
    assert "of internal temporary tables went to disk in the window" in inside.message.en, inside.message.en
    assert "窗口内" in inside.message.zh
    assert before.outcome is Outcome.SKIPPED and "too little activity" in before.message.en, before.message.en


def test_default_floor_does_not_rate_a_quiet_window_and_cumulative_says_since_start(my_perf_window):
    w = my_perf_window
    quiet = w.check(CODE, win=w.planted)
    assert quiet.outcome is Outcome.SKIPPED and "fewer than 1,000 internal temporary tables a day in the window" in quiet.message.en, quiet.message.en
    since_start = w.check(CODE, None, FEW, url=None, record="disk-heavy", expect="CRITICAL")
    row = since_start.evidence[0]
    assert since_start.basis == "cumulative" and "since the server start" in since_start.message.en
    # the 25 planted before the window are in the counters since the start
    assert row["tmp_disk_tables"] >= INSIDE["tmp_disk"] + 25


def test_mysql_temptable_finding_names_the_limits_that_apply():
    """MySQL 8's internal temporary tables are TempTable's: the finding names tmp_table_size and temptable_max_ram,
    not max_heap_table_size (the MEMORY engine's, which caps nothing there); MariaDB's names the pair it has."""
    from checks.judges import JudgeContext
    from checks.registry import levels_of
    from tests.live import REG

    spec = REG.get(CODE).spec
    levels = levels_of(REG.effective_thresholds(CODE, []))
    row = {"tmp_tables": 600000, "tmp_disk_tables": 200000, "tmp_table_size": 16777216, "max_heap_table_size": 16777216,
           "tmp_mem_engine": "TempTable", "temptable_max_ram": 1073741824, "counters_since": "2026-10-01T08:00:00",
           "days_since": 61.0}
    v = spec.judge([row], levels, JudgeContext(engine="mysql"))
    text = spec.messages[v.message].format(**v.params, basis="")
    assert v.outcome is Outcome.WARNING and "temptable_max_ram 1,073,741,824" in text.en and "max_heap" not in text.en, text
    assert "temptable_max_ram" in text.zh
    v = spec.judge([{**row, "tmp_mem_engine": None, "temptable_max_ram": None}], levels, JudgeContext(engine="mariadb"))
    assert v.message == "problem" and "max_heap_table_size" in spec.messages[v.message].en
