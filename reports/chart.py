"""Hand-written SVG charts (no matplotlib): small, deterministic, rendered by browsers and WeasyPrint."""

from __future__ import annotations

from collections import Counter
from xml.sax.saxutils import escape

from dbpatrol.results import InspectionResult, Outcome

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
