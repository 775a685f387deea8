"""The sampling window an inspection evaluates.

- Immediate inspection: any interval ``[start, end]`` with ``start < end <= now``.
- Scheduled (and ad-hoc deployment) runs: ``[scheduled_time - window_days, scheduled_time]``
  where scheduled_time is the flow run's *scheduled* start, so a late or retried run reads the
  interval it was meant to read.
"""

from __future__ import annotations

import datetime as dt
import re

from dbpatrol.errors import UserError

# A clock-skew allowance: a window "ending now" computed a moment ago is not in the future.
FUTURE_TOLERANCE = dt.timedelta(seconds=60)
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
    v = value.astimezone(dt.timezone.utc)
    return dt.datetime(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, tzinfo=dt.timezone.utc)


def parse_duration(text: str) -> dt.timedelta:
    m = _DURATION.match(text or "")
    if not m:
        raise WindowError(f"--last {text!r}: expected a number and a unit m/h/d/w, e.g. 3d or 12h")
    delta = dt.timedelta(**{_UNITS[m[2]]: float(m[1])})
    if delta <= dt.timedelta(0):
        raise WindowError(f"--last {text!r}: must be longer than zero")
    return delta


def check_window(start: dt.datetime, end: dt.datetime, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    now = now or utcnow()
    start, end = aware(start, "window start"), aware(end, "window end")
    if start >= end:
        raise WindowError(f"the window starts ({start.isoformat()}) at or after its end ({end.isoformat()})")
    if end > now + FUTURE_TOLERANCE:
        raise WindowError(f"the window ends in the future ({end.isoformat()}); an inspection reads the past")
    return start, end


def resolve_window(
    window_start: dt.datetime | str | None,
    window_end: dt.datetime | str | None,
    window_days: float | None,
    scheduled_time: dt.datetime | None,
    now: dt.datetime | None = None,
) -> tuple[dt.datetime, dt.datetime]:
    """Explicit start/end win; otherwise the window ends at the scheduled time and spans window_days."""
    now = now or utcnow()
    if window_start is not None or window_end is not None:
        if window_end is None:
            window_end = now
        if window_start is None:
            window_start = aware(window_end, "window end") - dt.timedelta(days=_days(window_days))
        return check_window(aware(window_start, "window start"), aware(window_end, "window end"), now)
    end = aware(scheduled_time, "scheduled time") if scheduled_time else now
    if end > now + FUTURE_TOLERANCE:  # a run started long before its time reads up to now, never the future
        end = now
    return check_window(end - dt.timedelta(days=_days(window_days)), end, now)


def _days(window_days: float | None) -> float:
    days = 1.0 if window_days is None else float(window_days)
    if days <= 0:
        raise WindowError(f"window_days must be greater than zero, not {window_days}")
    return days
