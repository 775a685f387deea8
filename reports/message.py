"""The notification an inspection sends (``dbpatrol notify``): the labels and payload of its Prefect
event, and the message text in the report's language (en, zh-CN).

The flow emits one ``dbpatrol.inspection.finished`` event per inspection (flows/events.py); each
notification rule is a Prefect automation matching that event's labels, whose action sends
``event.payload.subject`` / ``event.payload.body`` through a notification block. So the text is built
here, once, from the results model, and the automation only chooses who receives it.

What the text holds: the plan (or tier), the window, the fleet score, the instances that could not
be reached with their cause, the CRITICAL and WARNING findings not acknowledged (instance, code, the
check's title — our own text, never a message carrying values read from the inspected database),
the windows crashed runs left uninspected, and the report's link. Never a password: the results
model holds none, and nothing here reads the inventory.
"""

from __future__ import annotations

import math
import re
from typing import Any

from dbpatrol.results import InspectionResult, Outcome

from . import i18n, score
from .render import display_zone, fmt_time

EVENT = "dbpatrol.inspection.finished"
RESOURCE_PREFIX = "dbpatrol.inspection."
MAX_FINDINGS = 20  # lines of findings in one message; the report has them all
MAX_CAUSE = 200

_TEXT = {
    "subject": ("{what}: score {score}, {critical} critical, {unreachable} unreachable",
                "{what}：得分 {score}，{critical} 项严重，{unreachable} 个实例无法连接"),
    "plan": ("plan {plan} ({tier})", "巡检计划 {plan}（{tier}）"),
    "immediate": ("{tier} inspection", "{tier}巡检"),
    "window": ("Window: {start} → {end}", "巡检窗口：{start} → {end}"),
    "score": ("Score: {score} ({grade})", "健康得分：{score}（{grade}）"),
    "instances": ("Instances: {names}", "实例：{names}"),
    "unreachable": ("Unreachable instances:", "无法连接的实例："),
    "findings": ("Findings that need attention ({n}):", "需要处理的问题（{n} 项）："),
    "more": ("… and {n} more in the report", "… 另有 {n} 项见报告"),
    "no_findings": ("No CRITICAL or WARNING finding.", "没有严重或警告级别的问题。"),
    "missed": ("Not inspected (crashed runs):", "未巡检的窗口（运行崩溃）："),
    "report": ("Report: {url}", "报告：{url}"),
    "no_report": ("Report: (no report browser address: set DBPATROL_REPORT_URL)",
                  "报告：（未设置报告浏览地址 DBPATROL_REPORT_URL）"),
}


def _t(key: str, lang: str, **params: Any) -> str:
    en, zh = _TEXT[key]
    return (zh if lang == "zh-CN" else en).format(**params)


_ACTIVE = re.compile(r"[\[\]()<>`*|~\\]")  # not _ (names have it; emphasis needs a pair and no link)


def _one_line(text: str | None, limit: int) -> str:
    """One line, inert: a receiver may render Markdown or HTML (Slack, DingTalk, WeCom), and a database
    name or a driver's error can carry text from the server, so the characters that make links,
    markup or emphasis are dropped."""
    s = " ".join(_ACTIVE.sub(" ", str(text or "")).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def live_findings(result: InspectionResult) -> list[tuple[str, Any]]:
    """(instance, finding) for CRITICAL and WARNING findings that are not acknowledged, worst first."""
    rows = [(inst.name, f) for inst in result.instances for f in inst.findings
            if f.outcome in (Outcome.CRITICAL, Outcome.WARNING) and f.acknowledged is None]
    rows.sort(key=lambda r: (-r[1].outcome.rank, r[0], r[1].code))
    return rows


def event_labels(result: InspectionResult, lang: str, report_url: str | None) -> dict[str, str]:
    """The event's resource labels (strings; an automation matches them with globs). score-floor is
    the integer part of the score, so ``score-below=N`` matches the values 0 … N-1."""
    fleet = score.score_fleet(result)
    live = live_findings(result)
    return {
        "prefect.resource.id": f"{RESOURCE_PREFIX}{result.id}",
        "prefect.resource.name": result.plan or result.tier,
        "dbpatrol.plan": result.plan or "",
        "dbpatrol.tier": result.tier,
        "dbpatrol.lang": lang,
        "dbpatrol.score": f"{fleet.score:g}",
        "dbpatrol.score-floor": str(int(math.floor(fleet.score))),
        "dbpatrol.critical": str(sum(1 for _, f in live if f.outcome == Outcome.CRITICAL)),
        "dbpatrol.warning": str(sum(1 for _, f in live if f.outcome == Outcome.WARNING)),
        "dbpatrol.unreachable": str(sum(1 for i in result.instances if not i.reachable)),
        "dbpatrol.missed-windows": str(len(result.missed_windows)),
        "dbpatrol.report-id": result.id,
        "dbpatrol.report-url": report_url or "",
    }


def message(result: InspectionResult, lang: str = "en", report_url: str | None = None,
            tz: str | None = None) -> tuple[str, str]:
    """(subject, body) in ``lang``: plain text, for e-mail, webhooks and chat alike."""
    lang = i18n.normalise_lang(lang)
    zone = display_zone(tz or result.timezone)
    fleet = score.score_fleet(result)
    by_inst = fleet.by_instance()
    tier = i18n.label("tier", result.tier, lang)
    what = _t("plan", lang, plan=_one_line(result.plan, 80), tier=tier) if result.plan else _t("immediate", lang, tier=tier)
    live = live_findings(result)
    unreachable = [i for i in result.instances if not i.reachable]
    critical = sum(1 for _, f in live if f.outcome == Outcome.CRITICAL)
    subject = "dbpatrol " + _t("subject", lang, what=what, score=f"{fleet.score:g}", critical=critical,
                                unreachable=len(unreachable))
    lines = [subject, "",
             _t("window", lang, start=fmt_time(result.window_start, zone), end=fmt_time(result.window_end, zone)),
             _t("score", lang, score=f"{fleet.score:g}", grade=i18n.t("grade_" + fleet.grade, lang)),
             _t("instances", lang, names=", ".join(f"{_one_line(i.name, 64)} ({by_inst[i.name].score:g})"
                                              for i in result.instances))]
    if unreachable:
        lines += ["", _t("unreachable", lang)]
        lines += [f"- {_one_line(i.name, 64)}: {_one_line(i.cause or '?', MAX_CAUSE)}" for i in unreachable]
    lines += [""]
    if live:
        lines.append(_t("findings", lang, n=len(live)))
        for name, f in live[:MAX_FINDINGS]:
            where = f" ({_one_line(f.database, 64)})" if f.database else ""
            outcome = i18n.label("outcome", f.outcome.value, lang) if lang == "zh-CN" else f.outcome.value
            lines.append(f"- {_one_line(name, 64)}{where} {outcome} {f.code} "
                         f"{_one_line(f.title.get(lang), 120)}")
        if len(live) > MAX_FINDINGS:
            lines.append(_t("more", lang, n=len(live) - MAX_FINDINGS))
    else:
        lines.append(_t("no_findings", lang))
    if result.missed_windows:
        lines += ["", _t("missed", lang)]
        lines += [f"- {fmt_time(m.window_start, zone)} → {fmt_time(m.window_end, zone)} "
                  f"({_one_line(m.flow_run_name or m.flow_run_id, 80)}, {_one_line(m.state, 40)})"
                  for m in result.missed_windows]
    lines += ["", _t("report", lang, url=report_url) if report_url else _t("no_report", lang)]
    return subject, "\n".join(lines) + "\n"


def event_payload(result: InspectionResult, lang: str, report_url: str | None, tz: str | None = None) -> dict:
    subject, body = message(result, lang, report_url, tz)
    live = live_findings(result)
    return {
        "subject": subject,
        "body": body,
        "window": [result.window_start.isoformat(), result.window_end.isoformat()],
        "instances": [i.name for i in result.instances],
        "unreachable": [i.name for i in result.instances if not i.reachable],
        "findings": [{"instance": n, "code": f.code, "outcome": f.outcome.value} for n, f in live[:MAX_FINDINGS]],
    }
