"""Filesystem space and inodes of the server's directories (OSH001, OSH002): ``df -P -k DIR`` /
``df -P -i DIR`` for each directory the database names (checks/host ``directories``)."""

from __future__ import annotations

from typing import Any

from dbpatrol.results import Outcome

from checks.judges import uses
from checks.spec import Verdict

from . import directories, parse_df, run, ssh_ok, used_pct

SPACE_COLUMNS = ("role", "path", "mount", "filesystem", "size_mb", "used_mb", "avail_mb", "used_pct", "note")
INODE_COLUMNS = ("role", "path", "mount", "filesystem", "inodes", "inodes_used", "inodes_free", "used_pct", "note")


def rows(ctx, inodes: bool) -> list[dict[str, Any]]:
    ssh_ok(ctx)
    dirs, notes = directories(ctx)
    out, refused = [], []
    for role, path in dirs:
        r = run(ctx, ["df", "-P", "-i" if inodes else "-k", path])
        parsed = parse_df(r.text) if r.ok else None
        if parsed is None:
            refused.append(f"{path}: {r.error if not r.ok else 'df output not understood'}")
            out.append({c: None for c in (INODE_COLUMNS if inodes else SPACE_COLUMNS)} |
                       {"role": role, "path": path, "note": f"df failed: {r.error if not r.ok else r.text[:200]}"})
            continue
        pct = used_pct(parsed["used"], parsed["free"])
        base = {"role": role, "path": path, "mount": parsed["mount"], "filesystem": parsed["filesystem"], "used_pct": pct,
                "note": None}
        if inodes:
            base |= {"inodes": parsed["total"], "inodes_used": parsed["used"], "inodes_free": parsed["free"]}
            if parsed["total"] == 0:
                base["note"] = "no fixed inode table (inodes allocated on demand, e.g. btrfs)"
        else:
            base |= {"size_mb": round(parsed["total"] / 1024, 1), "used_mb": round(parsed["used"] / 1024, 1),
                     "avail_mb": round(parsed["free"] / 1024, 1)}
        out.append(base)
    if out and all(r["used_pct"] is None for r in out) and refused:
        from checks.collect import CollectSkip

        raise CollectSkip("privilege", f"the ssh user cannot stat the server's directories ({'; '.join(refused)[:400]})",
                          f"ssh 用户无法读取数据库目录（{'; '.join(refused)[:400]}）")
    if notes and out:
        out[0]["note"] = "; ".join(filter(None, [out[0]["note"], *notes]))
    return out


def judge(threshold: str, what_en: str, what_zh: str):
    @uses(threshold)
    def _judge(rows, th, ctx) -> Verdict:
        lv = th[threshold]
        rated = [(r, lv.classify(r.get("used_pct"))) for r in rows if r.get("used_pct") is not None]
        blind = [r for r in rows if r.get("used_pct") is None and r.get("inodes") != 0]
        if not rated:
            return Verdict(outcome=Outcome.SKIPPED, message="unknown", skip_reason="privilege",
                           params={"paths": ", ".join(str(r.get("path")) for r in rows) or "none"})
        rated.sort(key=lambda x: -(x[0]["used_pct"] or 0))
        worst = max(o.rank for _, o in rated)
        outcome = next(o for _, o in rated if o.rank == worst)
        top = rated[0][0]
        bad = [r for r, o in rated if o in (Outcome.WARNING, Outcome.CRITICAL)]
        params = {"path": top["path"], "role": top["role"], "pct": f"{top['used_pct']:g}", "mount": top["mount"],
                  "count": len(rated), "bad": len(bad), "what": what_en,
                  "blind": f" ({len(blind)} directory(ies) not readable: {', '.join(r['path'] for r in blind)})" if blind else "",
                  "blind_zh": f"（{len(blind)} 个目录不可读：{', '.join(r['path'] for r in blind)}）" if blind else ""}
        objects = {ctx.object_of(r): o for r, o in rated}
        if outcome is Outcome.OK:
            return Verdict(outcome=Outcome.OK, message="ok", params=params, objects=objects)
        return Verdict(outcome=outcome, message="problem", params=params, objects=objects,
                       evidence=[r for r, _ in rated] + blind)
    return _judge
