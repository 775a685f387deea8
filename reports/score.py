"""Health score 0–100 per instance and for the fleet, with every deduction explained.

The model (documented for users in reports/README.md):

* an instance starts at 100;
* each finding deducts ``SEVERITY_POINTS[outcome] × CATEGORY_WEIGHT[category]``
  (CRITICAL 10, WARNING 3, ERROR 1 — the item could not be verified; a check SKIPPED for a missing
  privilege costs as much as an ERROR, for the same reason; not applicable, disabled and OK cost 0);
* deductions within one category are capped at ``CATEGORY_CAP`` points;
* an acknowledged finding (``dbpatrol ack``, still within its ``until``) deducts nothing; a
  finding some of whose objects are acknowledged deducts by the worst outcome among the objects
  still at fault; one zero-point line per instance names the acknowledged findings;
* an unreachable instance scores 0 (nothing could be verified);
* the fleet score is the mean of the instance scores (0 for an empty inspection's fleet is not
  meaningful, so an inspection without instances scores 100 with no deductions).

Alibaba DAS uses a 100-point score with per-item deductions; MySQLTuner weights categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dbpatrol.results import InspectionResult, InstanceResult, Outcome

from . import i18n

SEVERITY_POINTS: dict[Outcome, float] = {
    Outcome.CRITICAL: 10.0,
    Outcome.WARNING: 3.0,
    Outcome.ERROR: 1.0,
    Outcome.SKIPPED: 0.0,
    Outcome.OK: 0.0,
}

CATEGORY_WEIGHT: dict[str, float] = {
    "backup": 1.5,  # 备份容灾: an unrecoverable database outweighs everything else
    "security": 1.2,
    "running": 1.0,
    "errors": 1.0,
    "os": 1.0,  # host and OS
    "objects": 0.8,  # 空间资源
    "performance": 0.8,
    "config": 0.6,  # parameter configuration, 规范
}
DEFAULT_WEIGHT = 1.0
CATEGORY_CAP = 40.0

GRADES = ((90, "healthy"), (75, "attention"), (60, "at_risk"), (0, "critical"))


@dataclass
class Deduction:
    points: float
    category: str
    code: str | None
    outcome: str | None
    reason_key: str
    params: dict = field(default_factory=dict)
    finding_title: object = None  # dbpatrol.results.Text, for the finding's own language

    def explain(self, lang: str) -> str:
        params = dict(self.params)
        if self.finding_title is not None:
            params["title"] = self.finding_title.get(lang)
        if self.outcome:
            params["outcome"] = i18n.label("outcome", self.outcome, lang)
        if "category" in params:
            params["category"] = i18n.label("category", params["category"], lang)
        return i18n.t(self.reason_key, lang, **params)


@dataclass
class InstanceScore:
    instance: str
    score: float
    deductions: list[Deduction]

    @property
    def grade(self) -> str:
        return grade(self.score)


@dataclass
class FleetScore:
    score: float
    instances: list[InstanceScore]

    @property
    def grade(self) -> str:
        return grade(self.score)

    def by_instance(self) -> dict[str, InstanceScore]:
        return {s.instance: s for s in self.instances}


def grade(score: float) -> str:
    for floor, name in GRADES:
        if score >= floor:
            return name
    return "critical"


def _round(x: float) -> float:
    return round(x + 0.0, 1)


def score_instance(inst: InstanceResult) -> InstanceScore:
    if not inst.reachable:
        d = Deduction(100.0, "running", None, None, "deduct_unreachable", {"cause": inst.cause or "?"})
        return InstanceScore(inst.name, 0.0, [d])
    per_cat: dict[str, list[Deduction]] = {}
    acknowledged: list[str] = []
    for f in inst.findings:
        if f.outcome is Outcome.SKIPPED and f.skip_reason == "privilege":
            # the monitoring user could not see it: unverified, like an ERROR (a user without
            # half the grants must not score 100)
            pts = SEVERITY_POINTS[Outcome.ERROR] * CATEGORY_WEIGHT.get(f.category, DEFAULT_WEIGHT)
            per_cat.setdefault(f.category, []).append(
                Deduction(_round(pts), f.category, f.code, f.outcome.value, "deduct_unverified", {"code": f.code}, f.title))
            continue
        if not SEVERITY_POINTS[f.outcome]:
            continue
        if f.acknowledged is not None:
            acknowledged.append(f.code)
            continue
        outcome, key, params = f.outcome, "deduct_finding", {"code": f.code}
        at_fault = [o for o in f.objects if o.outcome in (Outcome.WARNING, Outcome.CRITICAL)]
        live = [o for o in at_fault if o.acknowledged is None]
        if len(live) < len(at_fault):
            if not live:  # every object acknowledged (apply_acks marks the finding too)
                acknowledged.append(f.code)
                continue
            outcome = Outcome.worst(o.outcome for o in live)
            key = "deduct_finding_partial"
            params = {"code": f.code, "acked": len(at_fault) - len(live), "total": len(at_fault)}
        pts = SEVERITY_POINTS[outcome] * CATEGORY_WEIGHT.get(f.category, DEFAULT_WEIGHT)
        per_cat.setdefault(f.category, []).append(
            Deduction(_round(pts), f.category, f.code, outcome.value, key, params, f.title))
    out: list[Deduction] = []
    total = 0.0
    for cat in sorted(per_cat, key=lambda c: -sum(d.points for d in per_cat[c])):
        ds = sorted(per_cat[cat], key=lambda d: -d.points)
        raw = sum(d.points for d in ds)
        out.extend(ds)
        if raw > CATEGORY_CAP:
            # a negative line makes the cap visible instead of silently dropping points
            out.append(Deduction(_round(CATEGORY_CAP - raw), cat, None, None, "deduct_capped",
                                 {"category": cat, "cap": f"{CATEGORY_CAP:g}", "raw": f"{raw:g}"}))
            raw = CATEGORY_CAP
        total += raw
    if acknowledged:
        out.append(Deduction(0.0, "", None, None, "deduct_acknowledged",
                             {"n": len(acknowledged), "codes": ", ".join(acknowledged)}))
    return InstanceScore(inst.name, _round(max(0.0, 100.0 - total)), out)


def score_fleet(result: InspectionResult) -> FleetScore:
    scores = [score_instance(i) for i in result.instances]
    fleet = sum(s.score for s in scores) / len(scores) if scores else 100.0
    return FleetScore(_round(fleet), scores)


def model_params() -> dict[str, str]:
    """Parameters of the scoring text in the i18n catalogue."""
    p = {"critical": f"{SEVERITY_POINTS[Outcome.CRITICAL]:g}", "warning": f"{SEVERITY_POINTS[Outcome.WARNING]:g}",
         "error": f"{SEVERITY_POINTS[Outcome.ERROR]:g}", "cap": f"{CATEGORY_CAP:g}"}
    p.update({f"w_{k}": f"{v:g}" for k, v in CATEGORY_WEIGHT.items()})
    return p
