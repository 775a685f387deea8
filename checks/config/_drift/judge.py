"""The drift checks' judge (CFG014, CFG042): rows of kind change / reload / basis (checks/config/_drift)."""

from __future__ import annotations

from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import Verdict
from dbpatrol.results import Outcome


def _list(changes: list[dict]) -> str:
    text = "; ".join(f"{r['name']} {r['old_value']} → {r['new_value']} ({r['changed_after']} – {r['changed_by']})"
                     for r in changes[:8])
    return text + (f"; … (+{len(changes) - 8})" if len(changes) > 8 else "")


@uses("ignored")
def judge(rows, th, ctx) -> Verdict:
    ignored = {str(v).lower() for v in th["ignored"].value or ()}
    basis = next((r for r in rows if r.get("kind") == "basis"), {})
    reloads = [r for r in rows if r.get("kind") == "reload"]
    changed = [r for r in rows if r.get("kind") == "change" and str(r.get("name")).lower() not in ignored]
    params = {"since": basis.get("changed_after"), "snapshots": basis.get("old_value"), "count": len(changed),
              "changes": _list(changed), "reload": reloads[0]["changed_by"] if reloads else None}
    if not changed:
        key = "ok_reloaded" if reloads else "ok"
        return Verdict(outcome=Outcome.OK, message=key, params=params, evidence=reloads + [basis] if basis else reloads,
                       objects={})
    return Verdict(outcome=Outcome.WARNING, message="changed", params={**params, **changed[0]},
                   evidence=(changed + reloads)[:EVIDENCE_LIMIT], total=len(changed),
                   objects={r["name"]: Outcome.WARNING for r in changed}, since=basis.get("changed_after"))
