"""The report's performance section: per instance, the top SQL of the window (PRF001's evidence, PRF003's
temporary-file writers, PRF002's regressions) as tables of masked, normalised text and in-window figures,
a bar chart of the top statements' time, the sampled series of the top statements (Finding.series, drawn by
reports/chart.py), and — when the report store holds an earlier report that ran these checks on the same
instance (a semi-annual or annual one: the checks' tier) — what got slower and what is new in the top list.

Only data: the template escapes every text; the one SVG is built here with chart._x (escaped).
"""

from __future__ import annotations

from typing import Any

from dbpatrol.results import Finding, InspectionResult, Outcome

TOP, TEMP, SLOWER = "PRF001", "PRF003", "PRF002"
TOP_ROWS = 10  # statements per table
SLOWER_FACTOR = 1.5  # a statement's mean against the previous report's, to list it as slower
_TOP_COLUMNS = ("rank", "database", "username", "query", "calls", "total_time_ms", "mean_time_ms", "time_pct", "rows",
                "shared_blks_read", "temp_mb", "wal_bytes")


def _finding(inst, code: str) -> Finding | None:
    return next((f for f in inst.findings if f.code == code and f.outcome not in (Outcome.SKIPPED, Outcome.ERROR)), None)


def _statements(f: Finding | None) -> list[dict[str, Any]]:
    rows = [r for r in (f.evidence if f else []) if r.get("statement")]
    return sorted(rows, key=lambda r: (r.get("rank") or 10 ** 9, -(r.get("total_time_ms") or 0)))


def _key(r: dict[str, Any]) -> tuple:
    """A statement across reports: its query id in its database for its user (the stored key names oids,
    which stay the same on one server; the names read better and survive a dump/restore)."""
    parts = str(r.get("statement") or "").split(":")
    level = parts[3] if len(parts) > 3 else "t"  # toplevel: the same query run directly and inside a function
    return (r.get("queryid"), r.get("database"), r.get("username"), level)


def compare(now: list[dict[str, Any]], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top statements now against the previous report's: new in the list, slower (mean × SLOWER_FACTOR
    or more), faster, or the same."""
    prev = {_key(r): r for r in before}
    out = []
    for r in now[:TOP_ROWS]:
        p = prev.get(_key(r))
        entry = {"rank": r.get("rank"), "database": r.get("database"), "username": r.get("username"),
                 "query": r.get("query"), "mean_now": r.get("mean_time_ms"), "calls_now": r.get("calls"),
                 "rank_before": p.get("rank") if p else None, "mean_before": p.get("mean_time_ms") if p else None,
                 "calls_before": p.get("calls") if p else None, "factor": None}
        if p is None:
            entry["status"] = "new"
        else:
            a, b = p.get("mean_time_ms") or 0, r.get("mean_time_ms") or 0
            entry["factor"] = round(b / a, 2) if a else None
            entry["status"] = ("slower" if a and b >= a * SLOWER_FACTOR else
                               "faster" if b and a >= b * SLOWER_FACTOR else "same")
        out.append(entry)
    order = {"slower": 0, "new": 1, "faster": 2, "same": 3}
    return sorted(out, key=lambda e: (order[e["status"]], e["rank"] or 0))


def section(result: InspectionResult, previous: InspectionResult | None = None) -> list[dict[str, Any]]:
    """One entry per instance with a top-SQL finding: its basis, tables, regressions and comparison."""
    out = []
    prev_by = {i.name: i for i in (previous.instances if previous else [])}
    for inst in result.instances:
        top = _finding(inst, TOP)
        if top is None:
            continue
        rows = _statements(top)
        temp = _statements(_finding(inst, TEMP))
        slower = [r for r in (_finding(inst, SLOWER).evidence if _finding(inst, SLOWER) else []) if r.get("statement")]
        entry: dict[str, Any] = {
            "instance": inst.name, "code": TOP, "basis": top.basis, "coverage_pct": top.coverage_pct,
            "since": rows[0].get("counters_since") if rows else None, "until": rows[0].get("counters_until") if rows else None,
            "lower_bound": rows[0].get("lower_bound") if rows else "",
            "statements": rows[0].get("statements") if rows else 0,
            "total_time_ms": rows[0].get("total_time_all_ms") if rows else 0,
            "top": [{c: r.get(c) for c in _TOP_COLUMNS} for r in rows[:TOP_ROWS]],
            "temp": [{c: r.get(c) for c in ("rank", "database", "username", "query", "calls", "temp_mb",
                                            "temp_mb_per_call", "temp_pct")} for r in temp[:TOP_ROWS]],
            "slower": [{c: r.get(c) for c in ("database", "username", "query", "prev_mean_time_ms", "mean_time_ms",
                                              "factor", "prev_calls", "calls")} for r in slower[:TOP_ROWS]],
            "previous": None, "comparison": [],
        }
        p_inst = prev_by.get(inst.name)
        p_top = _finding(p_inst, TOP) if p_inst else None
        if p_top is not None:
            p_rows = _statements(p_top)
            entry["previous"] = {"report": previous.id if previous else None,
                                 "tier": previous.tier if previous else None,
                                 "generated_at": previous.generated_at.isoformat() if previous else None,
                                 "since": p_rows[0].get("counters_since") if p_rows else None,
                                 "until": p_rows[0].get("counters_until") if p_rows else None,
                                 "basis": p_top.basis}
            entry["comparison"] = compare(rows, p_rows)
        out.append(entry)
    return out


def top_chart(entry: dict[str, Any], lang: str = "en", width: int = 640) -> str:
    """A horizontal bar chart of the top statements' total time (ms) with their share, as SVG."""
    from . import chart, i18n

    rows = [r for r in entry["top"] if r.get("total_time_ms")]
    if not rows:
        return ""
    bar_h, gap, label_w, top = 16, 6, 260, 22
    height = top + len(rows) * (bar_h + gap) + 8
    most = max(r["total_time_ms"] for r in rows) or 1
    avail = width - label_w - 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">',
             f'<title>{chart._x(i18n.t("perf_chart_title", lang))}</title>',
             f'<text x="0" y="14" font-size="11" font-weight="bold">{chart._x(i18n.t("perf_chart_title", lang))}</text>']
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(1.0, avail * r["total_time_ms"] / most)
        label = f"#{r.get('rank')} {r.get('query') or ''}"
        parts.append(f'<text x="0" y="{y + 12}" font-size="9"><title>{chart._x(r.get("query") or "", 2000)}</title>'
                     f'{chart._x(label, 48)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" class="bar o-WARNING" '
                     f'fill="{"#d9534f" if (r.get("time_pct") or 0) >= 30 else "#5b8def"}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 12}" font-size="9">'
                     f'{chart._x(chart._short(r["total_time_ms"] / 1000))} s · {chart._x(r.get("time_pct"))} %</text>')
    parts.append("</svg>")
    return "".join(parts)
