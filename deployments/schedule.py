"""Schedule specs: the friendly words a DBA writes, translated to cron in ONE place (``to_crons``).

Grammar (case-insensitive; HH:MM is 24-hour, local wall-clock time in the plan's timezone)::

    daily at HH:MM
    weekly on <monday..sunday | mon..sun> at HH:MM
    monthly on <1..31 | last> at HH:MM
    semiannual on <MM-DD> at HH:MM        (that date and the same day six months later)
    annual on <MM-DD> at HH:MM
    cron "<minute hour day-of-month month day-of-week>"

Decisions (docs/plans.md says the same):

- **Seconds.** Cron has minute resolution. ``HH:MM:SS`` is accepted only when SS is ``00``;
  anything else is an error, never silently rounded. Six-field (seconds) cron is rejected too.
- **Days that some months lack** (29, 30, 31; 02-29; the second half of a semiannual date).
  A plan never silently skips a period: the day is clamped to the month's last day. So
  ``monthly on 31`` fires on the last day of every month (cron ``L``), ``monthly on 30`` on the
  30th, and on Feb 28/29; ``annual on 02-29`` on Feb 29 in leap years and Feb 28 otherwise;
  ``semiannual on 08-31`` on Aug 31 and on the last day of February. Where one cron line cannot
  say that (e.g. ``monthly on 30``: the 30th in eleven months, ``L`` in February) the plan gets
  two cron lines, i.e. two slugged schedules on its one deployment. Experts who want cron's
  own skip semantics write ``cron "0 8 30 * *"``.
- Impossible dates are errors: day 0 or 32, ``02-30``, ``04-31``, ``13-01``.
- DST: Prefect evaluates cron in the plan's timezone on wall-clock times. A time that does not
  exist on the spring-forward day (02:30 in America/New_York) fires one hour later that day
  (03:30); a time that happens twice on the fall-back day fires once, at the first occurrence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from dbpatrol.errors import UserError

KINDS = ("daily", "weekly", "monthly", "semiannual", "annual", "cron")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ALIASES = {**{w: i for i, w in enumerate(WEEKDAYS)}, **{w[:3]: i for i, w in enumerate(WEEKDAYS)},
                    "tues": 1, "wed": 2, "thur": 3, "thurs": 3}
MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# the shortest and longest length of each month over all years (February: 28 and 29)
MIN_DAYS = {m: (28 if m == 2 else calendar.monthrange(2001, m)[1]) for m in range(1, 13)}
MAX_DAYS = {m: (29 if m == 2 else calendar.monthrange(2001, m)[1]) for m in range(1, 13)}

_TIME = r"(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?"
_PATTERNS = {
    "daily": re.compile(rf"^daily\s+at\s+{_TIME}$"),
    "weekly": re.compile(rf"^weekly\s+on\s+(?P<weekday>[a-z]+)\s+at\s+{_TIME}$"),
    "monthly": re.compile(rf"^monthly\s+on\s+(?:day\s+)?(?P<day>\d{{1,2}}|last)\s+at\s+{_TIME}$"),
    "semiannual": re.compile(rf"^semi-?annual(?:ly)?\s+on\s+(?P<md>\d{{1,2}}-\d{{1,2}})\s+at\s+{_TIME}$"),
    "annual": re.compile(rf"^(?:annual(?:ly)?|yearly)\s+on\s+(?P<md>\d{{1,2}}-\d{{1,2}})\s+at\s+{_TIME}$"),
    "cron": re.compile(r"""^cron\s+(?P<q>["']?)(?P<expr>[^"']+)(?P=q)$"""),
}
EXAMPLES = ('daily at 08:00', 'weekly on wednesday at 08:00', 'monthly on 1 at 06:30',
            'monthly on last at 23:00', 'semiannual on 01-15 at 02:00', 'annual on 12-31 at 22:00',
            'cron "0 8 * * 1-5"')


class ScheduleError(UserError):
    """A schedule spec that cannot be translated; the message says why and shows the grammar."""


@dataclass(frozen=True)
class Schedule:
    """A parsed, validated schedule spec."""

    kind: str
    hour: int = 0
    minute: int = 0
    weekday: int | None = None  # 0 = Monday
    day: int | str | None = None  # 1..31 or "last"
    month: int | None = None
    expr: str | None = None  # kind == "cron"

    # ----- the one translation ------------------------------------------------------------------

    def crons(self) -> list[str]:
        """The cron lines (one, or two for clamped month-end days). THE translation."""
        return to_crons(self)

    # ----- text ------------------------------------------------------------------------------------

    @property
    def spec(self) -> str:
        """The canonical spec text (parse(spec) == self)."""
        t = f"{self.hour:02d}:{self.minute:02d}"
        if self.kind == "daily":
            return f"daily at {t}"
        if self.kind == "weekly":
            return f"weekly on {WEEKDAYS[self.weekday]} at {t}"
        if self.kind == "monthly":
            return f"monthly on {self.day} at {t}"
        if self.kind in ("semiannual", "annual"):
            return f"{self.kind} on {self.month:02d}-{self.day:02d} at {t}"
        return f'cron "{self.expr}"'

    def words(self) -> str:
        """The schedule in words, as `plan list` shows it."""
        t = f"{self.hour:02d}:{self.minute:02d}"
        if self.kind == "daily":
            return f"every day at {t}"
        if self.kind == "weekly":
            return f"every {WEEKDAYS[self.weekday].capitalize()} at {t}"
        if self.kind == "monthly":
            if self.day == "last":
                return f"last day of every month at {t}"
            note = "" if self.day <= 28 else (
                " (the last day in shorter months)" if self.day == 31 else " (Feb: its last day)")
            return f"day {self.day} of every month at {t}{note}"
        if self.kind == "semiannual":
            days = [f"{self.day} {MONTHS[m]}" if self.day <= MIN_DAYS[m] else f"last day of {MONTHS[m]}"
                    for m in sorted({self.month, second_month(self.month)})]
            return f"twice a year, {days[0]} and {days[1]}, at {t}"
        if self.kind == "annual":
            if self.month == 2 and self.day == 29:
                return f"every year on 29 Feb at {t} (28 Feb in common years)"
            return f"every year on {self.day} {MONTHS[self.month]} at {t}"
        return f"cron {self.expr}"


def second_month(month: int) -> int:
    return (month + 5) % 12 + 1


def _months_field(months: set[int]) -> str:
    """Cron month field: * for all twelve, else comma-separated numbers and ranges."""
    if months == set(range(1, 13)):
        return "*"
    ms = sorted(months)
    parts, start, prev = [], ms[0], ms[0]
    for m in ms[1:] + [None]:
        if m is not None and m == prev + 1:
            prev = m
            continue
        parts.append(str(start) if start == prev else (f"{start},{prev}" if prev == start + 1 else f"{start}-{prev}"))
        if m is not None:
            start = prev = m
    return ",".join(parts)


def to_crons(s: Schedule) -> list[str]:
    """Translate a parsed schedule to cron lines. The only place that knows cron syntax.

    Month-end rule: the day is clamped to the month's last day where a month can be shorter, so
    no period is skipped. Months where the day always exists use the number; the others use L.
    """
    hm = f"{s.minute} {s.hour}"
    if s.kind == "cron":
        return [s.expr]
    if s.kind == "daily":
        return [f"{hm} * * *"]
    if s.kind == "weekly":
        return [f"{hm} * * {(s.weekday + 1) % 7}"]  # cron: 0 = Sunday
    if s.kind == "monthly":
        months = set(range(1, 13))
    elif s.kind == "semiannual":
        months = {s.month, second_month(s.month)}
    else:
        months = {s.month}
    day = 31 if s.day == "last" else s.day
    if all(day <= MIN_DAYS[m] for m in months):
        return [f"{hm} {day} {_months_field(months)} *"]
    if all(day >= MAX_DAYS[m] for m in months):
        return [f"{hm} L {_months_field(months)} *"]
    always = {m for m in months if day <= MIN_DAYS[m]}
    return [f"{hm} {day} {_months_field(always)} *", f"{hm} L {_months_field(months - always)} *"]


# ----- parsing -------------------------------------------------------------------------------------


def _grammar() -> str:
    return "; ".join(EXAMPLES)


def _time(m: re.Match, text: str) -> tuple[int, int]:
    hh, mm, ss = int(m["hh"]), int(m["mm"]), m["ss"]
    if hh > 23 or mm > 59:
        raise ScheduleError(f"schedule {text!r}: {m['hh']}:{m['mm']} is not a time of day (00:00 to 23:59)")
    if ss is not None and int(ss) != 0:
        raise ScheduleError(
            f"schedule {text!r}: seconds must be :00 — Prefect schedules are cron, which has minute "
            f"resolution (write {hh:02d}:{mm:02d})")
    return hh, mm


def _month_day(md: str, text: str) -> tuple[int, int]:
    mo, _, d = md.partition("-")
    month, day = int(mo), int(d)
    if not 1 <= month <= 12:
        raise ScheduleError(f"schedule {text!r}: month {mo} does not exist (MM-DD, e.g. 03-15)")
    if not 1 <= day <= MAX_DAYS[month]:
        raise ScheduleError(
            f"schedule {text!r}: {MONTHS[month]} has no day {day} (MM-DD with a day 1..{MAX_DAYS[month]})")
    return month, day


def parse(text: str) -> Schedule:
    """Parse and validate a schedule spec; raise ScheduleError (a UserError) with the reason."""
    if not isinstance(text, str) or not text.strip():
        raise ScheduleError(f"empty schedule; examples: {_grammar()}")
    raw = text.strip()
    norm = re.sub(r"\s+", " ", raw)
    low = norm.lower()
    kind = low.split(" ", 1)[0]
    if kind.startswith("semi"):
        kind = "semiannual"
    elif kind in ("annually", "yearly"):
        kind = "annual"
    if kind not in _PATTERNS:
        raise ScheduleError(f"schedule {raw!r}: unknown kind {kind!r}; examples: {_grammar()}")
    if kind == "cron":
        m = _PATTERNS["cron"].match(norm)
        if not m:
            raise ScheduleError(f'schedule {raw!r}: write cron "<minute hour day month weekday>"')
        return Schedule(kind="cron", expr=validate_cron(m["expr"].strip(), raw))
    m = _PATTERNS[kind].match(low)
    if not m:
        if kind == "weekly":
            w = re.match(r"^weekly\s+on\s+(\S+)", low)
            if w and w[1] not in _WEEKDAY_ALIASES:
                raise ScheduleError(f"schedule {raw!r}: {w[1]!r} is not a weekday (monday … sunday)")
        if kind == "monthly":
            d = re.match(r"^monthly\s+on\s+(\S+)", low)
            if d and not re.fullmatch(r"\d{1,2}|last", d[1]):
                raise ScheduleError(f"schedule {raw!r}: the day must be 1..31 or last, not {d[1]!r}")
        if re.search(r"\bat\s+\S+$", low) and not re.search(rf"\bat\s+{_TIME}$", low):
            raise ScheduleError(f"schedule {raw!r}: the time must be HH:MM (24-hour), e.g. 08:00")
        example = next(e for e in EXAMPLES if e.startswith(kind))
        raise ScheduleError(f"schedule {raw!r}: expected e.g. {example!r}")
    hour, minute = _time(m, raw)
    if kind == "daily":
        return Schedule(kind, hour, minute)
    if kind == "weekly":
        wd = _WEEKDAY_ALIASES.get(m["weekday"])
        if wd is None:
            raise ScheduleError(f"schedule {raw!r}: {m['weekday']!r} is not a weekday (monday … sunday)")
        return Schedule(kind, hour, minute, weekday=wd)
    if kind == "monthly":
        if m["day"] == "last":
            return Schedule(kind, hour, minute, day="last")
        day = int(m["day"])
        if not 1 <= day <= 31:
            raise ScheduleError(f"schedule {raw!r}: day {day} does not exist; give 1..31 or last")
        return Schedule(kind, hour, minute, day=day)
    month, day = _month_day(m["md"], raw)
    return Schedule(kind, hour, minute, day=day, month=month)


def validate_cron(expr: str, text: str | None = None) -> str:
    """A five-field cron line that Prefect accepts and that fires at least once."""
    from prefect.client.schemas.schedules import CronSchedule

    where = f"schedule {text or expr!r}"
    fields = expr.split()
    if len(fields) != 5:
        raise ScheduleError(f"{where}: cron needs exactly five fields (minute hour day month weekday); "
                            f"Prefect cron has no seconds field")
    expr = " ".join(fields)
    try:
        CronSchedule(cron=expr, timezone="UTC")
    except Exception as exc:  # noqa: BLE001 - pydantic / croniter errors become one message
        raise ScheduleError(f"{where}: not a valid cron expression ({_first_line(exc)})") from None
    if not next_fire_times([expr], "UTC", 1, dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)):
        raise ScheduleError(f"{where}: this cron expression never fires")
    return expr


def _first_line(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            return str(errors()[0]["msg"]).removeprefix("Value error, ")
        except Exception:  # noqa: BLE001
            pass
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return (lines[-1] if lines else type(exc).__name__).strip()


_NOT_A_PLACE = {"localtime", "Factory", "posixrules"}


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """zoneinfo.available_timezones() walks the whole tzdata tree (~10 ms a call): read once per
    process, not once per plan (`plan list` validates every plan's zone: 1,000 plans were ~10 s)."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(tz: str) -> str:
    if not isinstance(tz, str) or not tz.strip():
        raise ScheduleError("empty timezone; give an IANA name such as Asia/Shanghai or UTC")
    if not _is_place(tz.strip()):
        raise ScheduleError(f"unknown timezone {tz!r}; give an IANA name such as Asia/Shanghai, "
                            f"Europe/Berlin or UTC")
    return tz.strip()


@lru_cache(maxsize=1024)
def _is_place(tz: str) -> bool:
    """Whether both zoneinfo and Prefect take ``tz`` as a place (once per zone and process: the Prefect
    check builds a CronSchedule, ~0.2 ms, once per plan in `plan list`)."""
    from prefect.client.schemas.schedules import CronSchedule

    if tz not in _zones() or tz in _NOT_A_PLACE:
        # "localtime" is whatever the worker's /etc/localtime says (another machine, another zone);
        # "Factory" is tzdata's placeholder zone ("Local time zone must be set"): neither is a place
        return False
    try:
        zoneinfo.ZoneInfo(tz)
        # Prefect accepts fewer names than zoneinfo (not e.g. posixrules, right/UTC, posix/…)
        CronSchedule(cron="0 0 * * *", timezone=tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # pydantic's ValidationError is a ValueError
        return False
    return True


# ----- fire times (the scheduler's own code) -------------------------------------------------------


@lru_cache(maxsize=4096)
def _server_schedule(cron: str, tz: str):
    from prefect.server.schemas.schedules import CronSchedule

    return CronSchedule(cron=cron, timezone=tz)


def next_fire_times(crons: list[str], tz: str, n: int = 1, after: dt.datetime | None = None) -> list[dt.datetime]:
    """The next n fire times (tz-aware, in ``tz``) of these cron lines, computed by the very code
    Prefect's scheduler uses (``prefect.server.schemas.schedules.CronSchedule``)."""
    start = after or dt.datetime.now(dt.timezone.utc)
    zone = zoneinfo.ZoneInfo(tz)
    out: set[dt.datetime] = set()
    for cron in crons:
        try:
            for d in _server_schedule(cron, tz)._get_dates_generator(n=n, start=start):
                out.add(dt.datetime.fromtimestamp(d.timestamp(), dt.timezone.utc))
        except Exception:  # noqa: BLE001 - croniter gives up on schedules that never fire
            continue
    return [d.astimezone(zone) for d in sorted(out)[:n]]
