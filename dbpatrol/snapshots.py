"""Snapshots in dbpatrol's store: save one, record a gap, read the points a window needs, purge.

Times are naive UTC in the store (as every other table of it). A snapshot is written in one
transaction: its header row, then one row per (source, object). Reading a window returns, per
source and object, the points inside the window plus, at each edge, the nearest point outside it when that one is nearer
(see :func:`window_points`): a daily plan's run at 08:00:05 gives the end of the window that closes at
08:00, and the previous run's snapshot at 08:00:03 yesterday its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from .store_db import get_engine, snapshot_rows_table as rows_t, snapshots_table as snaps_t

# How far outside the window a snapshot may lie and still stand for its edge, when it is nearer to
# the edge than any snapshot inside (a plan's run starts a few seconds after its scheduled time;
# an inspection's own snapshot is taken just after its window closes at "now").
EDGE_TOLERANCE = dt.timedelta(minutes=20)


@dataclass(frozen=True)
class Point:
    taken_at: dt.datetime  # naive UTC
    epoch: dt.datetime | None
    data: dict
    origin: str = "sampler"


def _naive(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def save(url: str, instance: str, snapshot, origin: str) -> int:
    """Store a checks.samples.Snapshot; returns its id."""
    engine = get_engine(url)
    with engine.begin() as conn:
        sid = conn.execute(snaps_t.insert().values(
            instance=instance, taken_at=snapshot.taken_at, origin=origin, ok=True, cause=snapshot.cause,
            duration_ms=snapshot.duration_ms, statements=snapshot.statements)).inserted_primary_key[0]
        seen = set()
        values = []
        for r in snapshot.rows:
            if (r.source, r.object) in seen:  # two standbys with one name: the first stands
                continue
            seen.add((r.source, r.object))
            values.append(dict(snapshot_id=sid, source=r.source, object=r.object[:400], epoch=r.epoch, data=r.data))
        if values:
            conn.execute(rows_t.insert(), values)
    return sid


def gap(url: str, instance: str, taken_at: dt.datetime, cause: str, origin: str = "sampler") -> None:
    """An attempt that read nothing (unreachable, refused): kept so status and coverage can say so."""
    with get_engine(url).begin() as conn:
        conn.execute(snaps_t.insert().values(instance=instance, taken_at=_naive(taken_at), origin=origin, ok=False,
                                             cause=cause[:1000], duration_ms=None, statements=0))


class SnapshotReader:
    """What window checks read (checks/window.py): the points of one source around a window."""

    def __init__(self, url: str, tolerance: dt.timedelta = EDGE_TOLERANCE):
        self.url = url
        self.tolerance = tolerance

    def points(self, instance: str, source: str, start: dt.datetime, end: dt.datetime) -> dict[str, list[Point]]:
        start, end = _naive(start), _naive(end)
        lo, hi = start - self.tolerance, end + self.tolerance
        q = (sa.select(snaps_t.c.taken_at, snaps_t.c.origin, rows_t.c.object, rows_t.c.epoch, rows_t.c.data)
             .join(rows_t, rows_t.c.snapshot_id == snaps_t.c.id)
             .where(snaps_t.c.instance == instance, snaps_t.c.ok.is_(True), rows_t.c.source == source,
                    snaps_t.c.taken_at >= lo, snaps_t.c.taken_at <= hi)
             .order_by(snaps_t.c.taken_at))
        by_object: dict[str, list[Point]] = {}
        with get_engine(self.url).connect() as conn:
            for taken_at, origin, obj, epoch, data in conn.execute(q):
                by_object.setdefault(obj, []).append(Point(taken_at, epoch, data or {}, origin))
        return {obj: window_points(pts, start, end, self.tolerance) for obj, pts in by_object.items()}

    def latest_points(self, source: str, since: dt.datetime, obj: str = "(instance)") -> dict[str, Point]:
        """Each instance's newest point of one source's object taken at or after ``since``: what the
        node consistency check (CFG015) compares a node's settings with."""
        q = (sa.select(snaps_t.c.instance, snaps_t.c.taken_at, snaps_t.c.origin, rows_t.c.epoch, rows_t.c.data)
             .join(rows_t, rows_t.c.snapshot_id == snaps_t.c.id)
             .where(snaps_t.c.ok.is_(True), rows_t.c.source == source, rows_t.c.object == obj,
                    snaps_t.c.taken_at >= _naive(since))
             .order_by(snaps_t.c.taken_at))
        out: dict[str, Point] = {}
        with get_engine(self.url).connect() as conn:
            for instance, taken_at, origin, epoch, data in conn.execute(q):
                out[instance] = Point(taken_at, epoch, data or {}, origin)
        return out

    def attempts(self, instance: str, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, bool, str | None]]:
        """Every snapshot attempt for the instance in the window: (when, read anything, cause)."""
        q = (sa.select(snaps_t.c.taken_at, snaps_t.c.ok, snaps_t.c.cause)
             .where(snaps_t.c.instance == instance, snaps_t.c.taken_at >= _naive(start), snaps_t.c.taken_at <= _naive(end))
             .order_by(snaps_t.c.taken_at))
        with get_engine(self.url).connect() as conn:
            return [tuple(r) for r in conn.execute(q)]


def window_points(points: list[Point], start: dt.datetime, end: dt.datetime,
                  tolerance: dt.timedelta = EDGE_TOLERANCE) -> list[Point]:
    """The points that stand for [start, end]: every point inside it, and at each edge the nearest
    point outside it (within ``tolerance``) when that one is nearer to the edge than the nearest
    inside point — the error at an edge is then the smaller of the two. An inspection's own
    snapshot, taken a moment after its window closes at "now", so stands for the window's end."""
    inside = [p for p in points if start <= p.taken_at <= end]
    before = [p for p in points if start - tolerance <= p.taken_at < start]
    after = [p for p in points if end < p.taken_at <= end + tolerance]
    out = list(inside)
    if before and (not inside or start - before[-1].taken_at < inside[0].taken_at - start):
        out.insert(0, before[-1])
    if after and (not inside or after[0].taken_at - end < end - inside[-1].taken_at):
        out.append(after[0])
    return out


def purge(url: str, retention_days: float, now: dt.datetime | None = None) -> int:
    """Delete snapshots older than the retention; returns how many."""
    cutoff = _naive(now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=retention_days)
    engine = get_engine(url)
    with engine.begin() as conn:
        old = sa.select(snaps_t.c.id).where(snaps_t.c.taken_at < cutoff)
        # explicit: SQLite enforces ON DELETE CASCADE only with foreign_keys=ON (store_db sets it), others always
        conn.execute(rows_t.delete().where(rows_t.c.snapshot_id.in_(old)))
        return conn.execute(snaps_t.delete().where(snaps_t.c.taken_at < cutoff)).rowcount or 0


def latest(url: str, instances: list[str] | None = None) -> dict[str, dict]:
    """Per instance: the last attempt, the last good snapshot, and how many are kept (for `sampler status`)."""
    engine = get_engine(url)
    out: dict[str, dict] = {}
    with engine.connect() as conn:
        q = (sa.select(snaps_t.c.instance, sa.func.count(), sa.func.max(snaps_t.c.taken_at),
                       sa.func.min(snaps_t.c.taken_at))
             .group_by(snaps_t.c.instance))
        for inst, n, last, first in conn.execute(q):
            if instances and inst not in instances:
                continue
            out[inst] = {"snapshots": n, "last_attempt": last, "first": first}
        q = (sa.select(snaps_t.c.instance, sa.func.max(snaps_t.c.taken_at)).where(snaps_t.c.ok.is_(True))
             .group_by(snaps_t.c.instance))
        for inst, last_ok in conn.execute(q):
            if inst in out:
                out[inst]["last_ok"] = last_ok
        for inst, info in out.items():
            row = conn.execute(sa.select(snaps_t.c.ok, snaps_t.c.cause, snaps_t.c.origin)
                               .where(snaps_t.c.instance == inst, snaps_t.c.taken_at == info["last_attempt"])
                               .limit(1)).first()
            if row:
                info["last_ok_flag"], info["last_cause"], info["last_origin"] = bool(row[0]), row[1], row[2]
    return out
