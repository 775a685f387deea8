"""Renderers: one results model → JSON, HTML, PDF, CSV, XLSX; Markdown and a table for Prefect.

Nothing here touches a database or the check registry: everything comes from the results model.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dbpatrol import timefmt
from dbpatrol.results import Acknowledgement, Finding, InspectionResult, Outcome

from . import chart, history, i18n, performance, score

FORMATS = ("json", "html", "pdf", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EVIDENCE_ROWS_SHOWN = 20  # in HTML/PDF; JSON and CSV carry all of them
TEMPLATES = Path(__file__).parent / "templates"
JSON_FORMAT = "dbpatrol-report"

_SEVERITY_ORDER = (Outcome.CRITICAL, Outcome.WARNING, Outcome.ERROR, Outcome.SKIPPED, Outcome.OK)
_CATEGORY_ORDER = ("running", "backup", "errors", "objects", "security", "config", "os", "performance")


# ---------------------------------------------------------------------------------------------
# naming, time


def report_basename(result: InspectionResult) -> str:
    """``dbpatrol-<tier>-<YYYYmmdd-HHMMSS of generated_at>-<first 8 chars of id>`` (no extension).

    The timestamp is generated_at's own wall clock as stored in the results model."""
    stamp = result.generated_at.strftime("%Y%m%d-%H%M%S")
    rid = re.sub(r"[^A-Za-z0-9]", "", result.id)[:8] or "report"
    tier = re.sub(r"[^A-Za-z0-9]", "", result.tier) or "tier"
    return f"dbpatrol-{tier}-{stamp}-{rid}"


def report_filename(result: InspectionResult, fmt: str) -> str:
    return f"{report_basename(result)}.{fmt}"


def _zone(tz: str | None) -> dt.tzinfo:
    return timefmt.zone(tz)


def display_zone(tz: str | None) -> dt.tzinfo:
    """The zone report times are shown in: ``tz`` (a render's, else the run's), else settings.timezone, else UTC."""
    return timefmt.zone(tz)


fmt_time = timefmt.fmt  # every time shown: dbpatrol/timefmt.py


def _fmt_minute(value: dt.datetime, zone: dt.tzinfo) -> str:
    return timefmt.fmt_minute(value, zone)


# ---------------------------------------------------------------------------------------------
# what a finding evaluated (basis), acknowledgements


def basis_label(f: Finding, lang: str, zone: dt.tzinfo) -> str:
    """What a finding evaluated, shown beside its message: "window", "now", "since 2026-11-30 08:00 CST"."""
    if f.basis == "cumulative" and f.since is not None:
        return i18n.t("basis_since", lang, since=_fmt_minute(f.since, zone))
    if f.basis == "window" and f.coverage_pct is not None:
        return i18n.t("basis_window_covered", lang, pct=f"{f.coverage_pct:g}")
    return i18n.label("basis", f.basis, lang)


def past_window(result: InspectionResult, slack: dt.timedelta = dt.timedelta(minutes=20)) -> bool:
    """The window closed well before the inspection ran: findings on the state now are today's, not the window's."""
    return result.generated_at - result.window_end > slack


def basis_counts(result: InspectionResult) -> dict[str, int]:
    """How many evaluated findings (OK, WARNING, CRITICAL: the check really looked) had each basis."""
    counts = {"window": 0, "current": 0, "cumulative": 0, "total": 0}
    for inst in result.instances:
        for f in inst.findings:
            if f.outcome in (Outcome.OK, Outcome.WARNING, Outcome.CRITICAL):
                counts["total"] += 1
                counts[f.basis if f.basis in counts else "current"] += 1
    return counts


def ack_text(a: Acknowledgement, lang: str, zone: dt.tzinfo) -> str:
    if a.until is not None:
        return i18n.t("ack_detail", lang, by=a.by or "?", until=fmt_time(a.until, zone), reason=a.reason)
    return i18n.t("ack_detail_forever", lang, by=a.by or "?", reason=a.reason)


def acknowledged_count(result: InspectionResult) -> int:
    return sum(1 for inst in result.instances for f in inst.findings if f.acknowledged is not None)


def skip_counts(items, lang: str) -> str:
    """"missing privilege 2, error 1" — the reasons of items not inspected, counted."""
    reasons: dict[str, int] = {}
    for n in items:
        reasons[n.reason] = reasons.get(n.reason, 0) + max(n.count, 1)
    return ", ".join(f"{i18n.label('reason', k, lang)} {v}" for k, v in reasons.items())


# ---------------------------------------------------------------------------------------------
# JSON


def _json_default(value: Any) -> Any:
    """JSON for whatever a driver may put in an evidence row."""
    import decimal
    import enum
    import uuid

    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "0x" + raw.hex()
    if isinstance(value, (set, frozenset)):
        return sorted((_json_default(v) if not isinstance(v, (str, int, float)) else v for v in value), key=str)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def results_dict(result: InspectionResult) -> dict[str, Any]:
    """The results model as plain JSON types (odd evidence values converted, never an error)."""
    return json.loads(results_json(result))


def _dumps_safe(doc: Any) -> str:
    try:
        return json.dumps(doc, default=_json_default, ensure_ascii=False, allow_nan=False)
    except ValueError:  # NaN/inf in evidence: make them strings rather than invalid JSON
        return json.dumps(_fix_floats(doc), default=_json_default, ensure_ascii=False)


def _fix_floats(v: Any) -> Any:
    import math

    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {k: _fix_floats(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_fix_floats(x) for x in v]
    return v


def results_json(result: InspectionResult) -> str:
    """The results model alone as JSON (what the report store keeps)."""
    return _dumps_safe(result.model_dump(mode="python"))


def to_dict(result: InspectionResult, previous: InspectionResult | None = None) -> dict[str, Any]:
    """The results model as a JSON-safe dict, plus a few derived fields for consumers.

    The derived fields (``summary``, per-threshold ``looser_than_default``, per-instance
    ``worst``/``counts``/``health_score``) are ignored when the document is read back with
    ``InspectionResult.model_validate``."""
    doc = results_dict(result)
    fleet = score.score_fleet(result)
    by_inst = fleet.by_instance()
    for inst_doc, inst in zip(doc["instances"], result.instances):
        inst_doc["worst"] = inst.worst.value
        inst_doc["counts"] = inst.counts()
        inst_doc["health_score"] = by_inst[inst.name].score
        for f_doc, f in zip(inst_doc["findings"], inst.findings):
            for t_doc, thr in zip(f_doc["thresholds"], f.thresholds):
                t_doc["looser_than_default"] = thr.looser_than_default
    doc["summary"] = {
        "format": JSON_FORMAT,
        "worst": result.worst.value,
        "counts": result.counts(),
        "fleet_health_score": fleet.score,
        "instances_unreachable": [i.name for i in result.instances if not i.reachable],
    }
    perf = performance.section(result, previous)
    if perf:  # top SQL per instance (reports/performance.py), and what changed since the previous report
        doc["summary"]["performance"] = perf
    appendix = compliance_appendix(result)
    if appendix:  # framework → item → checks → outcome per instance, as the report's appendix shows it
        doc["summary"]["compliance"] = [
            {"framework": fw["framework"], "items": [
                {"item": it["item"], "title": it["title"].model_dump() if it["title"] else None, "worst": it["worst"].value,
                 "checks": [{"code": c["code"], "results": [{"instance": r["instance"], "database": r["database"],
                                                             "outcome": r["outcome"].value,
                                                             "acknowledged": r["acknowledged"]} for r in c["results"]]}
                            for c in it["checks"]]} for it in fw["clauses"]]}
            for fw in appendix]
    return doc


def to_json(result: InspectionResult, indent: int | None = 2, previous: InspectionResult | None = None) -> str:
    """The JSON report: ``schema_version`` first, the results model, then ``summary``."""
    return json.dumps(to_dict(result, previous), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> InspectionResult:
    return InspectionResult.model_validate_json(text)


# ---------------------------------------------------------------------------------------------
# tables (Prefect table artifact, CSV, XLSX)


def _attention_rows(result: InspectionResult, lang: str, tz: str | None = None) -> list[dict[str, str]]:
    """findings_table's rows with the text as it is (not yet made inert for Markdown)."""
    zone = _zone(tz or result.timezone)
    rows: list[tuple[int, dict[str, str]]] = []
    for inst in result.instances:
        if not inst.reachable:
            rows.append((9, {"instance": inst.name, "code": "", "title": i18n.t("unreachable_banner", lang),
                             "outcome": "UNREACHABLE", "message": inst.cause or "", "basis": "", "acknowledged": ""}))
        for f in inst.findings:
            if f.outcome == Outcome.OK or (inst.reachable and f.outcome == Outcome.SKIPPED
                                           and history.skip_reason(f) == "not_applicable"):
                continue  # a check that does not apply here needs no attention
            rows.append((f.outcome.rank, {"instance": inst.name, "code": f.code, "title": f.title.get(lang),
                                          "outcome": f.outcome.value, "message": f.message.get(lang),
                                          "basis": basis_label(f, lang, zone),
                                          "acknowledged": ack_text(f.acknowledged, lang, zone) if f.acknowledged else ""}))
    rows.sort(key=lambda r: -r[0])  # stable: instance order kept within one severity
    return [r for _, r in rows]


def findings_table(result: InspectionResult, lang: str = "en") -> list[dict[str, str]]:
    """One row per finding that needs attention (worst first: not OK, and not a check that does
    not apply), plus one row per unreachable instance (outcome ``UNREACHABLE``, message = cause);
    each with what it evaluated (``basis``) and its acknowledgement, if any. For a Prefect table
    artifact.

    The Prefect UI renders every string cell of a table artifact as Markdown, so each cell is
    made inert with :func:`md_text` (messages carry values read from the inspected database)."""
    lang = i18n.normalise_lang(lang)
    return [{k: md_text(v) for k, v in r.items()} for r in _attention_rows(result, lang)]


CSV_COLUMNS = ("instance", "engine", "business", "host", "reachable", "code", "name", "category", "tier",
               "outcome", "title", "message", "basis", "since", "thresholds", "remediation", "evidence_rows",
               "evidence_total", "objects", "objects_acknowledged", "acknowledged", "ack_reason", "ack_by",
               "ack_until", "duration_ms")


# CSV/XLSX column headers in zh-CN (issue 14 item 18); English keeps the stable keys above.
CSV_HEADERS_ZH = {
    "instance": "实例", "engine": "引擎", "business": "业务系统", "host": "主机", "reachable": "可连接",
    "code": "检查编号", "name": "检查名", "category": "类别", "tier": "巡检级别", "outcome": "结果",
    "title": "检查项", "message": "结论", "basis": "依据", "since": "计数起点", "thresholds": "阈值",
    "remediation": "处理建议", "evidence_rows": "证据行数", "evidence_total": "证据总数", "objects": "对象",
    "objects_acknowledged": "已确认对象", "acknowledged": "已确认", "ack_reason": "确认原因", "ack_by": "确认人",
    "ack_until": "确认有效期至", "duration_ms": "耗时(毫秒)",
    "version": "版本", "cause": "原因", "score": "得分", "grade": "等级",
}


def _headers(columns: Iterable[str], lang: str) -> list[str]:
    return [CSV_HEADERS_ZH.get(c, c) if lang == "zh-CN" else c for c in columns]


def findings_rows(result: InspectionResult, lang: str = "en", tz: str | None = None) -> list[dict[str, Any]]:
    """Every finding (all outcomes) as a flat row; unreachable instances get one row each. Times are
    in the report's zone with its name, to the second, as every other format shows them."""
    lang = i18n.normalise_lang(lang)
    zone = _zone(tz or result.timezone)
    rows = []
    for inst in result.instances:
        base = {"instance": inst.name, "engine": inst.flavor or inst.engine, "business": inst.business or "",
                "host": inst.host or "", "reachable": inst.reachable}
        if not inst.reachable:
            rows.append({**base, "code": "", "name": "", "category": "", "tier": result.tier,
                         "outcome": "UNREACHABLE", "title": i18n.t("unreachable_banner", lang),
                         "message": inst.cause or "", "basis": "", "since": "", "thresholds": "", "remediation": "",
                         "evidence_rows": 0, "evidence_total": 0, "objects": "", "objects_acknowledged": "",
                         "acknowledged": False, "ack_reason": "", "ack_by": "", "ack_until": "", "duration_ms": 0.0})
        for f in inst.findings:
            rows.append({**base, "code": f.code, "name": f.name, "category": f.category, "tier": f.tier,
                         "outcome": f.outcome.value, "title": f.title.get(lang), "message": f.message.get(lang),
                         "thresholds": "; ".join(_threshold_text(t) for t in f.thresholds),
                         "remediation": f.remediation.text.get(lang) if f.remediation else "",
                         "evidence_rows": len(f.evidence), "duration_ms": round(f.duration_ms, 1),
                         "basis": f.basis, "since": fmt_time(f.since, zone) if f.since else "",
                         "evidence_total": f.evidence_total if f.evidence_total is not None else len(f.evidence),
                         "objects": "; ".join(o.key for o in f.objects),
                         "objects_acknowledged": "; ".join(o.key for o in f.objects if o.acknowledged),
                         "acknowledged": f.acknowledged is not None,
                         "ack_reason": f.acknowledged.reason if f.acknowledged else "",
                         "ack_by": (f.acknowledged.by or "") if f.acknowledged else "",
                         "ack_until": fmt_time(f.acknowledged.until, zone)
                         if f.acknowledged and f.acknowledged.until else ""})
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def sheet_safe(value: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula (the OWASP CSV-injection rule).

    Text beginning with ``= + - @``, a tab or a carriage return gets a leading single quote; a
    spreadsheet would otherwise evaluate text from an inspected database (``=HYPERLINK(…)``,
    ``-2+3+cmd|' /C calc'!A0``). Numbers stay numbers (an int or float is never touched, and text
    that is just a number such as ``-5`` cannot be a formula), and the lone ``-`` we print for
    "no value" stays as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value != "-" \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _sheet_rows(rows: Iterable[dict[str, Any]], xlsx: bool = False) -> list[dict[str, Any]]:
    return [{k: sheet_safe(_xlsx_text(v) if xlsx else v) for k, v in r.items()} for r in rows]


def _xlsx_text(value: Any) -> Any:
    """XLSX cannot hold most control characters (openpyxl refuses the whole workbook): a space."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub(" ", value)
    return value


def _threshold_text(t) -> str:
    if getattr(t, "kind", "level") != "level":
        return f"{t.name}={_num(t.value)}{t.unit} ({t.source})" + (" LOOSER THAN DEFAULT" if t.looser_than_default else "")
    s = f"{t.name} {t.direction} warning={_num(t.warning)} critical={_num(t.critical)}{t.unit} ({t.source})"
    return s + (" LOOSER THAN DEFAULT" if t.looser_than_default else "")


def _num(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def to_csv(result: InspectionResult, lang: str = "en", tz: str | None = None) -> bytes:
    """CSV of every finding; UTF-8 with BOM so spreadsheet programs read Chinese correctly.
    Column names are the stable English keys in English and Chinese in zh-CN; titles and messages
    are in ``lang``, times in the report's zone."""
    import pandas as pd

    lang = i18n.normalise_lang(lang)
    df = pd.DataFrame(_sheet_rows(findings_rows(result, lang, tz)), columns=list(CSV_COLUMNS))
    df.columns = _headers(CSV_COLUMNS, lang)
    return df.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(result: InspectionResult, lang: str = "en", tz: str | None = None) -> bytes:
    """A workbook: findings, instances with scores, thresholds in effect. Column names as in the
    CSV (Chinese in zh-CN); titles, messages and labels are in ``lang``, times in the report's zone."""
    import pandas as pd

    lang = i18n.normalise_lang(lang)
    fleet = score.score_fleet(result)
    by_inst = fleet.by_instance()
    findings = pd.DataFrame(_sheet_rows(findings_rows(result, lang, tz), xlsx=True), columns=list(CSV_COLUMNS))
    findings.columns = _headers(CSV_COLUMNS, lang)
    instances = pd.DataFrame(_sheet_rows(({
        "instance": i.name, "engine": i.flavor or i.engine, "version": i.server_version or "",
        "reachable": i.reachable, "cause": i.cause or "", "score": by_inst[i.name].score,
        "grade": i18n.t("grade_" + by_inst[i.name].grade, lang), **i.counts()} for i in result.instances), xlsx=True))
    instances.columns = _headers(instances.columns, lang)
    thresholds = pd.DataFrame(_sheet_rows(({k: v for k, v in r.items() if k != "instances_text"}
                                           for r in _threshold_rows(result, lang)), xlsx=True))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        findings.to_excel(xw, sheet_name="findings", index=False)
        instances.to_excel(xw, sheet_name="instances", index=False)
        thresholds.to_excel(xw, sheet_name="thresholds", index=False)
        for ws in xw.sheets.values():
            ws.freeze_panes = "A2"
            for col in ws.columns:
                width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
    return buf.getvalue()


def _item_key(item: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in item.split("."))


def compliance_appendix(result: InspectionResult) -> list[dict[str, Any]]:
    """The compliance appendix from the findings' compliance references (Finding.compliance):
    framework → item (clause) → the checks citing it → their outcome on each instance (and database,
    for database-scope checks). 等保 first, then the CIS benchmarks by name; items in numeric order."""
    frameworks: dict[str, dict[str, dict[str, Any]]] = {}
    for inst in result.instances:
        for f in inst.findings:
            for c in f.compliance:
                item = frameworks.setdefault(c.framework, {}).setdefault(
                    c.item, {"item": c.item, "title": c.title, "checks": {}})
                check = item["checks"].setdefault(f.code, {"code": f.code, "title": f.title, "note": c.note,
                                                           "results": []})
                check["results"].append({"instance": inst.name, "database": f.database, "outcome": f.outcome,
                                         "acknowledged": f.acknowledged is not None})
    out = []
    for name in sorted(frameworks, key=lambda n: (not n.startswith("等保"), n)):
        clauses = []
        for key in sorted(frameworks[name], key=_item_key):
            it = frameworks[name][key]
            checks = [it["checks"][code] for code in sorted(it["checks"])]
            worst = Outcome.worst(r["outcome"] for c in checks for r in c["results"])
            clauses.append({**it, "checks": checks, "worst": worst})
        out.append({"framework": name, "clauses": clauses})
    return out


def _threshold_rows(result: InspectionResult, lang: str) -> list[dict[str, Any]]:
    """Thresholds in effect, one row per distinct (check, threshold, values, source), with the
    instances they applied to."""
    seen: dict[tuple, dict[str, Any]] = {}
    for inst in result.instances:
        for f in inst.findings:
            for t in f.thresholds:
                key = (f.code, t.name, t.warning, t.critical, str(t.value), t.source)
                row = seen.get(key)
                if row is None:
                    row = seen[key] = {
                        "code": f.code, "check": f.title.get(lang), "threshold": t.name, "unit": t.unit,
                        "direction": i18n.label("direction", t.direction, lang),
                        "warning": _num(t.warning if t.kind == "level" else t.value),
                        "critical": _num(t.critical) if t.kind == "level" else "",
                        "default": (f"{_num(t.default_warning)} / {_num(t.default_critical)}" if t.kind == "level"
                                    else _num(t.default_value)),
                        "source": i18n.label("source", t.source, lang), "source_key": t.source,
                        "looser": t.looser_than_default, "rationale": t.rationale, "instances": []}
                if inst.name not in row["instances"]:
                    row["instances"].append(inst.name)
    rows = sorted(seen.values(), key=lambda r: (r["code"], r["threshold"], r["source_key"] != "default"))
    ran: dict[tuple[str, str], list[str]] = {}  # (check, threshold) -> every instance it was in effect on
    for r in rows:
        names = ran.setdefault((r["code"], r["threshold"]), [])
        names += [n for n in r["instances"] if n not in names]
    for r in rows:
        r["instances_text"] = _instances_text(r["instances"], ran[(r["code"], r["threshold"])], lang)
        r["instances"] = ", ".join(r["instances"])
    return rows


THRESHOLD_NAMES_LISTED = 6  # above this many, the appendix says "every instance that ran it (N)"


def _instances_text(names: list[str], ran: list[str], lang: str) -> str:
    """The instances a threshold row applied to, as the HTML/PDF appendix prints them: the names, or
    for a long list "every instance that ran the check (N)", with the exceptions (those with another
    value or source: their own rows) named. The XLSX sheet keeps every name. A 100-instance fleet's
    appendix was 31 pages of one name per line."""
    if len(names) <= THRESHOLD_NAMES_LISTED:
        return ", ".join(names)
    if len(names) == len(ran):
        return i18n.t("thresholds_all_instances", lang, n=len(names))
    others = [n for n in ran if n not in set(names)]
    if len(others) <= len(names) // 2:
        return i18n.t("thresholds_all_but", lang, n=len(names), others=", ".join(others))
    return ", ".join(names)


# ---------------------------------------------------------------------------------------------
# Markdown (Prefect artifact)

_MD_LIMIT = 90_000

# Every character that is active somewhere in CommonMark, GFM or marked (the Prefect UI's
# renderer): emphasis, code, links and images, raw HTML and entities, tables, strikethrough,
# block starts, and the ':' and '.' that bare-URL autolinks (``http://…``, ``www.…``) need.
# Each is backslash-escaped, which CommonMark allows for any ASCII punctuation.
_MD_ACTIVE = frozenset("\\`*_{}[]()#+-.!|<>~:@&")
# control characters, Unicode line/paragraph separators and bidi overrides: shown as a space
_MD_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def md_text(s: Any, limit: int | None = None) -> str:
    """Text that is not ours (read from an inspected database, a driver's message, a name from
    the inventory or a plan) as inert Markdown: on one line, at most ``limit`` characters, and
    every Markdown-active character backslash-escaped, so it shows literally and can never make a
    link, an image, emphasis, HTML or a table cell. Safe inside a GFM table cell."""
    s = " ".join(_MD_INVISIBLE.sub(" ", str(s)).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"  # cut before escaping, so an escape is never cut in half
    return "".join("\\" + ch if ch in _MD_ACTIVE else ch for ch in s)


_MD_ESCAPED = re.compile("\\\\([" + re.escape("".join(sorted(_MD_ACTIVE))) + "])")


def md_unescape(markdown: str) -> str:
    """Markdown written by md_text/summary_markdown without its escapes, for a terminal, which does
    not render Markdown (``dbpatrol reports show``): ``pg\\-main`` reads pg-main again."""
    return _MD_ESCAPED.sub(r"\1", markdown)


def _md_cell(s: Any, limit: int = 160) -> str:
    return md_text(s, limit)


def summary_markdown(result: InspectionResult, lang: str = "en", report_url: str | None = None,
                     previous: InspectionResult | None = None, tz: str | None = None) -> str:
    """A Markdown summary for a Prefect artifact: fleet score, outcome counts per instance, the
    worst findings, unreachable instances with their cause, a link to the report. Under 100 kB.

    Only our own text carries Markdown; everything from the results model (names, plan, business,
    causes, titles, messages with values read from the inspected database) goes through
    :func:`md_text`."""
    lang = i18n.normalise_lang(lang)
    zone = _zone(tz or result.timezone)
    fleet = score.score_fleet(result)
    by_inst = fleet.by_instance()
    t = lambda k, **p: i18n.t(k, lang, **p)  # noqa: E731
    out = [f"# {t('report_title')} — {md_text(i18n.label('tier', result.tier, lang), 60)}", ""]
    meta = [(t("cover_window"), f"{fmt_time(result.window_start, zone)} → {fmt_time(result.window_end, zone)}"),
            (t("cover_generated"), fmt_time(result.generated_at, zone))]
    if result.plan:
        meta.append((t("cover_plan"), md_text(result.plan, 200)))
    if result.business:
        meta.append((t("cover_business"), md_text(result.business, 200)))
    meta.append((t("fleet_score"), f"**{fleet.score:g}** ({t('grade_' + fleet.grade)})"))
    bc = basis_counts(result)
    meta.append((t("cover_basis_label"), t("cover_basis", **bc)))
    if past_window(result):
        meta.append((t("cover_basis_label"), t("cover_past_window", generated=fmt_time(result.generated_at, zone))))
    skipped, inapplicable = history.not_inspected(result), history.not_applicable(result)
    meta.append((t("cover_not_inspected"), f"{history.undone(skipped)}"
                 + (f" ({md_text(skip_counts(skipped, lang))})" if skipped else "")))
    meta.append((t("cover_not_applicable"), f"{len(inapplicable)}"))
    for m in result.missed_windows:
        meta.append((t("cover_missed_windows"), f"**{fmt_time(m.window_start, zone)} → {fmt_time(m.window_end, zone)}** "
                     f"({md_text(m.flow_run_name or m.flow_run_id, 80)}, {md_text(m.state, 40)})"))
    if acknowledged_count(result):
        meta.append((t("cover_acknowledged"), f"{acknowledged_count(result)}"))
    out += [f"- {k}: {v}" for k, v in meta]
    if report_url:
        out += ["", f"[{t('report_title')} (PDF)]({report_url})"]
    out += ["", f"## {t('instance_scores')}", "",
            f"| {t('col_instance')} | {t('col_status')} | {t('col_score')} | "
            + " | ".join(i18n.label("outcome", o, lang) for o in ("CRITICAL", "WARNING", "ERROR", "SKIPPED", "OK")) + " |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    shown = 0
    for inst in result.instances:
        if len("\n".join(out)) > _MD_LIMIT // 2:
            out.append(f"| … {len(result.instances) - shown} more | | | | | | | |")
            break
        c = inst.counts()
        status = t("reachable") if inst.reachable else f"**{t('unreachable')}**"
        out.append(f"| {_md_cell(inst.name, 60)} | {status} | {by_inst[inst.name].score:g} | {c['CRITICAL']} | "
                   f"{c['WARNING']} | {c['ERROR']} | {c['SKIPPED']} | {c['OK']} |")
        shown += 1
    unreachable = [i for i in result.instances if not i.reachable]
    if unreachable:
        out += ["", f"## {t('unreachable_banner')}", ""]
        for i in unreachable[:50]:
            out.append(f"- **{_md_cell(i.name, 60)}**: {_md_cell(i.cause or '?', 300)}")
        if len(unreachable) > 50:
            out.append(f"- … {len(unreachable) - 50} more")
    rows = [r for r in _attention_rows(result, lang, tz) if r["outcome"] in ("CRITICAL", "WARNING")]
    out += ["", f"## {t('problems')}", ""]
    if not rows:
        out.append(t("no_problems"))
    else:
        acked = sum(1 for r in rows if r["acknowledged"])
        if acked:
            out += [t("problems_acknowledged", n=acked), ""]
        out += [f"| {t('col_instance')} | {t('col_outcome')} | {t('col_code')} | {t('col_check')} | {t('col_message')} "
                f"| {t('col_basis')} |", "|---|---|---|---|---|---|"]
        for n, r in enumerate(rows):
            if n >= 50 or len("\n".join(out)) > _MD_LIMIT:
                out.append(f"| … {len(rows) - n} more | | | | | |")
                break
            mark = f" ✓ {t('acknowledged')}" if r["acknowledged"] else ""
            out.append(f"| {_md_cell(r['instance'], 60)} | {i18n.label('outcome', r['outcome'], lang)}{mark} | "
                       f"{_md_cell(r['code'], 20)} | {_md_cell(r['title'], 100)} | {_md_cell(r['message'])} | "
                       f"{_md_cell(r['basis'], 60)} |")
    if previous is not None:
        d = history.diff(result, previous)
        out += ["", f"## {t('history')}", "",
                f"- {t('new_findings')}: {len(d.new)}", f"- {t('persisting_findings')}: {len(d.persisting)}",
                f"- {t('resolved_findings')}: {len(d.resolved)}", f"- {t('unverified_findings')}: {len(d.unverified)}"]
    text = "\n".join(out) + "\n"
    if len(text.encode()) > 100_000:  # cannot happen with the limits above; belt and braces
        text = text.encode()[:99_000].decode("utf-8", "ignore") + "\n…\n"
    return text


# ---------------------------------------------------------------------------------------------
# HTML / PDF


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    # autoescape on for every template (all of them are HTML or CSS inside HTML): text from the
    # results model can never become markup; only our own chart SVG is passed as Markup.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = _num
    env.filters["css_string"] = css_string
    return env


def css_string(value: Any) -> Markup:
    """``value`` for use inside a double-quoted CSS string (the PDF's running header). HTML
    escaping alone leaves a backslash as it is, which can swallow the closing quote; so quotes,
    backslashes, ``< > &`` and control characters are written as CSS hex escapes."""
    out = []
    for ch in str(value):
        if ch in '\\"\'<>&' or ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup("".join(out))


def _cat_key(cat: str) -> tuple[int, str]:
    return (_CATEGORY_ORDER.index(cat) if cat in _CATEGORY_ORDER else len(_CATEGORY_ORDER), cat)


def _evidence(f: Finding, zone: dt.tzinfo | None = None) -> dict[str, Any]:
    """The evidence table as shown: the first rows, and how many the check found in all
    (``evidence_total``: a judge keeps a few of many; the JSON carries those it kept)."""
    cols = list(f.columns) or (list(f.evidence[0].keys()) if f.evidence else [])
    rows = [[_cell(r.get(c), zone) for c in cols] for r in f.evidence[:EVIDENCE_ROWS_SHOWN]]
    total = max(f.evidence_total or 0, len(f.evidence))
    return {"columns": cols, "rows": rows, "shown": len(rows), "stored": len(f.evidence), "total": total,
            "cut": total > len(rows), "widths": _column_widths(cols, rows)}


def _text_width(s: str) -> int:
    """Width of ``s`` in Latin characters (a CJK character is two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _column_widths(cols: list[str], rows: list[list[str]], floor: int = 4, cap: int = 40) -> list[float]:
    """Column widths in % for a fixed-layout table, in proportion to each column's widest text
    (header or cell, capped at ``cap`` characters: a longer text wraps). WeasyPrint's automatic
    table layout measures every cell's preferred widths first; at fleet size (hundreds of
    evidence tables) that pass was a fifth of the PDF's render time."""
    want = [max([_text_width(str(c))] + [_text_width(r[k]) for r in rows if k < len(r)]) for k, c in enumerate(cols)]
    want = [min(max(w, floor), cap) for w in want]
    total = sum(want) or 1
    return [round(100 * w / total, 2) for w in want]


_AWARE_ISO = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$")


def _cell(v: Any, zone: dt.tzinfo | None = None) -> str:
    """An evidence cell as shown. With ``zone``, a time that names its offset (a timestamptz, ISO text
    ending in Z or +hh:mm) is shown in it like every other time of the report; a time without one
    (a server's local wall clock) is shown as the server gave it."""
    if v is None:
        return ""
    if zone is not None:
        if isinstance(v, dt.datetime) and v.tzinfo is not None:
            return timefmt.fmt(v, zone)
        if isinstance(v, str) and _AWARE_ISO.match(v):
            try:
                return timefmt.fmt(dt.datetime.fromisoformat(v.replace("Z", "+00:00")), zone)
            except ValueError:
                return v
    if isinstance(v, float):
        if v and abs(v) < 0.01:  # small ratios (waits_pct, slow_pct) must not print as "0"
            return f"{v:.2g}"
        return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e15 else f"{v:.3g}"
    s = str(v)
    return s if len(s) <= 300 else s[:299] + "…"


PDF_FULL_OK_INSTANCES = 10  # above this many instances the PDF is compact: passed checks by code, ...


def _remedy(remedies: dict[tuple, dict[str, Any]], instance: str, f: Finding, lang: str) -> dict[str, Any] | None:
    """A compact fleet PDF prints each distinct remediation (a check's text, its engine's commands,
    its references: the same on every instance with that engine) once, in the chapter "Remediation
    by check"; a finding card points to it. ``remedies`` collects them in first-seen order."""
    if not f.remediation or f.outcome not in (Outcome.WARNING, Outcome.CRITICAL, Outcome.ERROR):
        return None
    text = f.remediation.text.get(lang)
    key = (f.code, text, tuple(f.remediation.commands), tuple(f.remediation.references))
    r = remedies.get(key)
    if r is None:
        n = len(remedies) + 1
        r = remedies[key] = {"n": n, "id": f"remedy-{n}", "ref": f"6.{n}", "code": f.code, "title": f.title,
                             "text": text, "commands": list(f.remediation.commands),
                             "references": list(f.remediation.references), "findings": []}
    r["findings"].append({"instance": instance, "database": f.database, "outcome": f.outcome.value})
    return r


def history_rows(changes: list[history.Change], group: bool = False) -> list[dict[str, Any]]:
    """The rows of a "changes since" table. With ``group`` (a compact fleet PDF), the entries of one
    finding that changed alike (same before, now, worsened/improved, none acknowledged) are one row
    naming each object; otherwise one row per entry. Every object is named either way."""
    rows: list[dict[str, Any]] = []
    for c in changes:
        ack = c.acknowledged
        key = (c.instance, c.code, c.database, c.before, c.now, c.worsened, c.improved)
        last = rows[-1] if rows else None
        if (group and last is not None and c.object is not None and last["objects"] and ack is None
                and last["acknowledged"] is None and last["key"] == key):
            last["objects"].append(c.object)
            continue
        rows.append({"key": key, "instance": c.instance, "code": c.code, "title": c.title, "database": c.database,
                     "objects": [c.object] if c.object is not None else [], "before": c.before, "now": c.now,
                     "worsened": c.worsened, "improved": c.improved, "acknowledged": ack})
    return rows


def build_context(result: InspectionResult, lang: str = "en", previous: InspectionResult | None = None,
                  tz: str | None = None, for_pdf: bool = False) -> dict[str, Any]:
    lang = i18n.normalise_lang(lang)
    zone = _zone(tz or result.timezone)
    compact = for_pdf and len(result.instances) > PDF_FULL_OK_INSTANCES
    fleet = score.score_fleet(result)
    by_inst = fleet.by_instance()
    diff = history.diff(result, previous)
    problems = []
    for inst in result.instances:
        for f in inst.findings:
            if f.outcome in (Outcome.CRITICAL, Outcome.WARNING):
                problems.append({"instance": inst.name, "f": f})
    problems.sort(key=lambda p: -p["f"].outcome.rank)
    remedies: dict[tuple, dict[str, Any]] = {}
    instances = []
    for inst in result.instances:
        cats: dict[str, list[Finding]] = {}
        oks: list[Finding] = []
        nas: list[Finding] = []  # checks that do not apply here: a short table, not a finding each
        for f in inst.findings:
            if not inst.reachable and f.outcome in (Outcome.SKIPPED, Outcome.ERROR):
                continue  # not run: one line for the instance (its banner), not a finding each
            if f.outcome == Outcome.OK:
                oks.append(f)
            elif f.outcome == Outcome.SKIPPED and inst.reachable and history.skip_reason(f) == "not_applicable":
                nas.append(f)
            else:
                cats.setdefault(f.category, []).append(f)
        categories = []
        for cat in sorted(cats, key=_cat_key):
            fs = sorted(cats[cat], key=lambda f: (-f.outcome.rank, f.code))
            categories.append({"key": cat, "label": i18n.label("category", cat, lang),
                               "findings": [{"f": f, "ev": _evidence(f, zone),
                                             "remedy": _remedy(remedies, inst.name, f, lang) if compact else None,
                                             "series": chart.finding_charts(f, (result.window_start, result.window_end),
                                                                            zone, lang)} for f in fs]})
        instances.append({"inst": inst, "score": by_inst[inst.name], "counts": inst.counts(),
                          "not_run": 0 if inst.reachable else sum(
                              1 for f in inst.findings if f.outcome in (Outcome.SKIPPED, Outcome.ERROR)),
                          "categories": categories, "oks": sorted(oks, key=lambda f: (_cat_key(f.category), f.code)),
                          "nas": sorted(nas, key=lambda f: (_cat_key(f.category), f.code))})
    remedy_list = sorted(remedies.values(), key=lambda r: (r["code"], r["n"]))
    for n, r in enumerate(remedy_list, 1):  # numbered in code order (the cards hold the same dicts)
        r.update(n=n, id=f"remedy-{n}", ref=f"6.{n}")
    svg = chart.findings_by_category(result, lang)
    not_inspected = history.not_inspected(result)
    perf = []
    for entry in performance.section(result, previous):
        inst = next(i for i in result.instances if i.name == entry["instance"])
        top = next(f for f in inst.findings if f.code == entry["code"])
        perf.append({**entry, "chart": Markup(performance.top_chart(entry, lang)),
                     "series": chart.finding_charts(top, (result.window_start, result.window_end), zone, lang)})
    return {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh-CN" else "en",
        "t": lambda key, **p: i18n.t(key, lang, **p),
        "label": lambda prefix, value: i18n.label(prefix, value, lang),
        "tx": lambda text: text.get(lang) if text is not None else "",
        "result": result,
        "window": f"{fmt_time(result.window_start, zone)} → {fmt_time(result.window_end, zone)}",
        "generated": fmt_time(result.generated_at, zone),
        "fmt_time": lambda v: fmt_time(v, zone),
        "fleet": fleet,
        "chart_svg": Markup(svg),
        "problems": problems,
        "diff": diff,
        "previous": previous,
        "not_inspected": not_inspected,
        "not_inspected_count": history.undone(not_inspected),
        "not_applicable": history.not_applicable(result),
        "skip_counts": skip_counts(not_inspected, lang),
        "basis": lambda f: basis_label(f, lang, zone),
        "basis_counts": basis_counts(result),
        "past_window": past_window(result),
        "ack_text": lambda a: ack_text(a, lang, zone),
        "acknowledged_count": acknowledged_count(result),
        "instances": instances,
        "performance": perf,
        "thresholds": _threshold_rows(result, lang),
        "compliance": compliance_appendix(result),
        "scoring_text": i18n.t("scoring_text", lang, **score.model_params()),
        "for_pdf": for_pdf,
        # A fleet PDF lists each instance's passed checks by code only (their messages are in the
        # HTML, JSON, CSV and XLSX of the same report): a printed fleet report is for what needs
        # attention, and the per-check rows were most of its pages and of its render time.
        "compact_oks": compact,
        # ... and the entries of one finding that changed alike as one row naming every object
        "compact": compact,
        # ... and each check's remediation once, in its own chapter, the findings pointing to it
        "remedies": remedy_list,
        "history_rows": lambda changes: history_rows(changes, group=compact),
        "fonts": ('"WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans", sans-serif' if lang == "zh-CN"
                  else '"DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'),
        "counts": result.counts(),
    }


def to_html(result: InspectionResult, lang: str = "en", previous: InspectionResult | None = None,
            tz: str | None = None, for_pdf: bool = False) -> str:
    ctx = build_context(result, lang, previous, tz, for_pdf)
    return _env().get_template("report.html.j2").render(**ctx)


@lru_cache(maxsize=1)
def _lean_html_class():
    """weasyprint.HTML with a user-agent stylesheet that gives no style to pseudo-elements a report
    never has. WeasyPrint's own sheet styles ``::marker`` and five footnote/note pseudo-elements of
    *every* element, so the cascade computed seven styles per element (133,778 for the 19,000
    elements of a 100-instance PDF; 19,289 with this sheet, the cascade 2-2.5x faster). The sheet
    is WeasyPrint's, with ``::marker`` scoped to ``li`` (the only list items here) and the
    footnote/note rules left out (the report has no footnotes); if a WeasyPrint version words its
    sheet otherwise, its own sheet is used as it is."""
    import weasyprint
    from weasyprint import CSS
    from weasyprint import html as ua

    text = getattr(ua, "UA", "")
    lean = text.replace("\n::marker {", "\nli::marker {")
    lean = re.sub(r"\n::(?:footnote|note)-[a-z]+ \{[^}]*\}", "", lean)
    base = weasyprint.HTML
    if lean == text or "::footnote" in lean or not hasattr(base, "_ua_stylesheets"):
        return base
    sheet = CSS(string=lean, counter_style=ua.UA_COUNTER_STYLE)

    class LeanHTML(base):
        def _ua_stylesheets(self, forms=False):
            return [sheet]

    return LeanHTML


# A fleet PDF of this many instances or more is rendered in two processes at once and joined
# (reports/pdf_parallel.py): WeasyPrint's layout is single-threaded pure Python.
PDF_PARALLEL_MIN_INSTANCES = 30


def _parallel_pdf(result: InspectionResult) -> bool:
    import multiprocessing

    if len(result.instances) < PDF_PARALLEL_MIN_INSTANCES:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus >= 2 and "fork" in multiprocessing.get_all_start_methods()


def to_pdf(result: InspectionResult, lang: str = "en", previous: InspectionResult | None = None,
           tz: str | None = None, html: str | None = None) -> bytes:
    html = html or to_html(result, lang, previous, tz, for_pdf=True)
    if _parallel_pdf(result):
        from . import pdf_parallel

        try:
            return pdf_parallel.render(html, _lean_html_class(), str(TEMPLATES))
        except pdf_parallel.CannotSplit:
            pass
    return _lean_html_class()(string=html, base_url=str(TEMPLATES)).write_pdf()


def render_bytes(result: InspectionResult, fmt: str, lang: str = "en", previous: InspectionResult | None = None,
                 tz: str | None = None) -> bytes:
    """One format as bytes (for the HTTP browser and exports)."""
    if fmt == "json":
        return to_json(result, previous=previous).encode("utf-8")
    if fmt == "html":
        return to_html(result, lang, previous, tz).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(result, lang, previous, tz)
    if fmt == "csv":
        return to_csv(result, lang, tz)
    if fmt == "xlsx":
        return to_xlsx(result, lang, tz)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_formats(formats: Iterable[str]) -> list[str]:
    out = []
    for f in formats:
        f = f.strip().lower()
        if f not in FORMATS:
            raise ValueError(f"unknown report format {f!r}; choose from {', '.join(FORMATS)}")
        if f not in out:
            out.append(f)
    return out


def render(result: InspectionResult, out_dir: Path, formats: Iterable[str] = ("pdf", "html", "json"),
           lang: str = "en", *, previous: InspectionResult | None = None, tz: str | None = None) -> dict[str, Path]:
    """Write the report in each format into ``out_dir``; returns {format: path}.

    Files are named ``dbpatrol-<tier>-<YYYYmmdd-HHMMSS>-<id8>.<ext>``; each file is written to a
    temporary name and renamed, so a reader never sees half a file. ``previous`` (the previous
    report of the same plan or instances) fills the "changes since" section; ``tz`` is the
    timezone for displayed times (default: settings.timezone)."""
    fmts = check_formats(formats)
    lang = i18n.normalise_lang(lang)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    html_for_pdf = None
    for fmt in fmts:
        path = out_dir / report_filename(result, fmt)
        if fmt == "pdf":
            html_for_pdf = html_for_pdf or to_html(result, lang, previous, tz, for_pdf=True)
            data = to_pdf(result, lang, previous, tz, html=html_for_pdf)
        else:
            data = render_bytes(result, fmt, lang, previous, tz)
        _write_atomic(path, data)
        paths[fmt] = path
    return paths
