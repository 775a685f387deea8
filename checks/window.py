"""Counters and gauges over the sampling window, from stored snapshots (issue 8).

A check whose engine support names a :class:`checks.spec.WindowSpec` is judged on in-window values
when the store holds snapshots that cover the window: its own SQL still runs (it gives the state
now and the columns that are not counters), and for each of its rows the counter columns are
replaced by their increase inside the window, the gauge columns by their maximum there.

Increase of one counter over consecutive points a, b (Prometheus' ``increase`` with epochs):

* same epoch and b ≥ a: b − a, and the time between them is covered;
* a reset between them — b's epoch is later than a's (a stats reset, a restart, a crash), or the
  value went down (FLUSH STATUS zeroes some MySQL counters without moving the server start): the
  counter restarted from zero, so it counted b since then. When the epoch says when (inside
  (a, b]), only [epoch, b] is covered and what a to the reset counted is lost (say so); when it
  does not, the whole span is taken as covered and b is a lower bound;
* the first point: when its counters started inside the window (a database created, stats reset
  there) it counted its whole value inside the window.

So a delta is never negative, and a restart splits the window into segments instead. Coverage is
the covered time over the window's length, per object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

EPOCH_SLACK = dt.timedelta(seconds=5)  # MySQL's epoch is now - Uptime: a second of jitter per sample


@dataclass
class Series:
    """One object's values of one source over the window."""

    points: list  # dbpatrol.snapshots.Point, oldest first
    window: tuple[dt.datetime, dt.datetime]  # naive UTC

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime] | None:
        return (self.points[0].taken_at, self.points[-1].taken_at) if self.points else None


@dataclass
class Increase:
    value: float | None  # None: no two points and no epoch inside the window
    covered_s: float = 0.0
    resets: int = 0
    lost: bool = False  # counts between a point and a reset are unknown (a crash, a reset by hand)
    lower_bound: bool = False  # a reset whose time is unknown: the value is at least this
    since: dt.datetime | None = None  # the first time counted
    until: dt.datetime | None = None


def _value(p, column: str) -> float | None:
    v = p.data.get(column)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


OWN, END = "own.", "end."
OWN_SESSION = "own.connection_id"  # the writer's session (MySQL's CONNECTION_ID(), unique while the server runs)


def own_share(a, b, column: str) -> float:
    """dbpatrol's own part of ``column``'s increase from point a to point b (mysql-perf-review S1). A MySQL/MariaDB
    snapshot writer stores its session's counters beside the global ones, read in the same statement (``own.<name>``:
    what it ran up to that read, inside the interval that ends at its snapshot) and at the end of its session
    (``end.<name>``: the rest — an inspection's checks — inside the interval that starts there). So the writers' share
    of (a, b] is b's own plus what a's writer ran after its read — or, when one session wrote both (``own.connection_id``
    alike), what it ran between its two reads; 0 for a counter or a snapshot without them."""
    def n(p, key):
        v = p.data.get(key) if p is not None else None
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    own_b = n(b, OWN + column) or 0.0
    end_a, own_a = n(a, END + column), n(a, OWN + column)
    same = (a is not None and n(a, OWN_SESSION) is not None and n(a, OWN_SESSION) == n(b, OWN_SESSION)
            and (a.epoch is None or b.epoch is None or abs(b.epoch - a.epoch) <= EPOCH_SLACK))
    if same and own_a is not None:  # one session took both (its counters run on): what it ran between its two reads
        return max(own_b - own_a, 0.0)
    return own_b + (max(end_a - own_a, 0.0) if end_a is not None and own_a is not None else 0.0)


def increase(series: Series, column: str, slack: dt.timedelta = EPOCH_SLACK) -> Increase:
    """``slack``: how much an epoch may jitter (MySQL's now - Uptime); PostgreSQL's are exact (0). dbpatrol's own
    statements (``own_share``) are taken out of every step, never below 0."""
    start, end = series.window
    pts = [p for p in series.points if _value(p, column) is not None]
    out = Increase(value=None)
    if not pts:
        return out
    first = pts[0]
    total = 0.0
    counted = False
    if first.epoch is not None and first.epoch >= start - slack and first.epoch <= first.taken_at:
        total += max(_value(first, column) - own_share(None, first, column), 0.0)
        out.covered_s += (first.taken_at - max(first.epoch, start)).total_seconds()
        out.since = max(first.epoch, start)
        counted = True
    for a, b in zip(pts, pts[1:]):
        va, vb = _value(a, column), _value(b, column)
        moved = a.epoch is not None and b.epoch is not None and b.epoch > a.epoch + slack
        span = (b.taken_at - a.taken_at).total_seconds()
        if not moved and vb >= va:
            total += max(vb - va - own_share(a, b, column), 0.0)
            out.covered_s += span
        else:
            out.resets += 1
            total += max(vb - own_share(None, b, column), 0.0)
            if moved and a.taken_at < b.epoch <= b.taken_at:
                out.covered_s += (b.taken_at - b.epoch).total_seconds()
                out.lost = True
            else:
                out.covered_s += span
                out.lower_bound = True
        if out.since is None:
            out.since = a.taken_at
        counted = True
    if not counted:
        return out
    out.value = total
    out.until = pts[-1].taken_at
    return out


@dataclass
class Peak:
    value: float | None
    at: dt.datetime | None
    samples: int


def peak(series: Series, column: str) -> Peak:
    start, end = series.window
    best = None
    n = 0
    for p in series.points:
        if not start <= p.taken_at <= end:
            continue  # a gauge outside the window says nothing of it (counters need the edge points)
        v = _value(p, column)
        if v is None:
            continue
        n += 1
        if best is None or v > best[0]:
            best = (v, p.taken_at)
    return Peak(best[0] if best else None, best[1] if best else None, n)


def inside(series: Series, column: str) -> list:
    """The points inside the window that hold a number for ``column`` (a gauge read outside the
    window says nothing of it)."""
    start, end = series.window
    return [p for p in series.points if start <= p.taken_at <= end and _value(p, column) is not None]


@dataclass
class Trend:
    per_day: float | None  # least-squares slope of the gauge, per day; None: fewer than two distinct times
    first: float | None
    last: float | None
    samples: int
    span_s: float


def trend(series: Series, column: str) -> Trend:
    """A gauge's growth: the least-squares slope of its values inside the window against time, per day
    (every sample weighs the same; a straight line through two points is their difference over the time
    between them)."""
    pts = inside(series, column)
    if not pts:
        return Trend(None, None, None, 0, 0.0)
    t0 = pts[0].taken_at
    xs = [(p.taken_at - t0).total_seconds() / 86400 for p in pts]
    ys = [_value(p, column) for p in pts]
    n = len(pts)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    per_day = None if n < 2 or sxx <= 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return Trend(per_day, ys[0], ys[-1], n, (pts[-1].taken_at - t0).total_seconds())


@dataclass
class WindowRows:
    """The check's rows with in-window values, and what the finding says of them."""

    rows: list[dict[str, Any]]
    coverage_pct: float  # the least-covered rated object's coverage
    since: dt.datetime
    until: dt.datetime
    resets: int = 0
    lost: bool = False
    lower_bound: bool = False
    missing: list[str] = field(default_factory=list)  # objects with no window data (rated as now)
    series: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)  # object → column → points


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.replace(tzinfo=dt.timezone.utc).isoformat().replace("+00:00", "Z")


def evaluate(spec_window, rows: list[dict[str, Any]], points: dict[str, list], window: tuple[dt.datetime, dt.datetime],
             object_of) -> WindowRows | None:
    """``rows`` with their counters replaced by in-window increases; None when no row has window data.

    ``points``: source object → points (dbpatrol.snapshots.SnapshotReader.points); ``object_of``
    names a check row's source object (WindowSpec.object_of)."""
    start, end = (t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t for t in window)
    length = max((end - start).total_seconds(), 1.0)
    by_object = {obj: Series(pts, (start, end)) for obj, pts in points.items()}
    rated: list[dict[str, Any]] = []
    coverages, sinces, untils = [], [], []
    out = WindowRows(rows=[], coverage_pct=0.0, since=start, until=end)
    seen = set()
    for row in rows:
        obj = object_of(row)
        seen.add(obj)
        series = by_object.get(obj)
        new = _window_row(spec_window, row, series, length, out)
        if new is None:
            out.missing.append(obj)
            continue
        rated.append(new)
        coverages.append(new["window_coverage_pct"])
        sinces.append(new["_since"])
        untils.append(new["_until"])
    if len(spec_window.match) == 1:  # objects gone since (a database dropped): their window still counts
        for obj, series in by_object.items():
            if obj in seen:
                continue
            new = _window_row(spec_window, {spec_window.match[0]: obj}, series, length, out)
            if new is not None:
                rated.append(new)
                coverages.append(new["window_coverage_pct"])
                sinces.append(new["_since"])
                untils.append(new["_until"])
    if not rated:
        return None
    for r in rated:
        r.pop("_since", None)
        r.pop("_until", None)
    out.rows = rated + [r for r in rows if object_of(r) in out.missing]
    out.coverage_pct = min(coverages)
    out.since, out.until = min(sinces), max(untils)
    return out


def _window_row(spec_window, row, series: Series | None, length: float, out: WindowRows):
    if series is None or not series.points:
        return None
    if len(spec_window.counters) > 1:
        # A row's counters are taken over the same snapshots: a snapshot stored before a source read one of
        # them (a counter added to my.status later) holds only the others, and a ratio of increases over
        # different spans (a month's merge passes over a day's sorts) would be a number of nothing.
        pts = [p for p in series.points if all(_value(p, src) is not None for src in spec_window.counters.values())]
        if not pts:
            return None
        counted = Series(pts, series.window)
    else:
        counted = series
    new = dict(row)
    covered, since, until = [], [], []
    for col, src in spec_window.counters.items():
        inc = increase(counted, src)
        if inc.value is None:
            return None
        new[col] = int(inc.value) if float(inc.value).is_integer() else round(inc.value, 3)
        covered.append(inc.covered_s)
        since.append(inc.since)
        until.append(inc.until)
        out.resets = max(out.resets, inc.resets)
        out.lost |= inc.lost
        out.lower_bound |= inc.lower_bound
        out.series.setdefault(_key(row, spec_window), {})[col] = [(_iso(p.taken_at), _value(p, src)) for p in counted.points
                                                                   if _value(p, src) is not None]
    peak_at = None
    for col, src in spec_window.peaks.items():
        pk = peak(series, src)
        if pk.value is None:
            return None
        new[col] = pk.value
        if peak_at is None:
            peak_at = pk.at
        pts = [p for p in series.points if _value(p, src) is not None]
        covered.append((pts[-1].taken_at - pts[0].taken_at).total_seconds() if len(pts) > 1 else 0.0)
        since.append(pts[0].taken_at)
        until.append(pts[-1].taken_at)
        out.series.setdefault(_key(row, spec_window), {})[col] = [(_iso(p.taken_at), _value(p, src)) for p in pts]
    sampled = None
    for col, src in spec_window.sums.items():
        pts = inside(series, src)
        if not pts:
            return None
        total = sum(_value(p, src) for p in pts)
        new[col] = int(total) if float(total).is_integer() else round(total, 3)
        sampled = len(pts) if sampled is None else max(sampled, len(pts))
        covered.append((pts[-1].taken_at - pts[0].taken_at).total_seconds())
        since.append(pts[0].taken_at)
        until.append(pts[-1].taken_at)
        out.series.setdefault(_key(row, spec_window), {})[col] = [(_iso(p.taken_at), _value(p, src)) for p in pts]
    for col, src in spec_window.trends.items():
        tr = trend(series, src)
        if tr.per_day is None:
            return None
        new[col] = round(tr.per_day, 3)
        pts = inside(series, src)
        sampled = len(pts) if sampled is None else max(sampled, len(pts))
        covered.append(tr.span_s)
        since.append(pts[0].taken_at)
        until.append(pts[-1].taken_at)
        out.series.setdefault(_key(row, spec_window), {})[col] = [(_iso(p.taken_at), _value(p, src)) for p in pts]
    if spec_window.samples:
        if sampled is None:
            sampled = max((len(inside(series, src)) for src in spec_window.peaks.values()), default=len(series.points))
        new[spec_window.samples] = sampled
    if spec_window.peak_at and peak_at is not None:
        new[spec_window.peak_at] = _iso(peak_at)
    new.update(spec_window.set)
    s, u = min(t for t in since if t), max(t for t in until if t)
    new["counters_since"] = _iso(s)
    new["days_since"] = round(max(min(covered), 0.0) / 86400, 6)  # 0.09 s: rates over short windows too
    new["window_coverage_pct"] = round(min(100.0, 100.0 * min(covered) / length), 1)
    new["_since"], new["_until"] = s, u
    if spec_window.derive is not None:
        new.update(spec_window.derive(new))
    return new


def _key(row, spec_window) -> str:
    return spec_window.object_of(row)


def covered_text(w: WindowRows) -> dict[str, Any]:
    """Message parameters every window message may use."""
    return {"window_since": _iso(w.since), "window_until": _iso(w.until), "coverage_pct": w.coverage_pct,
            "resets": w.resets}


def union(*names: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for group in names:
        out.extend(n for n in group if n not in out)
    return tuple(out)
