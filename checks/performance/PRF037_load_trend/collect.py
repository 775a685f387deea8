"""PRF037: the load in the window (statements and transactions per second, the read share) against the previous
period of the same length, both from the stored my.status snapshots (checks.window's increase: restarts split a
period into segments, never a negative delta; dbpatrol's own statements taken out, checks.window.own_share).
``tps`` is Com_commit + Com_rollback: explicit COMMIT / ROLLBACK statements only — an autocommit statement is a
transaction of its own and is not in it (mysql-perf-review-2 S3). ``engine_commits_ps`` is Handler_commit: the storage
engines' commits, autocommit statements and read-only ones included (a statement that touches two engines counts twice),
so it shows that load; None over snapshots taken before my.status read it."""

from __future__ import annotations

import datetime as dt

from checks.window import Series, increase

SOURCE = "my.status"
COUNTERS = ("questions", "com_commit", "com_rollback", "com_select", "com_insert", "com_update", "com_delete",
            "handler_commit")


def _naive(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def period(ctx, start: dt.datetime, end: dt.datetime) -> dict | None:
    s = ctx.session
    pts = s.snapshots.points(s.instance_name, SOURCE, start, end).get("(instance)") or []
    if len(pts) < 2:
        return None
    series = Series(pts, (start, end))
    incs = {c: increase(series, c) for c in COUNTERS}
    q = incs["questions"]
    if q.value is None or not q.covered_s:
        return None
    covered = q.covered_s
    v = {c: (i.value or 0) for c, i in incs.items()}
    writes = v["com_insert"] + v["com_update"] + v["com_delete"]
    return {"questions": int(v["questions"]), "qps": round(v["questions"] / covered, 3),
            "tps": round((v["com_commit"] + v["com_rollback"]) / covered, 3),
            "engine_commits_ps": round(incs["handler_commit"].value / incs["handler_commit"].covered_s, 3)
            if incs["handler_commit"].value is not None and incs["handler_commit"].covered_s else None,
            "read_pct": round(100 * v["com_select"] / (v["com_select"] + writes), 1) if v["com_select"] + writes else None,
            "covered_s": round(covered, 3), "since": q.since, "until": q.until,
            "restarted": any(i.resets for i in incs.values())}


def mysql(ctx):
    s = ctx.session
    start, end = _naive(ctx.window_start), _naive(ctx.window_end)
    length = end - start
    now = prev = None
    if s.snapshots is not None and s.instance_name:
        now = period(ctx, start, end)
        prev = period(ctx, start - length, start)
    row = {"questions": None, "qps": None, "tps": None, "engine_commits_ps": None, "read_pct": None, "covered_s": None,
           "prev_questions": None, "prev_qps": None, "prev_tps": None, "prev_engine_commits_ps": None,
           "prev_read_pct": None, "prev_covered_s": None,
           "counters_since": None, "counters_until": None, "prev_since": None, "prev_until": None, "restarted": False}
    if now:
        row.update({k: now[k] for k in ("questions", "qps", "tps", "engine_commits_ps", "read_pct", "covered_s")},
                   counters_since=now["since"], counters_until=now["until"], restarted=now["restarted"])
    if prev:
        row.update({f"prev_{k}": prev[k] for k in ("questions", "qps", "tps", "engine_commits_ps", "read_pct", "covered_s")},
                   prev_since=prev["since"], prev_until=prev["until"], restarted=row["restarted"] or prev["restarted"])
    return [row]


mariadb = mysql
