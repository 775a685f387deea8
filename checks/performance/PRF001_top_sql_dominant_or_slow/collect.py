"""PRF001: the statements that cost most time in the window, from the stored pg.statements snapshots
(checks/performance/_statements), else since pg_stat_statements was reset; dbpatrol's own left out."""

from __future__ import annotations

from checks.performance._statements import base_row, series_of, statements, texts, toplevel

CHARTED = 5  # statements whose sampled series the finding carries (the report charts them)


def postgresql(ctx):
    st = statements(ctx)
    th = ctx.thresholds
    top, min_calls, slow_ms = int(th["top"].value), th["min_calls"].value, th["mean_time_ms"].warning
    # top-level keys only: a nested statement's time is also in its caller's (track = all)
    total_all = sum(f.get("total_exec_time") or 0.0 for k, f in st.stats.items() if toplevel(k))
    ranked = sorted(st.stats, key=lambda k: (-(st.stats[k].get("total_exec_time") or 0.0), k))

    def slow(k):
        f = st.stats[k]
        calls = f.get("calls") or 0
        return slow_ms is not None and calls >= (min_calls or 0) and (f.get("total_exec_time") or 0) / calls >= slow_ms

    chosen = ranked[:top] + [k for k in ranked[top:] if slow(k)][:top]
    txt = texts(ctx, st, chosen)
    rank = {k: i + 1 for i, k in enumerate(ranked)}
    rows = []
    for k in chosen:
        r = base_row(ctx, st, k, txt.get(k))
        r.update(rank=rank[k], statements=len(st.stats), total_time_all_ms=round(total_all, 3),
                 time_pct=round(100.0 * (st.stats[k].get("total_exec_time") or 0.0) / total_all, 1) if total_all else 0.0)
        if st.basis == "window" and rank[k] <= CHARTED:
            r["series"] = series_of(st, k)
        rows.append(r)
    if not rows:  # nothing ran: one row that only names the basis
        r = base_row(ctx, st, "", None)
        r.update(statement=None, query=None, calls=0, rank=0, statements=0, total_time_all_ms=0.0, time_pct=0.0)
        rows.append(r)
    return rows
