"""PRF040: the statement digests that cost most time in the window, from the stored my.digests snapshots
(checks/performance/_mydigests), else since the server start; dbpatrol's own left out by the source."""

from __future__ import annotations

from checks.performance._mydigests import DIGEST_COLUMNS, DIGESTS, digest_of, figures, require_digests, series_of, texts

CHARTED = 5  # digests whose sampled series the finding carries (the report charts them)


def rows_for(ctx, f, chosen, rank, total_all):
    txt = texts(ctx, DIGESTS, chosen)
    out = []
    for k in chosen:
        s = f.stats[k]
        digest, schema = digest_of(k)
        calls = s.get("count_star") or 0
        total = s.get("sum_timer_wait") or 0.0
        r = {"statement": k, "digest": digest, "schema_name": schema or None, "query": txt.get(k), "rank": rank[k],
             "calls": int(calls), "total_time_ms": round(total, 3), "mean_time_ms": round(total / calls, 3) if calls else None,
             "time_pct": round(100.0 * total / total_all, 1) if total_all else 0.0,
             "lock_time_ms": round(s.get("sum_lock_time") or 0.0, 3), "rows_sent": int(s.get("rows_sent") or 0),
             "rows_examined": int(s.get("rows_examined") or 0), "no_index_used": int(s.get("no_index_used") or 0),
             "no_good_index_used": int(s.get("no_good_index_used") or 0),
             "tmp_disk_tables": int(s.get("tmp_disk_tables") or 0), "sort_merge_passes": int(s.get("sort_merge_passes") or 0),
             "statements": len(f.stats), "total_time_all_ms": round(total_all, 3)}
        if f.basis == "window" and rank[k] <= CHARTED:
            r["series"] = series_of(f, k)
        out.append(r)
    return out


def common(f) -> dict:
    return {"basis": f.basis, "counters_since": f.since, "counters_until": f.until, "coverage_pct": f.coverage_pct,
            "lower_bound": f.lower_bound or None, "lower_bound_zh": f.lower_bound_zh or None}


def mysql(ctx):
    require_digests(ctx)
    f = figures(ctx, DIGESTS, DIGEST_COLUMNS, "count_star")
    th = ctx.thresholds
    top, min_calls, slow_ms = int(th["top"].value), th["min_calls"].value, th["mean_time_ms"].warning
    total_all = sum(s.get("sum_timer_wait") or 0.0 for s in f.stats.values())
    ranked = sorted(f.stats, key=lambda k: (-(f.stats[k].get("sum_timer_wait") or 0.0), k))

    def slow(k):
        s = f.stats[k]
        calls = s.get("count_star") or 0
        return slow_ms is not None and calls >= (min_calls or 0) and (s.get("sum_timer_wait") or 0) / calls >= slow_ms

    chosen = ranked[:top] + [k for k in ranked[top:] if slow(k)][:top]
    rank = {k: i + 1 for i, k in enumerate(ranked)}
    rows = [{**r, **common(f)} for r in rows_for(ctx, f, chosen, rank, total_all)]
    if not rows:  # nothing ran: one row that only names the basis
        rows.append({"statement": None, "digest": None, "schema_name": None, "query": None, "rank": 0, "calls": 0,
                     "total_time_ms": 0.0, "mean_time_ms": None, "time_pct": 0.0, "lock_time_ms": 0.0, "rows_sent": 0,
                     "rows_examined": 0, "no_index_used": 0, "no_good_index_used": 0, "tmp_disk_tables": 0,
                     "sort_merge_passes": 0, "statements": 0, "total_time_all_ms": 0.0, **common(f)})
    return rows


mariadb = mysql
