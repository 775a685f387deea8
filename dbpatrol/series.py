"""Sampled series of window findings (``Finding.series``): increases per interval, thinning, caps.

A series is ``[(ISO time, value), …]`` oldest first, one per (object, column) of a window finding
(checks/window.py keeps the values as sampled: a counter's cumulative value, a gauge's reading).
``Finding.series_kinds`` says which column is which (``counter`` or ``gauge``).

Both what an inspection stores (checks/execute.py, :func:`cap`: a JSON report stays small) and what
a report draws (reports/chart.py: ≤ ~200 points a chart) thin series here, so that

* a counter keeps its in-window increase: the points on either side of every drop (a restart, a
  reset) are kept, and between two kept points the counter only rose, so the increases of the
  thinned series add up to those of the whole one;
* a gauge keeps its extremes: per bucket of consecutive points, its lowest and highest.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

COUNTER, GAUGE = "counter", "gauge"
STORED_OBJECTS = 5  # objects a finding stores a series of (those at fault first)
STORED_POINTS = 500  # points per stored series


def when(iso: Any) -> dt.datetime | None:
    """An aware UTC datetime from a series' ISO time; None for anything else."""
    if isinstance(iso, dt.datetime):
        t = iso
    else:
        try:
            t = dt.datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
        except ValueError:
            return None
    return t.replace(tzinfo=dt.timezone.utc) if t.tzinfo is None else t.astimezone(dt.timezone.utc)


def parse(points: Iterable[Sequence[Any]]) -> list[tuple[dt.datetime, float]]:
    """The well-formed points (a time, a finite number), oldest first."""
    out = []
    for p in points or ():
        try:
            t, v = when(p[0]), p[1]
        except (TypeError, IndexError):
            continue
        if t is None or isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            continue
        out.append((t, float(v)))
    out.sort(key=lambda p: p[0])
    return out


def increases(points: Sequence[tuple[Any, float]]) -> list[tuple[Any, Any, float]]:
    """A counter's increase over each interval between consecutive points: (from, to, increase).
    A drop is a restart or reset: the counter started again from zero, so it counted its new value
    (checks/window.py's rule without the epochs, which a series does not carry)."""
    return [(ta, tb, vb - va if vb >= va else vb) for (ta, va), (tb, vb) in zip(points, points[1:])]


def thin(points: Sequence[Any], limit: int, kind: str = GAUGE) -> list[Any]:
    """At most ``limit`` of ``points`` (each ``(time, value)``, oldest first), chosen as the module
    docstring says; the first and last always stay."""
    n = len(points)
    if n <= limit or limit < 2:
        return list(points)
    if kind == COUNTER:
        keep = {0, n - 1}
        for i in range(1, n):
            if points[i][1] < points[i - 1][1]:
                keep.update((i - 1, i))
        if len(keep) <= limit:
            spare = limit - len(keep)
            rest = [i for i in range(n) if i not in keep]
            if spare and rest:
                step = len(rest) / spare
                keep.update(rest[min(int(k * step), len(rest) - 1)] for k in range(spare))
            return [points[i] for i in sorted(keep)]
        # more drops than room (not a counter after all): evenly spaced
        return [points[round(k * (n - 1) / (limit - 1))] for k in range(limit)]
    buckets = max(1, (limit - 2) // 2)
    keep = {0, n - 1}
    for b in range(buckets):
        lo, hi = 1 + b * (n - 2) // buckets, 1 + (b + 1) * (n - 2) // buckets
        if lo >= hi:
            continue
        idx = range(lo, hi)
        keep.add(min(idx, key=lambda i: points[i][1]))
        keep.add(max(idx, key=lambda i: points[i][1]))
    return [points[i] for i in sorted(keep)]


def movement(points: Sequence[tuple[Any, float]], kind: str) -> float:
    """How much a series has to show: a counter's total increase, a gauge's highest reading."""
    if kind == COUNTER:
        return sum(inc for _, _, inc in increases(points))
    return max((v for _, v in points), default=0.0)


def order_objects(series: Mapping[str, Mapping[str, Sequence[Any]]], kinds: Mapping[str, str],
                  at_fault: Sequence[str] = ()) -> list[str]:
    """Objects at fault first (in the order given: the worst first), then the others by how much
    their series move, most first; ties by name."""
    fault = [o for o in dict.fromkeys(at_fault) if o in series]
    others = [o for o in series if o not in fault]

    def moved(obj: str) -> float:
        best = 0.0
        for col, pts in series[obj].items():
            try:
                best = max(best, movement([(p[0], float(p[1])) for p in pts], kinds.get(col, GAUGE)))
            except (TypeError, ValueError, IndexError):
                continue
        return best

    return fault + sorted(others, key=lambda o: (-moved(o), o))


def cap(series: Mapping[str, Mapping[str, Sequence[Any]]], kinds: Mapping[str, str], at_fault: Sequence[str] = (),
        max_objects: int = STORED_OBJECTS, max_points: int = STORED_POINTS) -> dict[str, dict[str, list]]:
    """What a finding stores: at most ``max_objects`` objects (at fault first), each series thinned to
    ``max_points``."""
    out: dict[str, dict[str, list]] = {}
    for obj in order_objects(series, kinds, at_fault)[:max_objects]:
        out[obj] = {col: thin(list(pts), max_points, kinds.get(col, GAUGE)) for col, pts in series[obj].items()}
    return out


def kinds_of(window_spec: Any) -> dict[str, str]:
    """Column → kind from a checks.spec.WindowSpec (its counters; peaks, sums and trends are gauges); {} for None."""
    if window_spec is None:
        return {}
    gauges = {**window_spec.peaks, **getattr(window_spec, "sums", {}), **getattr(window_spec, "trends", {})}
    return {**{c: COUNTER for c in window_spec.counters}, **{c: GAUGE for c in gauges}}
