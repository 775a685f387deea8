"""The judge shapes of checks/judges.py on rows made for the purpose (no database needed).

Real checks are judged from recorded rows in their own folders (tests/test_check_fixtures.py);
these tests pin the shapes themselves: classification boundaries, direction, ordering, and the
declarative expected-setting judge.
"""

from __future__ import annotations

import pytest

from checks.judges import Expect, JudgeContext, Levels, each_row, expected_settings, rows_judge
from dbpatrol.results import Outcome


@pytest.mark.parametrize("value,outcome", [(None, "OK"), (79.9, "OK"), (80, "WARNING"), (89.99, "WARNING"),
                                           (90, "CRITICAL"), (1e9, "CRITICAL")])
def test_levels_above_fire_at_the_limit(value, outcome):
    assert Levels(80, 90).classify(value) is Outcome(outcome)


@pytest.mark.parametrize("value,outcome", [(7.1, "OK"), (7, "WARNING"), (1.5, "WARNING"), (1, "CRITICAL"), (0, "CRITICAL")])
def test_levels_below_fire_at_the_limit(value, outcome):
    assert Levels(7, 1, "below").classify(value) is Outcome(outcome)


def test_levels_with_a_level_switched_off():
    assert Levels(None, 90).classify(85) is Outcome.OK
    assert Levels(80, None).classify(1e12) is Outcome.WARNING


def test_each_row_orders_worst_first_in_the_threshold_direction():
    rows = [{"k": "a", "v": 5}, {"k": "b", "v": 1}, {"k": "c", "v": 3}]
    above = each_row("v", "t")(rows, {"t": Levels(2, 4)}, JudgeContext("postgresql", object_key=("k",)))
    assert [r["k"] for r in above.evidence] == ["a", "c"] and above.outcome is Outcome.CRITICAL
    assert above.objects == {"a": Outcome.CRITICAL, "b": Outcome.OK, "c": Outcome.WARNING}
    below = each_row("v", "t")(rows, {"t": Levels(3, 1, "below")}, JudgeContext("postgresql"))
    assert [r["k"] for r in below.evidence] == ["b", "c"] and below.outcome is Outcome.CRITICAL
    assert below.params["value"] == 1 and below.objects is None


def test_rows_judge_count_threshold_and_worst_row():
    rows = [{"id": i, "age": a} for i, a in enumerate([10, 700, 70])]
    v = rows_judge([("age", "age")], count_threshold="n")(rows, {"age": Levels(60, 600), "n": Levels(5, 10)},
                                                          JudgeContext("mysql"))
    assert v.outcome is Outcome.CRITICAL and v.params["id"] == 1 and v.params["count"] == 2 and v.total == 2
    many = [{"id": i, "age": 1} for i in range(12)]
    v = rows_judge([("age", "age")], count_threshold="n", count_problem="count")(
        many, {"age": Levels(60, 600), "n": Levels(5, 10)}, JudgeContext("mysql"))
    assert v.outcome is Outcome.CRITICAL and v.message == "count"


DURABILITY = expected_settings(
    Expect("innodb_flush_log_at_trx_commit", allowed="flush_mysql", engines=("mysql",), message="relaxed"),
    Expect("innodb_flush_log_at_trx_commit", allowed="flush_mariadb", engines=("mariadb",), message="relaxed"),
    Expect("sync_binlog", allowed="sync", when=(("log_bin", ("1", "on")),), message="relaxed"),
    Expect("max_connections", min="conn_min", severity=Outcome.CRITICAL, min_version="10.5", message="few"),
)
TH = {"flush_mysql": Levels(None, None, value=["1"]), "flush_mariadb": Levels(None, None, value=["1", "3"]),
      "sync": Levels(None, None, value=["1"]), "conn_min": Levels(None, None, value=100)}


def settings(**kv):
    return [{"name": k, "setting": str(v)} for k, v in kv.items()]


def test_expected_settings_per_engine():
    rows = settings(innodb_flush_log_at_trx_commit=3, log_bin=0, sync_binlog=0, max_connections=151)
    assert DURABILITY(rows, TH, JudgeContext("mariadb", "10.11.9")).outcome is Outcome.OK
    v = DURABILITY(rows, TH, JudgeContext("mysql", "8.0.36", object_key=("name",)))
    assert v.outcome is Outcome.WARNING and v.message == "relaxed"
    assert v.params["name"] == "innodb_flush_log_at_trx_commit" and v.params["expected"] == "1"
    assert v.objects == {"innodb_flush_log_at_trx_commit": Outcome.WARNING}


def test_expected_settings_conditions_versions_and_bounds():
    ctx = JudgeContext("mariadb", "10.11.9")
    with_binlog = settings(innodb_flush_log_at_trx_commit=1, log_bin=1, sync_binlog=0, max_connections=151)
    v = DURABILITY(with_binlog, TH, ctx)
    assert v.outcome is Outcome.WARNING and v.params["name"] == "sync_binlog"
    few = settings(innodb_flush_log_at_trx_commit=1, log_bin=0, sync_binlog=0, max_connections=50)
    v = DURABILITY(few, TH, ctx)
    assert v.outcome is Outcome.CRITICAL and v.message == "few" and v.params["expected"] == "≥ 100"
    assert DURABILITY(few, TH, JudgeContext("mariadb", "10.4.30")).outcome is Outcome.OK  # rule from 10.5 on
    overridden = {**TH, "conn_min": Levels(None, None, value=40)}
    assert DURABILITY(few, overridden, ctx).outcome is Outcome.OK


def test_expected_settings_declares_the_thresholds_it_reads():
    assert DURABILITY.uses == {"flush_mysql", "flush_mariadb", "sync", "conn_min"}


def test_times_in_messages_are_to_the_second_with_their_zone():
    import datetime as dt

    from dbpatrol.results import Text

    cst = dt.timezone(dt.timedelta(hours=8))
    msg = Text(en="since {a}, {b}, {c}", zh="自 {a}").format(
        a=dt.datetime(2026, 12, 1, 18, 18, 55, 757836, tzinfo=cst), b="2026-12-01 10:18:55.145714+00:00",
        c="2026-12-01T10:19:21")
    assert msg.en == "since 2026-12-01 10:18:55 UTC, 2026-12-01 10:18:55 UTC, 2026-12-01 10:19:21"
    assert msg.zh == "自 2026-12-01 10:18:55 UTC"


@pytest.mark.parametrize("code", ["PRF001", "PRF040"])
def test_top_sql_slow_needs_min_calls_and_the_share_needs_the_floor(code):
    """checks/performance/_topsql, the rating PRF001 and PRF040 share: slow only from min_calls calls on,
    and (PRF040) no share rated below min_total_time_s of statement time in all."""
    from checks import registry
    from checks.registry import levels_of

    reg = registry.load()
    th = levels_of(reg.effective_thresholds(code, []))
    th.update(mean_time_ms=Levels(20, 100), min_calls=Levels(None, None, value=100),
              time_share_pct=Levels(30, 60))
    if code == "PRF040":
        th["min_total_time_s"] = Levels(None, None, value=10)

    def row(name, rank, calls, mean, pct, total_all_ms):
        return {"statement": name, "rank": rank, "query": f"SELECT {name}", "calls": calls, "mean_time_ms": mean,
                "total_time_ms": calls * mean, "time_pct": pct, "database": "d", "username": "u", "schema_name": "s",
                "statements": 2, "total_time_all_ms": total_all_ms, "basis": "window"}

    judge = reg.get(code).spec.judge
    few = judge([row("a", 1, 99, 50.0, 10.0, 60_000), row("b", 2, 100, 50.0, 10.0, 60_000)], th, None)
    assert few.objects == {"a": Outcome.OK, "b": Outcome.WARNING}, few.objects
    share = judge([row("a", 1, 5, 1.0, 70.0, 5_000)], th, None)  # 5 s in all: under PRF040's 10 s floor
    assert share.objects == {"a": Outcome.OK if code == "PRF040" else Outcome.CRITICAL}, share.objects


def test_the_covered_time_guard_at_zero_never_skips():
    """PRF010/012/014/015's min_covered_h: at 0 the guard is off, even when the rows cover no measurable
    interval (two snapshots in the same instant on a fast machine: days_since rounds to 0); the check's own
    message then speaks. At 1 h such rows are "too little time covered"."""
    from checks.judges import Levels
    from checks.performance._pg import too_short

    rows = [{"days_since": 0, "counters_since": None}]
    assert too_short(rows, {"min_covered_h": Levels(None, None, value=0)}) is None
    assert too_short(rows, {"min_covered_h": Levels(None, None, value=1)}).message == "short"
    assert too_short([{"days_since": 0.5}], {"min_covered_h": Levels(None, None, value=1)}) is None
