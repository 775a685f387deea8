"""The sampling window an inspection evaluates.

- Immediate inspection: any interval ``[start, end]`` with ``start < end <= now``.
- Scheduled (and ad-hoc deployment) runs: ``[scheduled_time - window_days, scheduled_time]``
  where scheduled_time is the flow run's *scheduled* start, so a late or retried run reads the
  interval it was meant to read.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dbpatrol.errors import UserError

# Scheduled runs only: a worker may start a run a moment before its scheduled time (prefetch,
# clock skew), and its window still ends exactly at that scheduled time. A window a person gives
# (immediate inspection) must end at or before now: no tolerance.
# Each tier's default window length (days), used by the tier flows and by plans.
DEFAULT_WINDOW_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "semiannual": 182, "annual": 365}

FUTURE_TOLERANCE = dt.timedelta(seconds=60)
# The longest window: about a century. Longer ones cannot be represented (datetime's year 1)
# and mean nothing for an inspection.
MAX_WINDOW_DAYS = 36600
# The shortest: a minute. Shorter windows (window_days 0.0000001 is 8.6 ms) hold no snapshot, no log
# line worth a finding, and are a typo.
MIN_WINDOW = dt.timedelta(minutes=1)
MIN_WINDOW_DAYS = MIN_WINDOW / dt.timedelta(days=1)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class WindowError(UserError):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def aware(value: dt.datetime | str, name: str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise WindowError(f"{name}: {value!r} is not an ISO 8601 date/time (e.g. 2026-11-20T08:00:00+08:00)") from None
    if value.tzinfo is None:
        raise WindowError(f"{name}: give a timezone offset (e.g. +08:00 or Z); {value.isoformat()} is ambiguous")
    # a plain datetime in UTC (Prefect hands out pendulum subclasses, which do odd arithmetic)
    try:
        v = value.astimezone(dt.timezone.utc)
    except OverflowError:
        raise WindowError(f"{name}: {value.isoformat()} is out of range") from None
    return dt.datetime(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=dt.timezone.utc)


def parse_duration(text: str) -> dt.timedelta:
    m = _DURATION.match(text or "")
    if not m:
        raise WindowError(f"--last {text!r}: expected a number and a unit m/h/d/w, e.g. 3d or 12h")
    amount = float(m[1])
    if amount <= 0:
        raise WindowError(f"--last {text!r}: must be longer than zero")
    delta_days = amount * {"m": 1 / 1440, "h": 1 / 24, "d": 1, "w": 7}[m[2]]
    if delta_days > MAX_WINDOW_DAYS:
        raise WindowError(f"--last {text!r}: at most {MAX_WINDOW_DAYS} days")
    return dt.timedelta(**{_UNITS[m[2]]: amount})


def check_window(start: dt.datetime, end: dt.datetime, now: dt.datetime | None = None,
                 tolerance: dt.timedelta = dt.timedelta(0)) -> tuple[dt.datetime, dt.datetime]:
    """A window that ends at or before now (``now + tolerance``: scheduled runs only)."""
    now = now or utcnow()
    start, end = aware(start, "window start"), aware(end, "window end")
    if start >= end:
        raise WindowError(f"the window starts ({start.isoformat()}) at or after its end ({end.isoformat()})")
    if end - start < MIN_WINDOW:
        raise WindowError(f"the window {start.isoformat()} → {end.isoformat()} is shorter than a minute")
    if end > now + tolerance:
        raise WindowError(f"the window ends in the future ({end.isoformat()}); an inspection reads the past")
    return start, end


def resolve_window(
    window_start: dt.datetime | str | None,
    window_end: dt.datetime | str | None,
    window_days: float | None,
    scheduled_time: dt.datetime | None,
    now: dt.datetime | None = None,
    timezone: str | None = None,
) -> tuple[dt.datetime, dt.datetime]:
    """Explicit start/end win; otherwise the window ends at the scheduled time and spans window_days.

    With ``timezone``, window_days are calendar days on that zone's wall clock, so a daily plan's
    consecutive windows tile exactly across a DST change (23 or 25 hours that day); without it,
    a day is 24 hours.
    """
    now = now or utcnow()
    scheduled = aware(scheduled_time, "scheduled time") if scheduled_time else None
    if window_start is not None or window_end is not None:
        if window_end is None:  # the scheduled time (a late run reads its own interval), never the future
            window_end = scheduled if scheduled and scheduled <= now else now
        if window_start is None:
            window_start = _minus_days(aware(window_end, "window end"), window_days, timezone)
        return check_window(aware(window_start, "window start"), aware(window_end, "window end"), now)
    end = scheduled or now
    if end > now + FUTURE_TOLERANCE:  # a run started long before its time reads up to now, never the future
        end = now
    return check_window(_minus_days(end, window_days, timezone), end, now, tolerance=FUTURE_TOLERANCE)


def _days(window_days: float | None) -> float:
    days = 1.0 if window_days is None else float(window_days)
    if not days > 0:
        raise WindowError(f"window_days must be greater than zero, not {window_days}")
    if days < MIN_WINDOW_DAYS:
        raise WindowError(f"window_days must be at least a minute ({MIN_WINDOW_DAYS:.6f}), not {window_days:g}")
    if days > MAX_WINDOW_DAYS:
        raise WindowError(f"window_days must be at most {MAX_WINDOW_DAYS}, not {window_days:g}")
    return days


def _minus_days(end: dt.datetime, window_days: float | None, timezone: str | None = None) -> dt.datetime:
    try:
        if timezone:
            try:
                zone = ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise WindowError(f"unknown timezone {timezone!r}") from None
            # aware arithmetic in one zone is wall-clock arithmetic: 08:00 minus a day is 08:00
            return aware(end.astimezone(zone) - dt.timedelta(days=_days(window_days)), "window start")
        return end - dt.timedelta(days=_days(window_days))
    except OverflowError:
        raise WindowError(f"a window of {_days(window_days):g} days before {end.isoformat()} starts before year 1") from None
