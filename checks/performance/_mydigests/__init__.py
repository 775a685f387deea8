"""What the MySQL/MariaDB performance_schema checks share (PRF040-PRF043): a statement-like source's figures per
key over the window, from the stored snapshots (docs/window.md "Statement sources": my.digests, my.waits,
my.file_io are stored where changed), else counters since the server start (each key since it was first
counted), read now with the source's own SQL.

Not a check (the registry skips ``_`` folders). ``figures(ctx, source, columns)`` returns a :class:`Figures`:
per key its increase in the window (checks.window's rule: a pair counts b - a within one epoch, b when the
key's epoch moved or a value dropped — evicted, TRUNCATEd, a restart — and the figure is then a lower bound),
the basis and when the figures are lower bounds, why. dbpatrol's own statements are left out by the source
(digests reading performance_schema / information_schema, SHOW … STATUS/VARIABLES/GRANTS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from checks import samples
from checks.collect import CollectSkip

DIGESTS = "my.digests"
DIGEST_COLUMNS = ("count_star", "sum_timer_wait", "sum_lock_time", "rows_sent", "rows_examined", "rows_affected",
                  "tmp_tables", "tmp_disk_tables", "full_joins", "full_scans", "sort_merge_passes", "no_index_used",
                  "no_good_index_used", "errors")

ENABLE = ("performance_schema = ON in my.cnf ([mysqld] / [mariadb]) and a restart; the statements_digest consumer "
          "(UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'statements_digest')")
ENABLE_ZH = ("在 my.cnf（[mysqld] / [mariadb]）中设置 performance_schema = ON 并重启；并启用 statements_digest 消费者"
             "（UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'statements_digest'）")


@dataclass
class Figures:
    basis: str  # "window" (from snapshots) or "cumulative" (since each key was first counted)
    since: dt.datetime | None
    until: dt.datetime | None
    stats: dict[str, dict[str, float]]  # key → column → figure
    coverage_pct: float | None = None
    lower_bound: str = ""  # why the figures are lower bounds ("": they are not)
    lower_bound_zh: str = ""
    points: dict[str, list] = field(default_factory=dict)
    summary: dict[str, float] = field(default_factory=dict)  # the '(instance)' row (cumulative) / its increases


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def increases(pts: list, start: dt.datetime, columns) -> tuple[dict[str, float], bool]:
    """Every column's increase over one key's points in one pass (checks.window.increase's rule; the epochs are
    exact, FIRST_SEEN in UTC): the first point counts whole when its key was first counted inside the window; a
    pair counts b - a within one epoch, b when the epoch moved or the value dropped (then True: a lower bound)."""
    out = {c: 0.0 for c in columns}
    restarted = False
    first = pts[0]
    if first.epoch is not None and start <= first.epoch <= first.taken_at:
        for c in columns:
            out[c] += first.data.get(c) or 0
    for a, b in zip(pts, pts[1:]):
        moved = a.epoch is not None and b.epoch is not None and b.epoch > a.epoch
        dropped = any((b.data.get(c) or 0) < (a.data.get(c) or 0) for c in columns)
        for c in columns:
            va, vb = a.data.get(c) or 0, b.data.get(c) or 0
            out[c] += vb if (moved or dropped) else vb - va
        restarted |= moved or dropped
    return out, restarted


def _naive(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def in_window(ctx, source: str, columns, activity: str, start=None, end=None) -> Figures | None:
    session = ctx.session
    if session.snapshots is None or not session.instance_name:
        return None
    start = _naive(ctx.window_start if start is None else start)
    end = _naive(ctx.window_end if end is None else end)
    w = session.snapshots.statements(session.instance_name, source, start, end)
    if w is None:
        return None
    stats, points, bound = {}, {}, False
    for key, pts in w.keys.items():
        figures, restarted = increases(pts, w.start, columns)
        bound |= restarted
        if figures.get(activity, 0) > 0:
            stats[key] = figures
            points[key] = pts
    lost = int(w.summary_increase("digest_lost") or 0)
    why, why_zh = [], []
    if lost:
        why.append(f"Performance_schema_digest_lost rose by {lost:,} in the window: statements went undigested "
                   "because the digest table was full (performance_schema_digests_size)")
        why_zh.append(f"窗口内 Performance_schema_digest_lost 增加 {lost:,}：摘要表已满（performance_schema_digests_size），"
                      "部分语句未被统计")
    if w.gone:
        why.append(f"{w.gone:,} entries disappeared inside the window (TRUNCATE, a restart)")
        why_zh.append(f"窗口内有 {w.gone:,} 个条目消失（TRUNCATE 或重启）")
    if bound and not why:
        why.append("some entries' counters restarted inside the window")
        why_zh.append("窗口内部分条目的计数器重新开始")
    summary = {c: w.summary_increase(c) for c in ("digest_lost", "unhashed")}
    last = w.snapshots[-1].data if w.snapshots else {}
    summary.update(entries=last.get("entries"), max=last.get("max"), excluded=last.get("excluded"))
    return Figures("window", w.since, w.until, stats, coverage_pct=w.coverage_pct, lower_bound="; ".join(why),
                   lower_bound_zh="；".join(why_zh), points=points, summary=summary)


def since_start(ctx, source: str, columns, activity: str) -> Figures:
    """The source's counters now (each key since it was first counted: FIRST_SEEN, the server start)."""
    session = ctx.session
    sql = samples.sql_for(samples.by_name(source), session.flavor, session.version)
    stats, summary, firsts = {}, {}, []
    for r in ctx.run(sql):
        key = str(r["object"])
        data = samples.numbers(r.get("data"))
        if key == samples.INSTANCE:
            summary = data
            continue
        if (data.get(activity) or 0) > 0:
            stats[key] = {c: data.get(c) or 0 for c in columns}
            e = samples.utc(r.get("epoch"))
            if e is not None:
                firsts.append(e)
    uptime = ctx.session.facts.get("uptime_s")
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    start = now - dt.timedelta(seconds=float(uptime)) if uptime else (min(firsts) if firsts else None)
    lost = summary.get("digest_lost") or 0
    why = (f"Performance_schema_digest_lost is {int(lost):,}: statements went undigested because the digest table "
           "was full (performance_schema_digests_size)") if lost else ""
    why_zh = f"Performance_schema_digest_lost 为 {int(lost):,}：摘要表已满，部分语句未被统计" if lost else ""
    return Figures("cumulative", start.replace(microsecond=0) if start else None, now.replace(microsecond=0), stats,
                   lower_bound=why, lower_bound_zh=why_zh, summary=summary)


def figures(ctx, source: str, columns, activity: str) -> Figures:
    return in_window(ctx, source, columns, activity) or since_start(ctx, source, columns, activity)


def require_consumers(ctx, names=("global_instrumentation", "statements_digest")) -> None:
    """SKIPPED not applicable when a performance_schema consumer the check reads is off (nothing is counted)."""
    wanted = ", ".join(f"'{n}'" for n in names)  # fixed names from the checks, never user input
    rows = ctx.run("SELECT NAME AS name, ENABLED AS enabled FROM performance_schema.setup_consumers "
                   f"WHERE NAME IN ({wanted})")
    off = sorted(r["name"] for r in rows if str(r["enabled"]).upper() != "YES")
    if off:
        raise CollectSkip("not_applicable", f"not applicable: the performance_schema consumer(s) {', '.join(off)} "
                          f"are disabled, so nothing is counted; enable them (UPDATE performance_schema.setup_consumers "
                          f"SET ENABLED = 'YES' WHERE NAME IN ({wanted}), and performance-schema-consumer-<name> = ON in "
                          "my.cnf to keep it)",
                          f"不适用：performance_schema 消费者 {', '.join(off)} 未启用，不会计数；请启用（UPDATE "
                          f"performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ({wanted})，并在 my.cnf 中设置 "
                          "performance-schema-consumer-<name> = ON 以持久化）")


def require_digests(ctx) -> None:
    require_consumers(ctx, ("global_instrumentation", "statements_digest"))


def texts(ctx, source: str, keys: list[str]) -> dict[str, str]:
    """The masked texts of ``keys``: stored ones first, the rest read from the server now."""
    session = ctx.session
    out: dict[str, str] = {}
    if session.snapshots is not None and session.instance_name:
        try:
            out.update(session.snapshots.texts(session.instance_name, source, keys))
        except Exception:  # noqa: BLE001 - an unreadable store: read them from the server
            pass
    missing = [k for k in keys if k not in out]
    if missing:
        snap = samples.Snapshot(taken_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        samples._read_texts(session, samples.by_name(source), missing, snap)  # noqa: SLF001 - the source's reader
        out.update({k: t for (_, k), t in snap.texts.items()})
    return out


def digest_of(key: str) -> tuple[str, str]:
    """(digest, schema) of a my.digests key d:<digest>:<id>:<schema>."""
    parts = key.split(":", 3)
    return (parts[1] if len(parts) > 1 else key), (parts[3] if len(parts) > 3 else "")


def basis_params(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Message parameters naming the basis of a collector's rows (basis, counters_since/_until, coverage_pct,
    lower_bound[_zh]): {basis_text} / {basis_text_zh} and the lower-bound note {bound_note} / {bound_note_zh}."""
    r = rows[0] if rows else {}
    since, until = _text_time(r.get("counters_since")), _text_time(r.get("counters_until"))
    if r.get("basis") == "window":
        en = f"in the window ({since} to {until} from snapshots, {r.get('coverage_pct')}% of the window)"
        zh = f"窗口内（快照 {since} 至 {until}，覆盖窗口 {r.get('coverage_pct')}%）"
    else:
        en = (f"since the server start {since} (no snapshots cover the window: counters since each entry was first "
              "counted, not a window delta)")
        zh = f"自实例启动 {since} 以来（没有覆盖窗口的快照：各条目自首次计数以来的累计值，非窗口内增量）"
    note, note_zh = r.get("lower_bound") or "", r.get("lower_bound_zh") or r.get("lower_bound") or ""
    return {"basis_text": en, "basis_text_zh": zh, "bound_note": f" The figures are lower bounds: {note}." if note else "",
            "bound_note_zh": f"以上数字为下限：{note_zh}。" if note else ""}


def _text_time(v) -> str:
    if isinstance(v, dt.datetime):
        return _iso(v) or ""
    return str(v) if v is not None else "an unknown time"


def series_of(f: Figures, key: str, columns=("sum_timer_wait", "count_star")) -> dict[str, list]:
    pts = f.points.get(key) or []
    return {c: [(_iso(p.taken_at), p.data.get(c)) for p in pts if isinstance(p.data.get(c), (int, float))]
            for c in columns} if pts else {}


def common(f: Figures) -> dict[str, Any]:
    """The basis columns every row of these collectors carries."""
    return {"basis": f.basis, "counters_since": f.since, "counters_until": f.until, "coverage_pct": f.coverage_pct,
            "lower_bound": f.lower_bound or None, "lower_bound_zh": f.lower_bound_zh or None}


def seconds_of(f: Figures) -> float | None:
    """The time the figures cover (window: between its first and last snapshot; else since the server start)."""
    if f.since is None or f.until is None:
        return None
    return max((f.until - f.since).total_seconds(), 0.0)
