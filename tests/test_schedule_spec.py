"""Schedule spec → cron: exhaustive and property tests, with fire times computed by the very code
Prefect's scheduler runs (prefect.server.schemas.schedules.CronSchedule, via next_fire_times).

The oracle here is independent of to_crons: for every calendar day it says whether the spec fires
that day (with the month-end clamp), and the cron lines must produce exactly those wall-clock times.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deployments.schedule import (MAX_DAYS, WEEKDAYS, Schedule, ScheduleError, next_fire_times, parse,
                                  second_month, to_crons, validate_timezone)

UTC = dt.timezone.utc


@functools.cache  # the oracle asks it for every day of eight years, for each of 366 specs
def month_len(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def fires_on(s: Schedule, d: dt.date) -> bool:
    """The oracle: does spec s fire on calendar day d (in its timezone)?"""
    n = month_len(d.year, d.month)
    if s.kind == "daily":
        return True
    if s.kind == "weekly":
        return d.weekday() == s.weekday
    if s.kind == "monthly":
        return d.day == (n if s.day == "last" else min(s.day, n))
    if s.kind == "semiannual":
        return d.month in (s.month, second_month(s.month)) and d.day == min(s.day, n)
    if s.kind == "annual":
        return d.month == s.month and d.day == min(s.day, n)
    raise AssertionError(s.kind)


def expected(s: Schedule, tz: str, start: dt.date, end: dt.date) -> list[dt.datetime]:
    zone = zoneinfo.ZoneInfo(tz)
    out, d = [], start
    while d < end:
        if fires_on(s, d):
            out.append(dt.datetime(d.year, d.month, d.day, s.hour, s.minute, tzinfo=zone))
        d += dt.timedelta(days=1)
    return out


def actual(s: Schedule, tz: str, start: dt.date, end: dt.date, n: int | None = None) -> list[dt.datetime]:
    zone = zoneinfo.ZoneInfo(tz)
    after = dt.datetime(start.year, start.month, start.day, tzinfo=zone)
    stop = dt.datetime(end.year, end.month, end.day, tzinfo=zone)
    times = next_fire_times(to_crons(s), tz, n or len(expected(s, tz, start, end)) + 2, after)
    return [t for t in times if t < stop]


def assert_same(s: Schedule, tz: str, start: dt.date, end: dt.date) -> None:
    exp, act = expected(s, tz, start, end), actual(s, tz, start, end)
    assert [t.isoformat() for t in act] == [t.isoformat() for t in exp], (s.spec, to_crons(s))


# ----- every weekday ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WEEKDAYS + tuple(w[:3] for w in WEEKDAYS) + tuple(w.upper() for w in WEEKDAYS))
def test_every_weekday_fires_on_that_weekday_only(name):
    s = parse(f"weekly on {name} at 08:00")
    assert s.weekday == WEEKDAYS.index(next(w for w in WEEKDAYS if w.startswith(name.lower()[:3])))
    assert_same(s, "Asia/Shanghai", dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    assert len(to_crons(s)) == 1


def test_weekly_wednesday_0800_shanghai_is_midnight_utc():
    s = parse("weekly on wednesday at 08:00")
    assert to_crons(s) == ["0 8 * * 3"]
    times = next_fire_times(to_crons(s), "Asia/Shanghai", 3, dt.datetime(2026, 11, 27, tzinfo=UTC))
    assert [t.astimezone(UTC).isoformat() for t in times] == [
        "2026-12-02T00:00:00+00:00", "2026-12-09T00:00:00+00:00", "2026-12-16T00:00:00+00:00"]


# ----- month ends, `last`, leap years ------------------------------------------------------------------


@pytest.mark.parametrize("day", list(range(1, 32)) + ["last"])
def test_monthly_every_day_never_skips_a_month(day):
    s = parse(f"monthly on {day} at 06:30")
    start, end = dt.date(2027, 1, 1), dt.date(2029, 1, 1)  # 2028 is a leap year
    assert_same(s, "Asia/Shanghai", start, end)
    assert len(actual(s, "Asia/Shanghai", start, end)) == 24


def test_monthly_31_is_last_day_and_30_clamps_february():
    assert to_crons(parse("monthly on 31 at 08:00")) == ["0 8 L * *"]
    assert to_crons(parse("monthly on last at 08:00")) == ["0 8 L * *"]
    assert to_crons(parse("monthly on 30 at 08:00")) == ["0 8 30 1,3-12 *", "0 8 L 2 *"]
    assert to_crons(parse("monthly on 28 at 08:00")) == ["0 8 28 * *"]
    feb = [t for t in actual(parse("monthly on 31 at 08:00"), "UTC", dt.date(2027, 1, 1), dt.date(2029, 1, 1))
           if t.month in (2, 4)]
    assert [t.date().isoformat() for t in feb] == ["2027-02-28", "2027-04-30", "2028-02-29", "2028-04-30"]


def test_annual_on_feb_29_fires_every_year():
    s = parse("annual on 02-29 at 08:00")
    assert to_crons(s) == ["0 8 L 2 *"]
    got = actual(s, "Asia/Shanghai", dt.date(2027, 1, 1), dt.date(2033, 1, 1))
    assert [t.date().isoformat() for t in got] == [
        "2027-02-28", "2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]


def _all_month_days():
    return [(m, d) for m in range(1, 13) for d in range(1, MAX_DAYS[m] + 1)]


@pytest.mark.parametrize("kind", ["annual", "semiannual"])
def test_every_calendar_date(kind):
    """All 366 MM-DD values, over eight years (two leap years), in Asia/Shanghai."""
    for m, d in _all_month_days():
        s = parse(f"{kind} on {m:02d}-{d:02d} at 02:15")
        start, end = dt.date(2027, 1, 1), dt.date(2035, 1, 1)
        want = expected(s, "Asia/Shanghai", start, end)
        got = actual(s, "Asia/Shanghai", start, end, n=len(want) + 2)  # the count actual() would compute
        assert got == want, (s.spec, to_crons(s))
        assert len(got) == (8 if kind == "annual" else 16)
        assert 1 <= len(to_crons(s)) <= 2


def test_semiannual_is_six_months_apart_and_08_31_means_last_of_february():
    s = parse("semiannual on 08-31 at 02:00")
    assert to_crons(s) == ["0 2 L 2,8 *"]
    got = actual(s, "UTC", dt.date(2027, 1, 1), dt.date(2029, 1, 1))
    assert [t.date().isoformat() for t in got] == ["2027-02-28", "2027-08-31", "2028-02-29", "2028-08-31"]
    assert to_crons(parse("semiannual on 01-15 at 02:00")) == ["0 2 15 1,7 *"]
    assert to_crons(parse("semiannual on 11-15 at 02:00")) == ["0 2 15 5,11 *"]
    assert "last day of Feb and 31 Aug" in s.words()


# ----- DST and timezones -------------------------------------------------------------------------------


def _local(times, tz):
    return [t.astimezone(zoneinfo.ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z") for t in times]


def test_dst_new_york_daily_0800_keeps_local_time_across_both_transitions():
    s = parse("daily at 08:00")
    got = next_fire_times(to_crons(s), "America/New_York", 4, dt.datetime(2027, 3, 12, tzinfo=UTC))
    assert _local(got, "America/New_York") == [
        "2027-03-12 08:00 EST", "2027-03-13 08:00 EST", "2027-03-14 08:00 EDT", "2027-03-15 08:00 EDT"]
    assert [t.astimezone(UTC).hour for t in got] == [13, 13, 12, 12]
    got = next_fire_times(to_crons(s), "America/New_York", 3, dt.datetime(2027, 11, 6, tzinfo=UTC))
    assert _local(got, "America/New_York") == ["2027-11-06 08:00 EDT", "2027-11-07 08:00 EST", "2027-11-08 08:00 EST"]


def test_dst_gap_and_fold_new_york():
    """02:30 does not exist on 2027-03-14: that day it fires at 03:30 EDT. 01:30 happens twice
    on 2027-11-07: it fires once, at the first (EDT) occurrence."""
    got = next_fire_times(to_crons(parse("daily at 02:30")), "America/New_York", 3,
                          dt.datetime(2027, 3, 13, tzinfo=UTC))
    assert _local(got, "America/New_York") == ["2027-03-13 02:30 EST", "2027-03-14 03:30 EDT", "2027-03-15 02:30 EDT"]
    got = next_fire_times(to_crons(parse("daily at 01:30")), "America/New_York", 3,
                          dt.datetime(2027, 11, 6, tzinfo=UTC))
    assert _local(got, "America/New_York") == ["2027-11-06 01:30 EDT", "2027-11-07 01:30 EDT", "2027-11-08 01:30 EST"]


def test_dst_berlin_weekly_sunday_across_october_change():
    got = next_fire_times(to_crons(parse("weekly on sunday at 02:30")), "Europe/Berlin", 3,
                          dt.datetime(2027, 10, 20, tzinfo=UTC))
    # 2027-10-31 is the fall-back Sunday: 02:30 happens twice, fires once (CEST, the first)
    assert _local(got, "Europe/Berlin") == ["2027-10-24 02:30 CEST", "2027-10-31 02:30 CEST", "2027-11-07 02:30 CET"]


def test_shanghai_has_no_dst():
    got = next_fire_times(to_crons(parse("monthly on last at 23:00")), "Asia/Shanghai", 12,
                          dt.datetime(2027, 1, 1, tzinfo=UTC))
    assert {t.astimezone(UTC).hour for t in got} == {15}


# ----- seconds, bad input ---------------------------------------------------------------------------------


def test_seconds_only_when_zero():
    assert parse("daily at 08:00:00") == parse("daily at 08:00")
    with pytest.raises(ScheduleError, match="seconds must be :00"):
        parse("daily at 08:00:30")
    with pytest.raises(ScheduleError, match="no seconds"):
        parse('cron "0 0 8 * * *"')


@pytest.mark.parametrize("text,why", [
    ("hourly at 08:00", "unknown kind"),
    ("weekly on funday at 08:00", "not a weekday"),
    ("weekly at 08:00", "expected e.g."),
    ("daily at 24:00", "not a time of day"),
    ("daily at 07:60", "not a time of day"),
    ("daily at 8am", "HH:MM"),
    ("monthly on 0 at 08:00", "day 0 does not exist"),
    ("monthly on 32 at 08:00", "day 32 does not exist"),
    ("monthly on first at 08:00", "1..31 or last"),
    ("semiannual on 02-30 at 08:00", "Feb has no day 30"),
    ("annual on 04-31 at 08:00", "Apr has no day 31"),
    ("annual on 13-01 at 08:00", "month 13"),
    ("annual on 00-10 at 08:00", "month 00"),
    ('cron "61 * * * *"', "not a valid cron"),
    ('cron "0 0 30 2 *"', "never fires"),
    ('cron "* * *"', "five fields"),
    ("", "empty schedule"),
])
def test_bad_specs(text, why):
    with pytest.raises(ScheduleError, match=why):
        parse(text)


def test_timezones():
    assert validate_timezone("Asia/Shanghai") == "Asia/Shanghai"
    for bad in ("Mars/Olympus", "", "CST+8"):
        with pytest.raises(ScheduleError):
            validate_timezone(bad)


def test_expert_cron_passes_through():
    s = parse("cron '*/15 8-18 * * 1-5'")
    assert to_crons(s) == ["*/15 8-18 * * 1-5"] and s.spec == 'cron "*/15 8-18 * * 1-5"'


# ----- properties -------------------------------------------------------------------------------------------

times = st.tuples(st.integers(0, 23), st.integers(0, 59))
month_days = st.sampled_from(_all_month_days())
specs = st.one_of(
    times.map(lambda t: f"daily at {t[0]:02d}:{t[1]:02d}"),
    st.tuples(st.sampled_from(WEEKDAYS), times).map(lambda a: f"weekly on {a[0]} at {a[1][0]}:{a[1][1]:02d}"),
    st.tuples(st.one_of(st.integers(1, 31), st.just("last")), times).map(
        lambda a: f"monthly on {a[0]} at {a[1][0]:02d}:{a[1][1]:02d}"),
    st.tuples(st.sampled_from(["semiannual", "annual"]), month_days, times).map(
        lambda a: f"{a[0]} on {a[1][0]:02d}-{a[1][1]:02d} at {a[2][0]:02d}:{a[2][1]:02d}"),
)


@settings(max_examples=150, deadline=None)
@given(specs, st.sampled_from(["Asia/Shanghai", "UTC", "Asia/Kolkata"]), st.integers(2026, 2031))
def test_property_crons_fire_exactly_when_the_words_say(text, tz, year):
    s = parse(text)
    assert parse(s.spec) == s  # the canonical text round-trips
    crons = to_crons(s)
    assert 1 <= len(crons) <= 2 and all(len(c.split()) == 5 for c in crons)
    span = {"daily": 20, "weekly": 60, "monthly": 400}.get(s.kind, 3 * 366)
    start = dt.date(year, 1, 1) + dt.timedelta(days=(year * 37) % 300)
    assert_same(s, tz, start, start + dt.timedelta(days=span))


@settings(max_examples=60, deadline=None)
@given(specs)
def test_property_dst_zone_keeps_wall_clock_time(text):
    """In Europe/Berlin every fire time shows the spec's wall-clock time, except a time inside the
    spring-forward gap (02:00-02:59 on the last Sunday of March), which fires an hour later."""
    s = parse(text)
    got = next_fire_times(to_crons(s), "Europe/Berlin", 40, dt.datetime(2027, 1, 1, tzinfo=UTC))
    assert got
    for t in got:
        local = t.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
        if (local.hour, local.minute) != (s.hour, s.minute):
            assert s.hour == 2 and local.hour == 3 and local.month == 3 and local.weekday() == 6, local
        assert fires_on(s, local.date())
