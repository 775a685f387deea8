"""What changed since the previous report, and what could not be inspected.

A *problem* is a WARNING or CRITICAL finding. History works per (instance, check code, object)
(and database, for a check that runs in each database):

* a finding whose check names an object per row (``object_columns``) contributes one entry per
  object at fault (``Finding.objects``): ``public.orders`` can be resolved while ``public.items``
  is new and ``public.users`` persists, all under one check;
* a finding of a check about the instance as a whole contributes one entry, object ``None``.

Each entry is

* new — a problem now, not a problem (or absent) in the previous result;
* persisting (遗留问题) — a problem in both; ``worsened`` when WARNING became CRITICAL;
* resolved — a problem before, and the check ran now without finding it (OK, or the object is no
  longer among those at fault);
* unverified — a problem before that could not be re-checked now (the instance was unreachable,
  the check was SKIPPED or ERROR, or the evidence was cut short of its total so an object missing
  from it may only have been left out); it is neither resolved nor new.

Only checks present in both results are compared for resolution: a previous problem of a check the
current run did not run at all (a weekly check, now a daily run) is not "unverified" — it is simply
not part of this comparison. Only instances present in the current result are compared: an
instance dropped from the plan is not reported as "resolved".

The previous result may be composed from several stored reports (reports/store.py
``previous()``): per instance and check, the last report that ran that check for that instance.

Items not inspected come from the outcomes of the current result: an unreachable instance, a
SKIPPED finding for a missing privilege, an inspection item disabled, an ERROR. A SKIPPED finding
that does not apply here (engine, version, role, a feature that is off) is *not applicable*,
counted and listed apart: nothing was left undone. The reason is ``Finding.skip_reason``; reports
stored before results schema 2 carry it only in words ("missing privilege…", "not applicable…").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dbpatrol.results import Acknowledgement, Finding, InspectionResult, Outcome

PROBLEM = (Outcome.WARNING, Outcome.CRITICAL)
RAN = (Outcome.OK, Outcome.WARNING, Outcome.CRITICAL)  # outcomes of a check that really looked


@dataclass
class Change:
    instance: str
    code: str
    finding: Finding | None  # now (None for resolved when the check did not run)
    previous: Finding | None
    worsened: bool = False
    improved: bool = False
    object: str | None = None  # the object at fault (None: the check on the instance as a whole)
    outcome_now: Outcome | None = None  # the entry's own outcome (the object's, for per-object entries)
    outcome_before: Outcome | None = None

    @property
    def title(self):
        return (self.finding or self.previous).title

    @property
    def category(self) -> str:
        return (self.finding or self.previous).category

    @property
    def database(self) -> str | None:
        return (self.finding or self.previous).database

    @property
    def now(self) -> Outcome | None:
        if self.outcome_now is not None:
            return self.outcome_now
        return self.finding.outcome if self.finding else None

    @property
    def before(self) -> Outcome | None:
        if self.outcome_before is not None:
            return self.outcome_before
        return self.previous.outcome if self.previous else None

    @property
    def acknowledged(self) -> Acknowledgement | None:
        """The acknowledgement muting this entry now (the object's own, or the whole finding's)."""
        f = self.finding
        if f is None:
            return None
        if self.object is not None:
            for o in f.objects:
                if o.key == self.object and o.acknowledged is not None:
                    return o.acknowledged
        return f.acknowledged


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
            return [{"instance": c.instance, "code": c.code, "database": c.database, "object": c.object,
                     "now": c.now.value if c.now else None,
                     "previous": c.before.value if c.before else None,
                     "worsened": c.worsened, "acknowledged": c.acknowledged is not None} for c in changes]
        return {"previous_id": self.previous_id, "new": rows(self.new), "persisting": rows(self.persisting),
                "resolved": rows(self.resolved), "unverified": rows(self.unverified)}


def entries(f: Finding | None) -> dict[str | None, Outcome]:
    """The problems one finding stands for: {object key: outcome} for a per-object finding that
    names its objects, {None: outcome} for a problem about the check as a whole, {} otherwise."""
    if f is None:
        return {}
    if f.object_columns and f.objects:
        return {o.key: o.outcome for o in f.objects if o.outcome in PROBLEM}
    return {None: f.outcome} if f.outcome in PROBLEM else {}


def _truncated(f: Finding) -> bool:
    """The evidence (hence the objects derived from it) was cut short of what was collected."""
    return f.evidence_total is not None and f.evidence_total > len(f.evidence)


def diff(result: InspectionResult, previous: InspectionResult | None) -> HistoryDiff:
    if previous is None:
        # with no previous report every current problem is new
        out = HistoryDiff(None)
        for inst in result.instances:
            for f in inst.findings:
                for key, outcome in entries(f).items():
                    out.new.append(Change(inst.name, f.code, f, None, object=key, outcome_now=outcome))
        return out
    out = HistoryDiff(previous.id, previous.generated_at)
    prev_by_inst = {i.name: i for i in previous.instances}
    for inst in result.instances:
        prev_inst = prev_by_inst.get(inst.name)
        # a database-scope check has one finding per database: (code, database) names a finding
        prev = {(f.code, f.database): f for f in prev_inst.findings} if prev_inst else {}
        for f in inst.findings:
            _diff_check(out, inst.name, f, prev.get((f.code, f.database)))
        if not inst.reachable:
            # nothing ran on an unreachable instance, listed or not: its previous problems stand unverified
            listed = {(f.code, f.database) for f in inst.findings}
            for fkey, p in prev.items():
                if fkey not in listed:
                    for key, was in entries(p).items():
                        out.unverified.append(Change(inst.name, p.code, None, p, object=key, outcome_before=was))
    return out


def _diff_check(out: HistoryDiff, instance: str, f: Finding, p: Finding | None) -> None:
    now, before = entries(f), entries(p)
    if (None in now and any(k is not None for k in before)) or (None in before and any(k is not None for k in now)):
        # one side names objects, the other speaks of the check as a whole (a check given an
        # object key since, or a judge that named no objects): compare the check as a whole
        now = {None: f.outcome} if now else {}
        before = {None: p.outcome} if before else {}
    for key, outcome in now.items():
        was = before.get(key)
        if was is not None:
            out.persisting.append(Change(instance, f.code, f, p, worsened=outcome.rank > was.rank,
                                         improved=outcome.rank < was.rank, object=key,
                                         outcome_now=outcome, outcome_before=was))
        else:
            out.new.append(Change(instance, f.code, f, p, object=key, outcome_now=outcome))
    for key, was in before.items():
        if key in now:
            continue
        if f.outcome in RAN and not (key is not None and _truncated(f)):
            # the check looked and did not find it: for a per-object entry, the object is no
            # longer among those at fault (its outcome now is the finding's when that is OK)
            out.resolved.append(Change(instance, f.code, f, p, object=key, outcome_before=was,
                                       outcome_now=Outcome.OK if key is not None else None))
        else:
            # unreachable now, skipped, failed, or the evidence was cut: we cannot say it is fixed
            out.unverified.append(Change(instance, f.code, f, p, object=key, outcome_before=was))


@dataclass
class NotInspected:
    instance: str
    code: str | None
    title: object  # Text or None
    category: str | None
    reason: str  # unreachable | privilege | disabled | error | skipped | not_applicable
    detail: str  # English detail (cause or message)
    message: object = None  # the finding's message (Text, every language); None for an unreachable instance
    count: int = 1  # the checks this entry stands for: an unreachable instance is one entry for all its checks
    # (0 when the result lists none of them: it still counts once)


def _skipped_items(result: InspectionResult) -> list[NotInspected]:
    """One entry per check not inspected, except an unreachable instance: one entry for the
    instance, with its cause and how many checks it left undone (not one row per check: three
    down instances made a 28-page PDF)."""
    items: list[NotInspected] = []
    for inst in result.instances:
        if not inst.reachable:
            undone = sum(1 for f in inst.findings if f.outcome in (Outcome.SKIPPED, Outcome.ERROR))
            items.append(NotInspected(inst.name, None, None, None, "unreachable", inst.cause or "",
                                      count=undone))
            continue
        for f in inst.findings:
            if f.outcome == Outcome.ERROR:
                items.append(NotInspected(inst.name, f.code, f.title, f.category, "error", f.message.en, f.message))
            elif f.outcome == Outcome.SKIPPED:
                items.append(NotInspected(inst.name, f.code, f.title, f.category, skip_reason(f), f.message.en,
                                          f.message))
    return items


def not_inspected(result: InspectionResult) -> list[NotInspected]:
    """What should have been inspected and was not: unreachable instances (and their checks),
    missing privileges, disabled inspection items, checks that failed. Not-applicable checks are
    not in here (see :func:`not_applicable`)."""
    return [n for n in _skipped_items(result) if n.reason != "not_applicable"]


def undone(items: list[NotInspected]) -> int:
    """How many checks the entries stand for (an unreachable instance counts every check it left)."""
    return sum(max(n.count, 1) for n in items)


def not_applicable(result: InspectionResult) -> list[NotInspected]:
    """Checks that do not apply to an instance (engine, version, role, a feature that is off)."""
    return [n for n in _skipped_items(result) if n.reason == "not_applicable"]


def skip_reason(f: Finding) -> str:
    if f.skip_reason:
        return f.skip_reason
    msg = f.message.en.strip().lower()  # reports stored before schema 2 carry the reason in words only
    if msg.startswith("missing privilege"):
        return "privilege"
    if msg.startswith("not applicable"):
        return "not_applicable"
    if msg.startswith("not inspected: instance unreachable"):
        return "unreachable"
    if msg.startswith("disabled"):
        return "disabled"
    return "skipped"
