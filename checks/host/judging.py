"""Judges shared by the kernel-log checks (OSH009, OSH010): a '(read)' row, then one row per line counted."""

from __future__ import annotations

from dbpatrol.results import Outcome

from checks.judges import uses
from checks.spec import Verdict

from .kernel import SUMMARY


def _t(v) -> str:
    from checks.logs import _time

    return _time(v)


def kernel_judge(counted: dict[str, str]):
    """``counted``: event → the threshold its count is rated against."""
    @uses(*sorted(set(counted.values())))
    def judge(rows, th, ctx) -> Verdict:
        head = next((r for r in rows if r.get("event") == SUMMARY), {})
        events = [r for r in rows if r.get("event") != SUMMARY]
        counts = {e: sum(int(r.get("occurrences") or 1) for r in events if r.get("event") == e) for e in counted}
        outcome = Outcome.OK
        for e, name in counted.items():
            o = th[name].classify(counts[e]) if counts[e] else Outcome.OK
            outcome = o if o.rank > outcome.rank else outcome
        last = events[-1] if events else {}
        params = {"read": head.get("message") or "kernel log", "count": sum(counts.values()),
                  **{f"n_{e}": n for e, n in counts.items()},
                  "last_at": _t(last.get("logged_at")), "last": (last.get("message") or "")[:200],
                  "processes": ", ".join(sorted({f"{r['process']} ({r['pid']})" for r in events if r.get("process")}))}
        if outcome is Outcome.OK:
            return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[head] if head else [])
        return Verdict(outcome=outcome, message="problem", params=params, evidence=[head, *events[-20:]] if head else events[-20:],
                       total=len(events) + (1 if head else 0))
    return judge
