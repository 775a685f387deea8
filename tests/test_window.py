"""The sampling window (flows/window.py), without Prefect or a database."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.window import MAX_WINDOW_DAYS, WindowError, check_window, resolve_window

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)


def test_scheduled_window_ends_exactly_at_the_scheduled_time():
    sst = dt.datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # a run two hours late
    assert resolve_window(None, None, 3, sst, now=NOW) == (sst - dt.timedelta(days=3), sst)
    early = NOW + dt.timedelta(seconds=5)  # a worker started it a moment before its time
    assert resolve_window(None, None, 1, early, now=NOW) == (early - dt.timedelta(days=1), early)


def test_explicit_start_without_end_ends_at_the_scheduled_time():
    """The flow's documented default for window_end: the scheduled start, not when the run started."""
    sst = NOW - dt.timedelta(minutes=10)
    start = dt.datetime(2026, 11, 20, tzinfo=UTC)
    assert resolve_window(start, None, None, sst, now=NOW) == (start, sst)
    assert resolve_window(None, None, None, None, now=NOW)[1] == NOW


def test_an_immediate_window_ends_at_or_before_now():
    start = NOW - dt.timedelta(days=1)
    assert check_window(start, NOW, now=NOW) == (start, NOW)
    with pytest.raises(WindowError, match="ends in the future"):
        check_window(start, NOW + dt.timedelta(seconds=30), now=NOW)
    with pytest.raises(WindowError, match="ends in the future"):
        resolve_window(start, NOW + dt.timedelta(seconds=30), None, NOW, now=NOW)


@pytest.mark.parametrize("days", [float("inf"), float("nan"), MAX_WINDOW_DAYS + 1, 1e9])
def test_window_days_that_cannot_make_a_window_are_user_errors(days):
    with pytest.raises(WindowError, match="window_days"):
        resolve_window(None, None, days, NOW, now=NOW)


def test_daily_windows_tile_across_a_dst_change():
    """Calendar days in the plan's zone: consecutive daily windows neither gap nor overlap."""
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")  # DST ended 2026-11-01 02:00 local
    runs = [dt.datetime(2026, 10, d, 8, 0, tzinfo=ny) for d in (31,)] + [dt.datetime(2026, 11, d, 8, 0, tzinfo=ny) for d in (1, 2)]
    now = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
    windows = [resolve_window(None, None, 1, r, now=now, timezone="America/New_York") for r in runs]
    for (s1, e1), (s2, e2) in zip(windows, windows[1:]):
        assert e1 == s2  # tiles: the next window starts where the last ended
    assert windows[1][1] - windows[1][0] == dt.timedelta(hours=25)  # the fall-back day is 25 hours long
    # without a zone a day is 24 hours, and the fall-back day's extra hour is not inspected
    plain = [resolve_window(None, None, 1, r, now=now) for r in runs]
    assert plain[0][1] != plain[1][0]
    with pytest.raises(WindowError, match="unknown timezone"):
        resolve_window(None, None, 1, runs[0], now=now, timezone="Mars/Base")
