"""Snapshots in dbpatrol's store: save one, record a gap, read the points a window needs, purge.

Times are naive UTC in the store (as every other table of it). A snapshot is written in one
transaction: its header row, then one row per (source, object). Reading a window returns, per
source and object, the points inside the window plus, at each edge, the nearest point outside it when that one is nearer
(see :func:`window_points`): a daily plan's run at 08:00:05 gives the end of the window that closes at
08:00, and the previous run's snapshot at 08:00:03 yesterday its start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from .store_db import (get_engine, snapshot_rows_table as rows_t, snapshot_state_table as state_t,
                       snapshots_table as snaps_t, statement_texts_table as texts_t)

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


INSTANCE = "(instance)"
KEYFRAME = "(keyframe)"
# A statement source (Source.store == "changed") stores every key's row once a day — a keyframe — and
# between keyframes only the rows that changed since the previous snapshot, plus a tombstone
# (GONE) for a key that disappeared (evicted, reset, or its entry removed). The reader rebuilds
# each key's value at any snapshot from the latest keyframe before it (docs/window.md).
KEYFRAME_EVERY = dt.timedelta(hours=24)
GONE = "_gone"
NO_TEXT = "<insufficient privilege>"  # what pg_stat_statements shows for another user's text without pg_read_all_stats
_CHUNK = 500


def save(url: str, instance: str, snapshot, origin: str) -> int:
    """Store a checks.samples.Snapshot; returns its id. Sources in ``snapshot.changed`` are stored
    where changed (:func:`_changed_rows`), their texts once per key."""
    engine = get_engine(url)
    changed = set(getattr(snapshot, "changed", ()) or ())
    with engine.begin() as conn:
        sid = conn.execute(snaps_t.insert().values(
            instance=instance, taken_at=snapshot.taken_at, origin=origin, ok=True, cause=snapshot.cause,
            duration_ms=snapshot.duration_ms, statements=snapshot.statements)).inserted_primary_key[0]
        seen = set()
        values = []
        by_source: dict[str, list] = {}
        for r in snapshot.rows:
            if (r.source, r.object) in seen:  # two standbys with one name: the first stands
                continue
            seen.add((r.source, r.object))
            if r.source in changed:
                by_source.setdefault(r.source, []).append(r)
                continue
            values.append(dict(snapshot_id=sid, source=r.source, object=r.object[:400], epoch=r.epoch, data=r.data))
        for source in changed:
            values.extend(_changed_rows(conn, sid, instance, source, by_source.get(source, []), snapshot.taken_at))
        if values:
            conn.execute(rows_t.insert(), values)
        _save_texts(conn, instance, getattr(snapshot, "texts", {}) or {}, snapshot.taken_at)
    return sid


def record_own_end(url: str, snapshot_id: int, end: dict) -> None:
    """mysql-perf-review S1: the writer's own counters at the end of its session (checks.samples.own_end, an
    inspection's after its checks) into its snapshot's my.status row, as ``end.<name>`` (replacing what the snapshot
    itself read at its end). Nothing when ``end`` is empty or the snapshot has no such row."""
    if not end:
        return
    with get_engine(url).begin() as conn:
        where = sa.and_(rows_t.c.snapshot_id == snapshot_id, rows_t.c.source == "my.status", rows_t.c.object == INSTANCE)
        found = conn.execute(sa.select(rows_t.c.data).where(where)).first()
        if found is None:
            return
        data = dict(found.data or {})
        data.update({k: v for k, v in end.items() if k.startswith("end.")})
        conn.execute(rows_t.update().where(where).values(data=data))


def _changed_rows(conn, sid: int, instance: str, source: str, rows: list, taken_at: dt.datetime) -> list[dict]:
    """The rows of one statement source worth storing in this snapshot: every row at a keyframe, else the
    rows whose (epoch, numbers) differ from the instance's last stored ones, a tombstone for each key
    gone since; and the '(instance)' summary row always, with ``full`` (a keyframe), ``stored`` and
    ``gone``. Keeps dbpatrol_snapshot_state up to date."""
    state = {obj: (epoch, data) for obj, epoch, data in conn.execute(
        sa.select(state_t.c.object, state_t.c.epoch, state_t.c.data)
        .where(state_t.c.instance == instance, state_t.c.source == source))}
    last_key = state.pop(KEYFRAME, None)
    full = last_key is None or last_key[0] is None or taken_at - last_key[0] >= KEYFRAME_EVERY
    summary = next((r for r in rows if r.object == INSTANCE), None)
    out, upsert, present = [], [], set()
    for r in rows:
        if r.object == INSTANCE:
            continue
        obj = r.object[:400]
        present.add(obj)
        before = state.get(obj)
        same = before is not None and before[0] == r.epoch and before[1] == r.data
        if full or not same:
            out.append(dict(snapshot_id=sid, source=source, object=obj, epoch=r.epoch, data=r.data))
        if not same:
            upsert.append(dict(instance=instance, source=source, object=obj, epoch=r.epoch, data=r.data))
    gone = [obj for obj in state if obj not in present]
    out.extend(dict(snapshot_id=sid, source=source, object=obj, epoch=state[obj][0], data={GONE: 1}) for obj in gone)
    data = dict(summary.data if summary else {})
    data.update(full=1 if full else 0, stored=len(out), gone=len(gone))
    out.append(dict(snapshot_id=sid, source=source, object=INSTANCE, epoch=summary.epoch if summary else None, data=data))
    drop = [u["object"] for u in upsert] + gone + ([KEYFRAME] if full else [])
    for i in range(0, len(drop), _CHUNK):
        conn.execute(state_t.delete().where(state_t.c.instance == instance, state_t.c.source == source,
                                            state_t.c.object.in_(drop[i:i + _CHUNK])))
    if full:
        upsert.append(dict(instance=instance, source=source, object=KEYFRAME, epoch=taken_at, data={}))
    if upsert:
        conn.execute(state_t.insert(), upsert)
    if full and present:  # the texts of keys still there are kept another retention period
        keys = sorted(present)
        for i in range(0, len(keys), _CHUNK):
            conn.execute(texts_t.update().where(texts_t.c.instance == instance, texts_t.c.source == source,
                                                texts_t.c.object.in_(keys[i:i + _CHUNK])).values(last_seen=taken_at))
    return out


def _save_texts(conn, instance: str, texts: dict, taken_at: dt.datetime) -> None:
    if not texts:
        return
    by_source: dict[str, dict[str, str]] = {}
    for (source, key), text in texts.items():
        if text == NO_TEXT:  # read without the privilege to see it: read again by a session that has it
            continue
        by_source.setdefault(source, {})[key[:400]] = text
    for source, items in by_source.items():
        keys = sorted(items)
        have = set()
        for i in range(0, len(keys), _CHUNK):
            have.update(o for (o,) in conn.execute(sa.select(texts_t.c.object).where(
                texts_t.c.instance == instance, texts_t.c.source == source, texts_t.c.object.in_(keys[i:i + _CHUNK]))))
        new = [dict(instance=instance, source=source, object=k, text=items[k], first_seen=taken_at, last_seen=taken_at)
               for k in keys if k not in have]
        if new:
            conn.execute(texts_t.insert(), new)


def text_keys(url: str, instance: str, source: str) -> set[str]:
    """The keys of one statement source whose text the store holds for the instance (what
    checks.samples.take need not read again)."""
    with get_engine(url).connect() as conn:
        return {o for (o,) in conn.execute(sa.select(texts_t.c.object).where(
            texts_t.c.instance == instance, texts_t.c.source == source))}


def known_texts(url: str, instance: str):
    """``checks.samples.take(session, known_texts=…)`` for this instance: a store that cannot be read
    costs a re-read of the texts, never the snapshot."""
    def known(source: str) -> set[str]:
        try:
            return text_keys(url, instance, source)
        except Exception:  # noqa: BLE001
            return set()
    return known


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

    def statements(self, instance: str, source: str, start: dt.datetime, end: dt.datetime) -> "StatementWindow | None":
        """Every key of a statement source (Source.store == "changed") with its points over [start, end],
        each key's value carried forward between the rows stored when it changed: per key, a point at
        the window's first snapshot (its value then, or 0 when the keyframe shows it did not exist yet),
        one at each stored change or tombstone (0) inside, and one at the last snapshot. Feed each key's
        points to checks.window.increase. None when fewer than two snapshots of the source stand for
        the window (the checks then fall back to counters since the reset)."""
        start, end = _naive(start), _naive(end)
        lo, hi = start - self.tolerance, end + self.tolerance
        base_q = (sa.select(snaps_t.c.id, snaps_t.c.taken_at, snaps_t.c.origin, rows_t.c.epoch, rows_t.c.data)
                  .join(rows_t, rows_t.c.snapshot_id == snaps_t.c.id)
                  .where(snaps_t.c.instance == instance, snaps_t.c.ok.is_(True), rows_t.c.source == source,
                         rows_t.c.object == INSTANCE))
        with get_engine(self.url).connect() as conn:
            summary = [Point(t, e, d or {}, o) for _, t, o, e, d in conn.execute(
                base_q.where(snaps_t.c.taken_at >= lo, snaps_t.c.taken_at <= hi).order_by(snaps_t.c.taken_at))]
            chosen = window_points(summary, start, end, self.tolerance)
            if len(chosen) < 2:
                return None
            s0, sn = chosen[0].taken_at, chosen[-1].taken_at
            frames = conn.execute(base_q.where(snaps_t.c.taken_at <= s0, snaps_t.c.taken_at >= s0 - KEYFRAME_EVERY * 2)
                                  .order_by(snaps_t.c.taken_at.desc())).all()
            keyframe = next((t for _, t, _, _, d in frames if (d or {}).get("full")), None)
            first = keyframe or s0
            q = (sa.select(snaps_t.c.taken_at, rows_t.c.object, rows_t.c.epoch, rows_t.c.data)
                 .join(rows_t, rows_t.c.snapshot_id == snaps_t.c.id)
                 .where(snaps_t.c.instance == instance, snaps_t.c.ok.is_(True), rows_t.c.source == source,
                        rows_t.c.object != INSTANCE, snaps_t.c.taken_at >= first, snaps_t.c.taken_at <= sn)
                 .order_by(snaps_t.c.taken_at))
            history: dict[str, list[tuple]] = {}
            for t, obj, epoch, data in conn.execute(q):
                history.setdefault(obj, []).append((t, epoch, data or {}))
        keys: dict[str, list[Point]] = {}
        appeared: set[str] = set()
        for obj, rows in history.items():
            pts = _carried(rows, s0, sn, known_absent=keyframe is not None)
            if pts:
                keys[obj] = pts
                if pts[0].taken_at == s0 and not any(pts[0].data.values()):  # _carried's 0 point: counted whole
                    appeared.add(obj)
        inside = [p for p in summary if s0 < p.taken_at <= sn]
        return StatementWindow(source=source, start=start, end=end, since=s0, until=sn, snapshots=chosen,
                               keyframe=keyframe, keys=keys, gone=int(sum(p.data.get("gone") or 0 for p in inside)),
                               appeared=appeared)

    def texts(self, instance: str, source: str, keys) -> dict[str, str]:
        """The stored (masked, bounded) text of each of ``keys`` the store holds."""
        keys = sorted({str(k)[:400] for k in keys})
        out: dict[str, str] = {}
        with get_engine(self.url).connect() as conn:
            for i in range(0, len(keys), _CHUNK):
                for obj, text in conn.execute(sa.select(texts_t.c.object, texts_t.c.text).where(
                        texts_t.c.instance == instance, texts_t.c.source == source,
                        texts_t.c.object.in_(keys[i:i + _CHUNK]))):
                    out[obj] = text
        return out

    def attempts(self, instance: str, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, bool, str | None]]:
        """Every snapshot attempt for the instance in the window: (when, read anything, cause)."""
        q = (sa.select(snaps_t.c.taken_at, snaps_t.c.ok, snaps_t.c.cause)
             .where(snaps_t.c.instance == instance, snaps_t.c.taken_at >= _naive(start), snaps_t.c.taken_at <= _naive(end))
             .order_by(snaps_t.c.taken_at))
        with get_engine(self.url).connect() as conn:
            return [tuple(r) for r in conn.execute(q)]


@dataclass
class StatementWindow:
    """A statement source over a window (SnapshotReader.statements)."""

    source: str
    start: dt.datetime
    end: dt.datetime
    since: dt.datetime  # the first snapshot standing for the window
    until: dt.datetime  # the last one
    snapshots: list[Point]  # the '(instance)' summary rows standing for the window (entries, max, dealloc, full …)
    keyframe: dt.datetime | None  # the full snapshot the values at ``since`` were rebuilt from (None: unknown)
    keys: dict[str, list[Point]]  # key → points (carried forward), oldest first
    gone: int = 0  # keys that disappeared between the window's snapshots (evicted, reset, removed)
    # keys with no stored row at ``since``, first stored inside the window and counted whole from a 0 point there:
    # new statements, or ones that were there but not visible before (pg-perf-review S2; the checks say so)
    appeared: set[str] = field(default_factory=set)

    @property
    def coverage_pct(self) -> float:
        length = max((self.end - self.start).total_seconds(), 1.0)
        return round(min(100.0, 100.0 * (self.until - self.since).total_seconds() / length), 1)

    def summary_increase(self, column: str) -> float | None:
        """How much a summary counter (dealloc) rose over the window's snapshots (a reset: counted from 0)."""
        vals = [(p.epoch, p.data.get(column)) for p in self.snapshots if isinstance(p.data.get(column), (int, float))]
        if len(vals) < 2:
            return None
        total = 0.0
        for (ea, a), (eb, b) in zip(vals, vals[1:]):
            total += b - a if b >= a and ea == eb else b
        return total

    @property
    def reset(self) -> bool:
        """The source's own epoch (pg_stat_statements_info.stats_reset) moved inside the window."""
        epochs = [p.epoch for p in self.snapshots if p.epoch is not None]
        return any(b > a for a, b in zip(epochs, epochs[1:]))


def _carried(rows: list[tuple], s0: dt.datetime, sn: dt.datetime, known_absent: bool) -> list[Point]:
    """One key's points from its stored rows (time, epoch, data; a tombstone's data is {GONE: 1}),
    oldest first: its value at s0 carried from the last row before (or 0 at s0 when ``known_absent`` —
    the keyframe shows it was not there — and it appears later), each row in (s0, sn] (a tombstone as
    0 in every column), and its last value again at sn."""
    before = [r for r in rows if r[0] <= s0]
    inside = [r for r in rows if s0 < r[0] <= sn]
    if not inside:
        return []  # unchanged over the window (or gone before it): nothing counted there
    columns = sorted({k for r in rows for k in r[2] if k != GONE})
    zero = {c: 0 for c in columns}
    pts: list[Point] = []
    base = before[-1] if before else None
    if base is not None and GONE not in base[2]:
        pts.append(Point(s0, base[1], base[2]))
    elif base is not None or known_absent:  # not there at s0: it counted its first value inside the window
        first = next((r for r in inside if GONE not in r[2]), None)
        if first is not None:
            pts.append(Point(s0, first[1], zero))
    epoch = pts[-1].epoch if pts else None
    for t, e, data in inside:
        if GONE in data:
            pts.append(Point(t, epoch, zero))
        else:
            pts.append(Point(t, e, data))
            epoch = e
    if pts and pts[-1].taken_at < sn:
        pts.append(Point(sn, pts[-1].epoch, pts[-1].data))
    return pts


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
    """Delete snapshots older than the retention, and statement texts not seen at a keyframe since;
    returns how many snapshots."""
    cutoff = _naive(now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=retention_days)
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(texts_t.delete().where(texts_t.c.last_seen < cutoff))
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
