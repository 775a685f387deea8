"""The top-SQL rating PRF001 (pg_stat_statements) and PRF040 (statement digests) share.

Not a check (the registry skips ``_`` folders). Each listed statement is rated twice: its share of all
statements' time against time_share_pct (postgres-checkup K000) and slow = mean ≥ mean_time_ms over ≥
min_calls calls (PgHero); the worst decides. With ``total_floor`` (PRF040's min_total_time_s) a share
of almost nothing says nothing: below that much statement time in all only slowness is rated. The rows
are in-window figures (basis window) or counters since the reset / server start (cumulative), as each
check's collector found them; ``basis_params`` is the check's own naming of that basis. ``short`` and
``split_series`` serve the other statement checks' judges too (PRF002, PRF003).
"""

from __future__ import annotations

from typing import Any, Callable

from checks.judges import EVIDENCE_LIMIT
from checks.spec import Verdict
from dbpatrol.results import Outcome


def short(text: Any, n: int = 80) -> str:
    t = str(text or "")
    return t if len(t) <= n else t[: n - 1] + "…"


def split_series(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A collector's rows without their ``series`` (copies), and the series by statement key."""
    series, clean = {}, []
    for r in rows:
        r = dict(r)
        s = r.pop("series", None)
        if s and r.get("statement"):
            series[r["statement"]] = s
        clean.append(r)
    return series, clean


def rate(rows: list[dict[str, Any]], th, *, basis_params: Callable[[list], dict[str, Any]],
         where: Callable[[dict[str, Any]], str], calls_word: str = "calls", total_floor: bool = False) -> Verdict:
    """The verdict on a top-SQL collector's rows. ``where(row)``: whose statement, shown in brackets
    (database/user, or schema); ``calls_word``: what the engine counts, in the reason a statement is slow
    (calls, executions)."""
    def line(r) -> str:
        return (f"#{r['rank']} [{where(r)}] {short(r['query'])}: {r['total_time_ms']:.0f} ms "
                f"({r['time_pct']} %), {r['calls']} calls, mean {r['mean_time_ms']} ms")

    series, clean = split_series(rows)
    stm = sorted((r for r in clean if r.get("statement")), key=lambda r: r["rank"])
    params = {**basis_params(clean), "statements": clean[0].get("statements", 0) if clean else 0,
              "total_time": f"{(clean[0].get('total_time_all_ms') or 0) / 1000:.1f} s" if clean else "0 s",
              "min_calls": int(th["min_calls"].value or 0)}
    basis = clean[0].get("basis") if clean else None
    coverage = clean[0].get("coverage_pct") if clean else None
    if not stm:
        return Verdict(outcome=Outcome.OK, message="none", params=params, evidence=[], basis=basis,
                       coverage_pct=coverage, objects={})
    enough = True
    if total_floor:
        enough = (clean[0].get("total_time_all_ms") or 0) >= 1000 * (th["min_total_time_s"].value or 0)
        params["min_total_time_s"] = th["min_total_time_s"].value
    rated, objects = [], {}
    for r in stm:
        why = []
        o_share = th["time_share_pct"].classify(r.get("time_pct")) if enough else Outcome.OK
        if o_share is not Outcome.OK:
            why.append(f"{r['time_pct']} % of all time")
        o_slow = Outcome.OK
        if (r.get("calls") or 0) >= (th["min_calls"].value or 0):
            o_slow = th["mean_time_ms"].classify(r.get("mean_time_ms"))
            if o_slow is not Outcome.OK:
                why.append(f"slow: mean {r['mean_time_ms']} ms over {r['calls']} {calls_word}")
        o = Outcome.worst([o_share, o_slow])
        r["flag"] = "; ".join(why)
        objects[r["statement"]] = o
        if o is not Outcome.OK:
            rated.append(r)
    outcome = Outcome.worst(list(objects.values()))
    params.update(top_list="; ".join(line(r) for r in stm[:3]), flagged=len(rated),
                  flag_list="; ".join(f"{line(r)} — {r['flag']}" for r in rated[:5]))
    evidence = (rated + [r for r in stm if not r.get("flag")])[:EVIDENCE_LIMIT]
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params,
                   evidence=evidence, total=len(stm), objects=objects, basis=basis, coverage_pct=coverage,
                   series=series or None)
