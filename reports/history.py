"""What changed since the previous report, and what could not be inspected.

A *problem* is a WARNING or CRITICAL finding. Findings are matched by (instance name, check code).

* new — a problem now, not a problem (or absent) in the previous report;
* persisting (遗留问题) — a problem in both; ``worsened`` when WARNING became CRITICAL;
* resolved — a problem before, OK now;
* unverified — a problem before that could not be re-checked now (the instance was
  unreachable, or the check was SKIPPED or ERROR); it is neither resolved nor new.

Only instances present in the current result are compared: an instance dropped from the plan is
not reported as "resolved".

Items not inspected come from the outcomes of the current result: an unreachable instance, a
SKIPPED finding (its message starts with "missing privilege" or "not applicable"), an ERROR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dbpatrol.results import Finding, InspectionResult, Outcome

PROBLEM = (Outcome.WARNING, Outcome.CRITICAL)


@dataclass
class Change:
    instance: str
    code: str
    finding: Finding | None  # now (None for resolved when the check did not run)
    previous: Finding | None
    worsened: bool = False
    improved: bool = False

    @property
    def title(self):
        return (self.finding or self.previous).title

    @property
    def category(self) -> str:
        return (self.finding or self.previous).category


@dataclass
class HistoryDiff:
    previous_id: str | None
    previous_generated_at: object = None
    new: list[Change] = field(default_factory=list)
    persisting: list[Change] = field(default_factory=list)
    resolved: list[Change] = field(default_factory=list)
    unverified: list[Change] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.previous_id is not None

    def as_dict(self) -> dict:
        def rows(changes):
            return [{"instance": c.instance, "code": c.code,
                     "now": c.finding.outcome.value if c.finding else None,
                     "previous": c.previous.outcome.value if c.previous else None,
                     "worsened": c.worsened} for c in changes]
        return {"previous_id": self.previous_id, "new": rows(self.new), "persisting": rows(self.persisting),
                "resolved": rows(self.resolved), "unverified": rows(self.unverified)}


def diff(result: InspectionResult, previous: InspectionResult | None) -> HistoryDiff:
    if previous is None:
        # with no previous report every current problem is new
        out = HistoryDiff(None)
        for inst in result.instances:
            for f in inst.findings:
                if f.outcome in PROBLEM:
                    out.new.append(Change(inst.name, f.code, f, None))
        return out
    out = HistoryDiff(previous.id, previous.generated_at)
    prev_by_inst = {i.name: i for i in previous.instances}
    for inst in result.instances:
        prev_inst = prev_by_inst.get(inst.name)
        prev = {f.code: f for f in prev_inst.findings} if prev_inst else {}
        now = {f.code: f for f in inst.findings}
        for code, f in now.items():
            p = prev.get(code)
            if f.outcome in PROBLEM:
                if p is not None and p.outcome in PROBLEM:
                    out.persisting.append(Change(inst.name, code, f, p,
                                                 worsened=f.outcome.rank > p.outcome.rank,
                                                 improved=f.outcome.rank < p.outcome.rank))
                else:
                    out.new.append(Change(inst.name, code, f, p))
        for code, p in prev.items():
            if p.outcome not in PROBLEM:
                continue
            f = now.get(code)
            if f is not None and f.outcome == Outcome.OK:
                out.resolved.append(Change(inst.name, code, f, p))
            elif f is None or f.outcome in (Outcome.SKIPPED, Outcome.ERROR):
                # unreachable now, check not run, skipped or failed: we cannot say it is fixed
                out.unverified.append(Change(inst.name, code, f, p))
    return out


@dataclass
class NotInspected:
    instance: str
    code: str | None
    title: object  # Text or None
    category: str | None
    reason: str  # unreachable | privilege | not_applicable | error | skipped
    detail: str  # English detail (cause or message)
    message: object = None  # the finding's message (Text, every language); None for an unreachable instance


def not_inspected(result: InspectionResult) -> list[NotInspected]:
    items: list[NotInspected] = []
    for inst in result.instances:
        if not inst.reachable:
            items.append(NotInspected(inst.name, None, None, None, "unreachable", inst.cause or ""))
        for f in inst.findings:
            if f.outcome == Outcome.ERROR:
                items.append(NotInspected(inst.name, f.code, f.title, f.category, "error", f.message.en, f.message))
            elif f.outcome == Outcome.SKIPPED:
                # the checks of an unreachable instance are listed as SKIPPED: their reason is the instance's
                reason = skip_reason(f) if inst.reachable else "unreachable"
                items.append(NotInspected(inst.name, f.code, f.title, f.category, reason, f.message.en, f.message))
    return items


def skip_reason(f: Finding) -> str:
    if f.skip_reason:
        return "privilege" if f.skip_reason == "privilege" else f.skip_reason
    msg = f.message.en.strip().lower()  # reports stored before schema 2 carry the reason in words only
    if msg.startswith("missing privilege"):
        return "privilege"
    if msg.startswith("not applicable"):
        return "not_applicable"
    return "skipped"
