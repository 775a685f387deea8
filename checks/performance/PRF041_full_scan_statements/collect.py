"""PRF041: the statement digests that ran without a usable index in the window (SUM_NO_INDEX_USED /
SUM_NO_GOOD_INDEX_USED increases, from the stored my.digests snapshots; else since the server start)."""

from __future__ import annotations

from checks.performance._mydigests import DIGEST_COLUMNS, DIGESTS, digest_of, figures, require_digests, texts


def _common(f) -> dict:
    return {"basis": f.basis, "counters_since": f.since, "counters_until": f.until, "coverage_pct": f.coverage_pct,
            "lower_bound": f.lower_bound or None, "lower_bound_zh": f.lower_bound_zh or None}


def mysql(ctx):
    require_digests(ctx)
    f = figures(ctx, DIGESTS, DIGEST_COLUMNS, "count_star")
    top = int(ctx.thresholds["top"].value)
    scanning = {k: s for k, s in f.stats.items() if (s.get("no_index_used") or 0) + (s.get("no_good_index_used") or 0) > 0}
    ranked = sorted(scanning, key=lambda k: (-(scanning[k].get("rows_examined") or 0), k))
    chosen = ranked[:top]
    txt = texts(ctx, DIGESTS, chosen)
    rows = []
    for k in chosen:
        s = scanning[k]
        digest, schema = digest_of(k)
        calls = int(s.get("count_star") or 0)
        scans = int((s.get("no_index_used") or 0) + (s.get("no_good_index_used") or 0))
        examined = int(s.get("rows_examined") or 0)
        rows.append({"statement": k, "digest": digest, "schema_name": schema or None, "query": txt.get(k),
                     "calls": calls, "full_scan_calls": scans, "full_scan_pct": round(100.0 * scans / calls, 1) if calls else None,
                     "rows_examined": examined, "examined_per_call": round(examined / calls) if calls else None,
                     "rows_sent": int(s.get("rows_sent") or 0), "total_time_ms": round(s.get("sum_timer_wait") or 0.0, 3),
                     "digests_scanning": len(scanning), **_common(f)})
    if not rows:
        rows.append({"statement": None, "digest": None, "schema_name": None, "query": None, "calls": 0,
                     "full_scan_calls": 0, "full_scan_pct": None, "rows_examined": 0, "examined_per_call": None,
                     "rows_sent": 0, "total_time_ms": 0.0, "digests_scanning": 0, **_common(f)})
    return rows


mariadb = mysql
