"""Hand-written SVG charts (no matplotlib): small, deterministic, rendered by browsers and WeasyPrint."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from xml.sax.saxutils import escape

from markupsafe import Markup

from dbpatrol import series as sampled
from dbpatrol.results import Finding, InspectionResult, Outcome

from . import history, i18n

SERIES = (
    (Outcome.CRITICAL, "#c0392b"),
    (Outcome.WARNING, "#e69500"),
    (Outcome.ERROR, "#7f5fa8"),
    (Outcome.SKIPPED, "#a0a7ad"),
)
_ORDER = ("running", "backup", "errors", "objects", "security", "config", "os", "performance")


def findings_by_category(result: InspectionResult, lang: str = "en", width: int = 640) -> str:
    """Horizontal stacked bars: one bar per category, segments by severity (OK and checks that do
    not apply are not drawn)."""
    counts: Counter[tuple[str, Outcome]] = Counter()
    cats: set[str] = set()
    for inst in result.instances:
        for f in inst.findings:
            cats.add(f.category)
            if f.outcome == Outcome.SKIPPED and inst.reachable and history.skip_reason(f) == "not_applicable":
                continue  # not a finding of concern: the check does not apply here
            if f.outcome != Outcome.OK:
                counts[(f.category, f.outcome)] += 1
    ordered = sorted(cats, key=lambda c: (_ORDER.index(c) if c in _ORDER else 99, c))
    unreachable = sum(1 for i in result.instances if not i.reachable)
    label_w, pad, bar_h, gap = 150, 8, 18, 8
    top = 8
    legend_h = 26
    rows = max(len(ordered), 1)
    height = top + rows * (bar_h + gap) + legend_h + 6
    plot_w = width - label_w - pad * 2 - 40
    totals = {c: sum(counts[(c, o)] for o, _ in SERIES) for c in ordered}
    vmax = max(totals.values(), default=0) or 1
    font = 'font-family="DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"'
    if lang == "zh-CN":
        font = 'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, DejaVu Sans, sans-serif"'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" {font} font-size="11">',
             f'<title>{escape(i18n.t("chart_title", lang))}</title>']
    if not ordered:
        parts.append(f'<text x="{pad}" y="{top + 13}">{escape(i18n.t("none", lang))}</text>')
    for n, cat in enumerate(ordered):
        y = top + n * (bar_h + gap)
        parts.append(f'<text x="{label_w}" y="{y + 13}" text-anchor="end">'
                     f'{escape(i18n.label("category", cat, lang))}</text>')
        parts.append(f'<line x1="{label_w + pad}" y1="{y - 2}" x2="{label_w + pad}" y2="{y + bar_h + 2}" '
                     f'stroke="#555" stroke-width="1"/>')
        x = label_w + pad
        for outcome, colour in SERIES:
            v = counts[(cat, outcome)]
            if not v:
                continue
            w = max(plot_w * v / vmax, 2)
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                         f'<title>{escape(i18n.label("outcome", outcome.value, lang))}: {v}</title></rect>')
            if w >= 18:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" fill="#fff">{v}</text>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" fill="#333">{totals[cat]}</text>')
    ly = top + rows * (bar_h + gap) + 8
    lx = label_w + pad
    for outcome, colour in SERIES:
        name = escape(i18n.label("outcome", outcome.value, lang))
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly + 10}">{name}</text>')
        lx += 28 + 9 * len(name) if lang != "zh-CN" else 28 + 14 * len(name)
    if unreachable:
        parts.append(f'<text x="{lx + 8}" y="{ly + 10}" fill="#c0392b">'
                     f'{escape(i18n.t("unreachable", lang))}: {unreachable}</text>')
    parts.append("</svg>")
    return "".join(parts)



# ---------------------------------------------------------------------------------------------
# window findings: their sampled values over the window (Finding.series)

CHARTED_OBJECTS = 3  # per finding, those at fault first
CHARTED_COLUMNS = 2  # per object
CHART_POINTS = 200  # per series: a gauge keeps each bucket's extremes, a counter merges intervals (dbpatrol/series.py)
_W, _H = 312, 126
_ML, _MR, _MT, _MB = 50, 10, 32, 22
_LINE = "#2f6f9f"
_LEVELS = (("warning", "WARNING", "#e69500"), ("critical", "CRITICAL", "#c0392b"))
# not ours: a database's object names may carry anything; control and bidi characters are dropped
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_GENERIC = {"pct", "per", "day", "days", "mb", "s", "min", "max", "ms", "h"}


def _x(text: object, limit: int | None = None) -> str:
    """Text for SVG (an element's text or a double-quoted attribute): made printable, cut, escaped."""
    s = " ".join(_INVISIBLE.sub(" ", str(text)).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return escape(s, {'"': "&quot;", "'": "&#39;"})


def _short(v: float, column: str = "") -> str:
    """An axis value: 3 significant digits, k/M/G (KiB/MiB/GiB for a *bytes column)."""
    a = abs(v)
    if "bytes" in column:
        for div, suf in ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if a >= div:
                return f"{v / div:.3g} {suf}"
        return f"{v:.3g} B"
    for div, suf in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:.3g}{suf}"
    return f"{int(v)}" if float(v).is_integer() else f"{v:.3g}"


def _nice(v: float, column: str = "") -> float:
    """The axis top: the least round number (1, 1.2, 1.5, 2 … 8 × 10^k; × 1024^j for bytes) not below ``v``."""
    if v <= 0:
        return v
    unit = 1.0
    if "bytes" in column:
        while v / unit >= 1024:
            unit *= 1024
    x = v / unit
    k = 10.0 ** math.floor(math.log10(x))
    return next(m * k for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if x <= m * k * (1 + 1e-9)) * unit


def _local(t: dt.datetime, zone: dt.tzinfo, fmt: str = "%m-%d %H:%M") -> str:
    return t.astimezone(zone).strftime(fmt)


def _shows_something(pts: list, kind: str) -> bool:
    """A series tells more than the finding's number: it moved (a counter rose, a gauge changed)."""
    if len(pts) < 2:
        return False
    if kind == sampled.COUNTER:
        return sampled.movement(pts, kind) > 0
    return max(v for _, v in pts) > min(v for _, v in pts)


def _columns(f: Finding, by_column: dict[str, list]) -> list[str]:
    """The columns worth a chart, those a threshold names a part of first (rollback_pct → xact_rollback)."""
    words = {w for t in f.thresholds if t.kind == "level" for w in t.name.split("_")} - _GENERIC
    shown = [c for c, pts in by_column.items() if _shows_something(pts, f.series_kinds.get(c, sampled.GAUGE))]
    return sorted(shown, key=lambda c: (not (set(c.split("_")) & words), shown.index(c)))[:CHARTED_COLUMNS]


def finding_charts(f: Finding, window: tuple[dt.datetime | None, dt.datetime | None], zone: dt.tzinfo,
                   lang: str = "en") -> dict:
    """Small SVG charts of a window finding's sampled values: ``{"charts": [{"object", "column", "kind",
    "points", "svg"}], "more": objects with something to show that were not charted}``.

    A counter is drawn as its increase over each sample interval (bars), a gauge as read (a line, with
    the finding's warning/critical levels when a threshold is named as the column). At most
    CHARTED_OBJECTS objects, at fault first, CHARTED_COLUMNS columns each, CHART_POINTS points a
    series; a series that did not move draws nothing (the number says it all)."""
    out: dict = {"charts": [], "more": 0}
    if not f.series or f.basis != "window":
        return out
    at_fault = [o.key for o in sorted(f.objects, key=lambda o: -o.outcome.rank)]
    drawn = 0
    for obj in sampled.order_objects(f.series, f.series_kinds, at_fault):
        by_column = {c: sampled.parse(pts) for c, pts in f.series[obj].items()}
        cols = _columns(f, by_column)
        if not cols:
            continue
        if drawn >= CHARTED_OBJECTS:
            out["more"] += 1
            continue
        drawn += 1
        for col in cols:
            kind = f.series_kinds.get(col, sampled.GAUGE)
            svg, n = series_svg(obj, col, kind, by_column[col], window, zone, lang,
                                thresholds=[t for t in f.thresholds if t.kind == "level" and t.name == col])
            out["charts"].append({"object": obj, "column": col, "kind": kind, "points": n, "svg": Markup(svg)})
    return out


def series_svg(obj: str, column: str, kind: str, points: list[tuple[dt.datetime, float]],
               window: tuple[dt.datetime | None, dt.datetime | None], zone: dt.tzinfo, lang: str = "en",
               thresholds=()) -> tuple[str, int]:
    """One object's column over the window as an SVG; returns it and how many points (a gauge) or
    intervals (a counter) it plots."""
    kind = sampled.COUNTER if kind == sampled.COUNTER else sampled.GAUGE
    if kind == sampled.COUNTER:
        bars = sampled.increases(sampled.thin(points, CHART_POINTS + 1, kind))
        values = [inc for _, _, inc in bars]
        n = len(bars)
    else:
        pts = sampled.thin(points, CHART_POINTS, kind)
        values = [v for _, v in pts]
        n = len(pts)
    ws, we = (sampled.when(w) if w is not None else None for w in window)
    t_lo = min([points[0][0]] + ([ws] if ws else []))
    t_hi = max([points[-1][0]] + ([we] if we else []))
    span = max((t_hi - t_lo).total_seconds(), 1.0)
    vmin = min(0.0, min(values, default=0.0))
    vtop = max(values, default=0.0)
    levels = []
    for t in thresholds:  # warning always in range; critical when the data reach the warning (else it flattens them)
        for attr, outcome, colour in _LEVELS:
            v = getattr(t, attr)
            if v is None:
                continue
            if attr == "critical" and t.warning is not None and vtop < t.warning:
                continue
            levels.append((v, outcome, colour))
    vmax = _nice(max([vtop] + [v for v, _, _ in levels]), column)
    if vmax <= vmin:
        vmax = vmin + 1
    x0, x1, y0, y1 = _ML, _W - _MR, _MT, _H - _MB

    def X(t: dt.datetime) -> float:
        return x0 + (x1 - x0) * (t - t_lo).total_seconds() / span

    def Y(v: float) -> float:
        return y1 - (y1 - y0) * (v - vmin) / (vmax - vmin)

    font = ('font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, DejaVu Sans, sans-serif"' if lang == "zh-CN"
            else 'font-family="DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"')
    what = i18n.t("series_increase" if kind == sampled.COUNTER else "series_gauge", lang, column=column)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart series-chart" width="{_W}" height="{_H}" '
             f'viewBox="0 0 {_W} {_H}" role="img" {font} font-size="9" data-kind="{kind}" data-points="{n}">',
             f'<title>{_x(obj, 200)} · {_x(what)}</title>',
             f'<text x="2" y="11" font-size="10" font-weight="bold">{_x(obj, 52)}</text>',
             f'<text x="2" y="23" fill="#556">{_x(what, 60)}</text>']
    if ws and we:
        wx0, wx1 = X(max(ws, t_lo)), X(min(we, t_hi))
        parts.append(f'<rect x="{wx0:.1f}" y="{y0}" width="{max(wx1 - wx0, 0):.1f}" height="{y1 - y0}" fill="#f1f5f9">'
                     f'<title>{_x(i18n.t("cover_window", lang))}</title></rect>')
    for v in (vmin, (vmin + vmax) / 2, vmax):
        y = Y(v)
        parts.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#dde3ea" stroke-width="0.6"/>')
        parts.append(f'<text x="{x0 - 3}" y="{y + 3:.1f}" text-anchor="end" fill="#556">{_x(_short(v, column))}</text>')
    tz = t_hi.astimezone(zone).tzname() or ""
    for t, anchor in ((t_lo, "start"), (t_lo + (t_hi - t_lo) / 2, "middle"), (t_hi, "end")):
        label = _local(t, zone) + (f" {tz}" if anchor == "end" else "")
        parts.append(f'<text x="{X(t):.1f}" y="{_H - 8}" text-anchor="{anchor}" fill="#556">{_x(label)}</text>')
    if kind == sampled.COUNTER:
        for ta, tb, inc in bars:
            if inc <= 0:
                continue
            bx, bw = X(ta), max(X(tb) - X(ta) - 0.4, 0.8)
            by = Y(inc)
            parts.append(f'<rect class="series-bar" x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{Y(0) - by:.1f}" '
                         f'fill="{_LINE}"><title>{_x(_local(ta, zone))} – {_x(_local(tb, zone))}: '
                         f'+{_x(_short(inc, column))}</title></rect>')
    else:
        coords = " ".join(f"{X(t):.1f},{Y(v):.1f}" for t, v in pts)
        parts.append(f'<polyline class="series-line" points="{coords}" fill="none" stroke="{_LINE}" '
                     f'stroke-width="1.2" stroke-linejoin="round"/>')
        pt, pv = max(pts, key=lambda p: p[1])
        parts.append(f'<circle cx="{X(pt):.1f}" cy="{Y(pv):.1f}" r="2.2" fill="{_LINE}">'
                     f'<title>{_x(_short(pv, column))} · {_x(_local(pt, zone, "%Y-%m-%d %H:%M"))} {_x(tz)}</title></circle>')
    label_ys: list[float] = []
    for v, outcome, colour in sorted(levels, key=lambda lv: -lv[0]):  # the higher level's label above its line
        y = Y(v)
        ly = y - 2 if not any(abs(y - 2 - other) < 10 for other in label_ys) else y + 9
        label_ys.append(ly)
        parts.append(f'<line class="series-threshold" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="{colour}" '
                     f'stroke-width="1" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x1 - 2}" y="{ly:.1f}" text-anchor="end" fill="{colour}">'
                     f'{_x(i18n.label("outcome", outcome, lang))} {_x(_short(v, column))}</text>')
    parts.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#555" stroke-width="0.8"/>')
    parts.append(f'<line x1="{x0}" y1="{Y(max(vmin, 0)):.1f}" x2="{x1}" y2="{Y(max(vmin, 0)):.1f}" stroke="#555" '
                 f'stroke-width="0.8"/>')
    parts.append("</svg>")
    return "".join(parts), n
