"""SEC009: Oracle grants changed inside the window, from dbpatrol's own grant snapshots (source ora.grants,
checks/samples/oracle/grants.sql) that every inspection and the sampler store: each grant that appeared or
disappeared between consecutive snapshots (the last one being the state now), with the interval it
happened in. Oracle keeps no change time for a grant (unified audit GRANT/REVOKE records do, when an
audit policy covers them: SEC006)."""

from __future__ import annotations

from checks import samples
from checks.collect import CollectSkip
from checks.config._drift import _iso, stored_points, utcnow

SOURCE = "ora.grants"


def now_state(ctx) -> dict[str, float]:
    sql = samples.sql_for(samples.by_name(SOURCE), ctx.session.flavor, ctx.session.version)
    return {str(r["name"]).lower(): 1 for r in ctx.run(sql) if r.get("name") is not None}


def describe(key: str) -> dict[str, str | None]:
    """sys:app:select any table:admin → kind SYSTEM PRIVILEGE, grantee APP, what SELECT ANY TABLE, option ADMIN."""
    parts = key.split(":")
    kind = {"sys": "SYSTEM PRIVILEGE", "role": "ROLE", "obj": "OBJECT PRIVILEGE"}.get(parts[0], parts[0].upper())
    option = parts[-1].upper() if parts[-1] in ("admin", "grantable") else None
    body = parts[1:-1] if option else parts[1:]
    grantee = body[0].upper() if body else None
    what = " ON ".join(p.upper() for p in body[1:]) if body[1:] else None
    return {"kind": kind, "grantee": grantee, "granted": what, "option": option}


def oracle(ctx):
    now = now_state(ctx)
    now_at = utcnow()
    points = stored_points(ctx, SOURCE)
    if not points:
        raise CollectSkip("not_applicable", "no grant snapshot stored for this window yet (the first inspection, or the "
                                            "sampler not running): the next inspection compares with this one's",
                          "本窗口内尚未保存授权快照（首次巡检，或采样器未运行）：下次巡检将与本次快照比较")
    states = [(p.taken_at, {k for k, v in p.data.items() if v}) for p in points] + [(now_at, set(now))]
    rows = []
    for (t0, a), (t1, b) in zip(states, states[1:]):
        # A capped snapshot holds the first 5,000 names in Oracle's binary order: one grant added before the cut
        # pushes the last name out, which is not a revoke. Compare only up to the lower cut of a capped side
        # (names as Oracle sorted them: upper case, code-point order).
        cuts = [max((k for k in s if k != "(truncated)"), key=str.upper, default="") for s in (a, b) if "(truncated)" in s]
        bound = min(cuts, key=str.upper).upper() if cuts else None
        for key, change in [(k, "GRANTED") for k in sorted(b - a)] + [(k, "REVOKED") for k in sorted(a - b)]:
            if key == "(truncated)" or (bound is not None and key.upper() > bound):
                continue
            rows.append({**describe(key), "change": change, "changed_after": _iso(t0), "changed_by": _iso(t1)})
    truncated = any("(truncated)" in s for _, s in states)
    rows.append({"kind": "(snapshots)", "grantee": None, "granted": str(len(points)), "option": "truncated" if truncated else None,
                 "change": None, "changed_after": _iso(points[0].taken_at), "changed_by": _iso(now_at)})
    return rows
