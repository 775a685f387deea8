"""One convention for every time dbpatrol shows (issue 14 item 18): in the report's zone, to the
second, with the zone's label, never microseconds — "2026-12-01 21:33:40 CST".

The report's zone is the run's ``timezone`` (a plan's, or ``inspect --timezone``), else
settings.timezone (DBPATROL_TIMEZONE), else UTC. Times are stored and compared in UTC everywhere;
only what is shown is converted.

Check messages are written while the checks run, before any report exists, so the zone they are
written in travels with the session (``message_zone``): the runner sets it to the run's zone, and
every ``{placeholder}`` holding a time (dbpatrol.results.Text.format) is written in it. Outside a run
(tests, a check called by hand) messages are in UTC, labelled so.

Schedules (cron is minute-granular) are shown to the minute, with the label: ``fmt_minute``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import zoneinfo
from collections.abc import Iterator

UTC = dt.timezone.utc

_MESSAGE_ZONE: contextvars.ContextVar[dt.tzinfo] = contextvars.ContextVar("dbpatrol_message_zone", default=UTC)


def zone(name: str | None) -> dt.tzinfo:
    """``name`` as a zone; None or "": settings.timezone; unknown: UTC (a bad setting must not stop a
    report from rendering — settings and plans validate the name where it is given)."""
    if not name:
        try:
            from dbpatrol.settings import load_settings

            name = load_settings().timezone
        except Exception:  # noqa: BLE001 - a bad settings file must not stop a report
            name = "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def fmt(value: dt.datetime | None, where: dt.tzinfo) -> str:
    """``value`` (naive = UTC) in ``where``, to the second, with the zone's label."""
    if value is None:
        return ""
    local = _aware(value).astimezone(where)
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.tzname() or "")


def fmt_minute(value: dt.datetime | None, where: dt.tzinfo, *, year: bool = True) -> str:
    """To the minute, for schedules and narrow tables; ``year=False`` drops the year (this year's)."""
    if value is None:
        return ""
    local = _aware(value).astimezone(where)
    return local.strftime("%Y-%m-%d %H:%M " if year else "%m-%d %H:%M ") + (local.tzname() or "")


@contextlib.contextmanager
def message_zone(where: dt.tzinfo | None) -> Iterator[None]:
    """Check messages written inside this block show times in ``where`` (None: leave as it is)."""
    if where is None:
        yield
        return
    token = _MESSAGE_ZONE.set(where)
    try:
        yield
    finally:
        _MESSAGE_ZONE.reset(token)


def current_message_zone() -> dt.tzinfo:
    return _MESSAGE_ZONE.get()


def message_time(value: dt.datetime | str | None) -> str:
    """A time inside a check message: in the run's zone (``message_zone``), to the second, labelled.
    A naive datetime or ISO text without an offset is UTC (how rows and the store carry times);
    text that is not a time is returned as it is, None as "?"."""
    if value is None or value == "":
        return "?"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return str(value)
    return fmt(value, _MESSAGE_ZONE.get())
