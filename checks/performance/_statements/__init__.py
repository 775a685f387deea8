"""What the statement checks (PRF001-PRF003) share: pg_stat_statements per statement over the window,
from the stored pg.statements snapshots (docs/window.md "Statement sources"), else counters since the
statistics were reset, read now with the same source SQL.

Not a check (the registry skips ``_`` folders). ``statements(ctx)`` returns a :class:`Statements`:
per statement key (userid:dbid:queryid:toplevel) its figures in the window (or since the reset), the
basis, the times they cover and, when entries were evicted or reset inside the window, why the figures
are lower bounds. dbpatrol's own statements (the session's user: the sampler and the inspections run as
it) are left out. ``rows(...)`` turns them into check rows with names and masked texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from checks import samples
from checks.collect import CollectSkip

SOURCE = "pg.statements"
COLUMNS = ("calls", "total_exec_time", "total_plan_time", "rows", "shared_blks_hit", "shared_blks_read",
           "shared_blks_dirtied", "shared_blks_written", "temp_blks_read", "temp_blks_written", "blk_read_time",
           "blk_write_time", "wal_bytes")
NO_PRIVILEGE = "<insufficient privilege>"
SERIES_COLUMNS = ("total_exec_time", "calls")
NAMES_SQL = ("SELECT 'd' AS kind, oid::text AS oid, datname AS name FROM pg_database UNION ALL "
             "SELECT 'u', oid::text, rolname FROM pg_roles UNION ALL "
             "SELECT 'me', oid::text, rolname FROM pg_roles WHERE rolname = current_user UNION ALL "
             "SELECT 'bs', current_setting('block_size'), NULL")


@dataclass
class Statements:
    basis: str  # "window" (from snapshots) or "cumulative" (since the statistics were reset)
    since: dt.datetime | None
    until: dt.datetime | None
    stats: dict[str, dict[str, float]]  # key → column → figure (in the window / since the reset)
    coverage_pct: float | None = None
    lower_bound: str = ""  # why the figures are lower bounds ("" : they are not)
    uncertain: str = ""  # why some figures may hold time from before the window ("": none do)
    points: dict[str, list] = field(default_factory=dict)  # key → its points over the window (basis window)
    texts: dict[str, str] = field(default_factory=dict)  # known texts (cumulative: read with the numbers)
    snapshots: int = 0


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def names(ctx) -> dict[str, Any]:
    """Database and role names by oid, the session user's oid and the block size."""
    return ctx.memo("prf.names", lambda: _names(ctx))


def _names(ctx) -> dict[str, Any]:
    out: dict[str, Any] = {"d": {}, "u": {}, "me": None, "block_size": 8192}
    for r in ctx.run(NAMES_SQL):
        if r["kind"] == "me":
            out["me"] = r["oid"]
        elif r["kind"] == "bs":
            out["block_size"] = int(r["oid"])
        else:
            out[r["kind"]][r["oid"]] = r["name"]
    return out


def toplevel(key: str) -> bool:
    """A top-level statement's key (``…:t``). With pg_stat_statements.track = all a nested statement (run by a
    function or procedure, ``…:f``) is counted in its own entry and again inside its caller's: a sum over
    every key counts that time twice, so totals (the share of all time, of all temp) sum top-level keys only."""
    return not key.endswith(":f")


def _own(key: str, me: str | None) -> bool:
    return me is not None and key.split(":", 1)[0] == me


def increases(pts: list, start: dt.datetime) -> tuple[dict[str, float], bool]:
    """Every column's increase over one key's points in one pass: checks.window.increase's rule with
    PostgreSQL's exact epochs (slack 0) — the first point counts whole when its counters started inside
    the window; a pair counts b - a in one epoch, b when the epoch moved or the value dropped (a
    restart: the figure is then a lower bound, returned True)."""
    out = {c: 0.0 for c in COLUMNS}
    restarted = False
    first = pts[0]
    if first.epoch is not None and start <= first.epoch <= first.taken_at:
        for c in COLUMNS:
            out[c] += first.data.get(c) or 0
    for a, b in zip(pts, pts[1:]):
        moved = a.epoch is not None and b.epoch is not None and b.epoch > a.epoch
        for c in COLUMNS:
            va, vb = a.data.get(c) or 0, b.data.get(c) or 0
            if not moved and vb >= va:
                out[c] += vb - va
            else:
                out[c] += vb
                restarted = restarted or c == "calls"
    return out, restarted


def in_window(ctx, start: dt.datetime, end: dt.datetime) -> Statements | None:
    """The statements' increases over [start, end] from the stored snapshots; None without two snapshots."""
    session = ctx.session
    if session.snapshots is None or not session.instance_name:
        return None
    w = session.snapshots.statements(session.instance_name, SOURCE, start, end)
    if w is None:
        return None
    me = names(ctx)["me"]
    stats: dict[str, dict[str, float]] = {}
    points: dict[str, list] = {}
    bound = False
    for key, pts in w.keys.items():
        if _own(key, me):
            continue
        figures, restarted = increases(pts, w.start)
        bound |= restarted
        if figures.get("calls", 0) > 0:
            stats[key] = figures
            points[key] = pts
    evicted = int(w.summary_increase("dealloc") or 0)
    why = []
    if evicted:
        why.append(f"pg_stat_statements evicted {evicted} entries inside the window")
    if w.reset:
        why.append("its statistics were reset inside the window")
    if w.gone and not evicted and not w.reset:
        why.append(f"{w.gone} entries disappeared inside the window")
    if bound and not why:
        why.append("some statements' counters restarted inside the window")
    return Statements("window", w.since, w.until, stats, coverage_pct=w.coverage_pct, lower_bound="; ".join(why),
                      points=points, snapshots=len(w.snapshots),
                      uncertain=_appeared_note(w, [k for k in stats if k in w.appeared], session.version))


def _appeared_note(w, keys: list[str], version) -> str:
    """pg-perf-review S2. A statement the store first holds inside the window is counted whole (a 0 point at the
    window's first snapshot): right for one created there, wrong for one that ran before unseen (the monitoring user
    granted pg_read_all_stats inside the window: other users' rows had no queryid before). 17+: its stats_since says
    which — before the window's first snapshot, its figure holds time from before the window. 14-16 keep no start per
    statement, so it cannot be told and the finding says so."""
    if not keys:
        return ""
    if _major(version) >= 17:
        early = [k for k in keys if (pts := w.keys.get(k)) and pts[0].epoch is not None and pts[0].epoch < w.since]
        if not early:
            return ""
        return (f"{len(early)} statement(s) first stored inside the window have counters that started before it "
                f"(stats_since before {_iso(w.since)}: they ran unseen, e.g. before the monitoring user could read "
                f"other users' statements) and are counted whole, so their figures hold time from before the window")
    return (f"{len(keys)} statement(s) first stored inside the window are counted whole: PostgreSQL before 17 keeps no "
            f"start time per statement, so had they run before it unseen (e.g. before the monitoring user was granted "
            f"pg_read_all_stats) that time is in their figures")


def _major(version) -> int:
    """The major version of a session's ``version`` tuple (or a "17.2" string); 0 when unknown."""
    try:
        return int(version[0]) if isinstance(version, tuple) else int(str(version).split(".")[0])
    except (TypeError, ValueError, IndexError):
        return 0


def since_reset(ctx) -> Statements:
    """The statements' counters now (since pg_stat_statements was reset), with the source's own SQL."""
    session = ctx.session
    sql = samples.sql_for(samples.by_name(SOURCE), session.flavor, session.version)
    rows = ctx.run(sql)
    me = names(ctx)["me"]
    stats, since = {}, None
    dealloc = None
    for r in rows:
        key = str(r["object"])
        if key == samples.INSTANCE:
            since = samples.utc(r.get("epoch"))
            dealloc = samples.numbers(r.get("data")).get("dealloc")
            continue
        if _own(key, me):
            continue
        data = samples.numbers(r.get("data"))
        if data.get("calls", 0) > 0:
            stats[key] = data
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    why = f"pg_stat_statements evicted {int(dealloc)} entries since its reset" if dealloc else ""
    return Statements("cumulative", since, now, stats, lower_bound=why)


def statements(ctx, start: dt.datetime | None = None, end: dt.datetime | None = None,
               fallback: bool = True) -> Statements | None:
    start = ctx.window_start if start is None else start
    end = ctx.window_end if end is None else end
    got = in_window(ctx, start, end)
    if got is None and fallback:
        got = since_reset(ctx)
    return got


def texts(ctx, st: Statements, keys: list[str]) -> dict[str, str]:
    """The masked texts of ``keys``: stored ones first, the rest read from the server now."""
    session = ctx.session
    out: dict[str, str] = {}
    if session.snapshots is not None and session.instance_name:
        try:
            out.update(session.snapshots.texts(session.instance_name, SOURCE, keys))
        except Exception:  # noqa: BLE001 - an unreadable store: read them from the server
            pass
    missing = [k for k in keys if k not in out]
    if missing:
        snap = samples.Snapshot(taken_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        samples._read_texts(session, samples.by_name(SOURCE), missing, snap)  # noqa: SLF001 - the source's reader
        out.update({k: t for (_, k), t in snap.texts.items()})
    for k, t in out.items():
        if t == NO_PRIVILEGE:
            raise CollectSkip("privilege", "pg_read_all_stats (other users' statement texts read "
                              "'<insufficient privilege>': GRANT pg_read_all_stats TO the monitoring user)",
                              "pg_read_all_stats（其他用户的语句文本显示为 '<insufficient privilege>'：请 GRANT "
                              "pg_read_all_stats 给监控用户）")
    return out


def series_of(st: Statements, key: str) -> dict[str, list[tuple[str, float]]]:
    pts = st.points.get(key) or []
    return {c: [(_iso(p.taken_at), p.data.get(c)) for p in pts if isinstance(p.data.get(c), (int, float))]
            for c in SERIES_COLUMNS} if pts else {}


def base_row(ctx, st: Statements, key: str, text: str | None) -> dict[str, Any]:
    """The figures every statement row carries: names, masked text, calls, times, blocks, basis."""
    n = names(ctx)
    parts = key.split(":")
    f = st.stats.get(key, {})
    calls = f.get("calls") or 0
    total = f.get("total_exec_time") or 0.0
    bs = n["block_size"]
    return {
        "statement": key,
        "queryid": parts[2] if len(parts) > 2 else None,
        "database": n["d"].get(parts[1], parts[1]) if len(parts) > 1 else None,
        "username": n["u"].get(parts[0], parts[0]),
        "query": samples.mask_statement(text) if text is not None else "(text not stored)",
        "calls": int(calls),
        "total_time_ms": round(total, 3),
        "mean_time_ms": round(total / calls, 3) if calls else None,
        "rows": int(f.get("rows") or 0),
        "shared_blks_hit": int(f.get("shared_blks_hit") or 0),
        "shared_blks_read": int(f.get("shared_blks_read") or 0),
        "temp_blks_written": int(f.get("temp_blks_written") or 0),
        "temp_mb": round((f.get("temp_blks_written") or 0) * bs / 1048576, 1),
        "wal_bytes": int(f.get("wal_bytes") or 0),
        "io_time_ms": round((f.get("blk_read_time") or 0) + (f.get("blk_write_time") or 0), 3),
        "basis": st.basis,
        "counters_since": _iso(st.since),
        "counters_until": _iso(st.until),
        "coverage_pct": st.coverage_pct,
        "lower_bound": st.lower_bound,
        "uncertain": st.uncertain,
    }


def days(st: Statements) -> float:
    if st.since is None or st.until is None:
        return 0.0
    return max((st.until - st.since).total_seconds(), 0.0) / 86400


def basis_params(rows: list[dict[str, Any]], ctx=None) -> dict[str, Any]:
    """Message parameters naming the basis: {basis_text} (en) / {basis_text_zh}, and the lower-bound note."""
    r = rows[0] if rows else {}
    since, until = r.get("counters_since"), r.get("counters_until")
    if r.get("basis") == "window":
        en = f"in the window ({since} → {until}, {r.get('coverage_pct')} % covered by statement snapshots)"
        zh = f"窗口内（{since} → {until}，语句快照覆盖 {r.get('coverage_pct')}%）"
    else:
        when = since or "an unrecorded time (PostgreSQL 13 keeps no reset time)"
        en = (f"since pg_stat_statements was reset ({when}): no statement snapshots cover the window, so these "
              f"are counters since the reset, not the window's")
        zh = (f"自 pg_stat_statements 重置以来（{since or '未记录的时间（PostgreSQL 13 不记录重置时间）'}）：没有语句快照"
              f"覆盖窗口，以下为重置以来的累计值，而非窗口内数值")
    note, unsure = r.get("lower_bound") or "", r.get("uncertain") or ""
    return {"basis_text": en, "basis_text_zh": zh,
            "bound_note": (f" Figures are lower bounds: {note}." if note else "")
            + (f" Figures may hold time from before the window: {unsure}." if unsure else ""),
            "bound_note_zh": (f"数值为下限：{note}。" if note else "") + (f"部分数值可能含窗口之前的时间：{unsure}。" if unsure else "")}
