"""PRF003: the statements that wrote temporary files in the window (temp_blks_written), from the stored
pg.statements snapshots, else since pg_stat_statements was reset (checks/performance/_statements)."""

from __future__ import annotations

from checks.performance._statements import base_row, days, statements, texts, toplevel

LIMIT = 20


def postgresql(ctx):
    st = statements(ctx)
    spilled = sorted((k for k, f in st.stats.items() if (f.get("temp_blks_written") or 0) > 0),
                     key=lambda k: (-(st.stats[k].get("temp_blks_written") or 0), k))
    total = sum(st.stats[k].get("temp_blks_written") or 0 for k in spilled if toplevel(k))  # nested: also in the caller
    chosen = spilled[:LIMIT]
    txt = texts(ctx, st, chosen)
    rows = []
    for i, k in enumerate(chosen):
        r = base_row(ctx, st, k, txt.get(k))
        f = st.stats[k]
        r.update(rank=i + 1, days=round(days(st), 4), spilling=len(spilled),
                 temp_pct=round(100.0 * (f.get("temp_blks_written") or 0) / total, 1) if total else 0.0,
                 temp_mb_per_call=round(r["temp_mb"] / r["calls"], 2) if r["calls"] else None)
        if st.basis == "window" and i < 5:
            r["series"] = {"temp_blks_written": [(t, v) for t, v in series_of_temp(st, k)]}
        rows.append(r)
    if not rows:
        r = base_row(ctx, st, "", None)
        r.update(statement=None, query=None, calls=0, rank=0, days=round(days(st), 4), spilling=0, temp_pct=0.0,
                 temp_mb_per_call=None)
        rows.append(r)
    return rows


def series_of_temp(st, key):
    from checks.performance._statements import _iso

    return [(_iso(p.taken_at), p.data.get("temp_blks_written")) for p in st.points.get(key, [])
            if isinstance(p.data.get("temp_blks_written"), (int, float))]
