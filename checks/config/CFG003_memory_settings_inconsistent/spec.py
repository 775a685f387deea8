from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

GB = 1024 ** 3


def _gb(v: float) -> str:
    return f"{v / GB:.1f} GB" if v >= GB else f"{v / 1024 ** 2:.0f} MB"


@uses("work_mem_worst_case_gb", "sorts_per_query")
def judge(rows, th, ctx) -> Verdict:
    """What the memory settings say of each other, without the host's RAM (the database cannot see it):
    effective_cache_size below shared_buffers (the planner's cache estimate must include the buffers),
    shared_buffers still the compiled-in 128 MB, and work_mem × max_connections × sorts per query
    beyond the worst case pg-healthcheck accepts."""
    s = {str(r["name"]): r for r in rows}
    b = lambda n: num((s.get(n) or {}).get("bytes"))  # noqa: E731
    bad: list[tuple[dict, str]] = []
    sb, ecs, wm, conns = b("shared_buffers"), b("effective_cache_size"), b("work_mem"), num((s.get("max_connections") or {}).get("setting"))
    if sb is not None and ecs is not None and ecs < sb:
        bad.append(({**s["effective_cache_size"], "detail": f"effective_cache_size {_gb(ecs)} < shared_buffers {_gb(sb)}"},
                    "cache_below_buffers"))
    if "shared_buffers" in s and s["shared_buffers"].get("at_default") in (True, "t", "true", 1):
        bad.append(({**s["shared_buffers"], "detail": f"shared_buffers {_gb(sb or 0)} is the compiled-in default"},
                    "buffers_default"))
    limit, sorts = th["work_mem_worst_case_gb"].value, th["sorts_per_query"].value or 1
    if wm is not None and conns is not None and limit is not None and wm * conns * sorts > limit * GB:
        worst = wm * conns * sorts
        bad.append(({**s["work_mem"], "detail": f"work_mem {_gb(wm)} x max_connections {conns:g} x {sorts:g} = {_gb(worst)}"},
                    "work_mem"))
    params = {"count": len(bad), "total": len(rows), "shared_buffers": (s.get("shared_buffers") or {}).get("shown"),
              "effective_cache_size": (s.get("effective_cache_size") or {}).get("shown"),
              "work_mem": (s.get("work_mem") or {}).get("shown"), "max_connections": (s.get("max_connections") or {}).get("shown"),
              "limit_gb": th["work_mem_worst_case_gb"].value or 0}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message=bad[0][1], params={**params, **bad[0][0]},
                   evidence=[r for r, _ in bad], total=len(bad), objects={r["name"]: Outcome.WARNING for r, _ in bad})


SPEC = CheckSpec(
    code="CFG003",
    name="memory_settings_inconsistent",
    title=T("Memory settings inconsistent or untuned (shared_buffers, effective_cache_size, work_mem)",
            "内存参数互相矛盾或未调优（shared_buffers、effective_cache_size、work_mem）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "bytes", "at_default"),
    object_key=("name",),
    thresholds=(
        Threshold(name="work_mem_worst_case_gb", unit="GB", kind="guard", value=200,
                  rationale="pg-healthcheck g03WorkMem (check reference G03-004): work_mem x max_connections x 4 above "
                            "200 GB warns ('reduce work_mem or max_connections to avoid OOM')"),
        Threshold(name="sorts_per_query", unit="work_mem allocations", kind="guard", value=4,
                  rationale="pg-healthcheck counts 4 sort/hash nodes per query for the worst case"),
    ),
    judge=judge,
    messages={
        "ok": T("The memory settings agree with each other (shared_buffers {shared_buffers}, effective_cache_size "
                "{effective_cache_size}, work_mem {work_mem} x {max_connections} connections); against the host's RAM "
                "see CFG004",
                "内存参数相互一致（shared_buffers {shared_buffers}、effective_cache_size {effective_cache_size}、work_mem "
                "{work_mem} × {max_connections} 个连接）；与主机内存的比较见 CFG004"),
        "cache_below_buffers": T("{detail}: the planner's estimate of cached data is smaller than the buffers alone "
                                 "(it must include shared_buffers and the OS cache), so it overprices index scans; "
                                 "{count} problem(s)",
                                 "{detail}：规划器估计的可缓存数据小于共享缓冲区本身（应包含 shared_buffers 与操作系统缓存），"
                                 "会高估索引扫描的代价；共 {count} 个问题"),
        "buffers_default": T("{detail}: the buffer pool was never sized for this host (postgres-checkup G001 expects "
                             "20-80 % of RAM, and 128 MB is below 20 % of any host with more than 640 MB); "
                             "{count} problem(s)",
                             "{detail}：共享缓冲区从未按本主机调整（postgres-checkup G001 建议为内存的 20%-80%，而 128 MB "
                             "低于任何内存超过 640 MB 主机的 20%）；共 {count} 个问题"),
        "work_mem": T("{detail}, above {limit_gb} GB: with every connection sorting at once the "
                      "server can run out of memory; {count} problem(s)",
                      "{detail}，超过 {limit_gb} GB：所有连接同时排序时服务器可能耗尽内存；共 {count} 个问题"),
    },
    remediation=RemediationSpec(
        text=T("Size shared_buffers for the host (about 25 % of RAM; a restart), set effective_cache_size to what "
               "shared_buffers and the OS cache together hold (50-75 % of RAM; a reload), and keep work_mem x "
               "max_connections within memory (lower work_mem, raise it per role or session for reports, or pool "
               "connections).",
               "按主机调整 shared_buffers（约为内存的 25%，需重启），把 effective_cache_size 设为共享缓冲区与操作系统缓存合计"
               "可容纳的量（内存的 50%-75%，重新加载即可），并使 work_mem × max_connections 不超出内存（调低 work_mem，为报表"
               "按角色或会话调高，或使用连接池）。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET shared_buffers = '<25 % of RAM>';  -- restart to apply",
            "ALTER SYSTEM SET effective_cache_size = '<50-75 % of RAM>'; SELECT pg_reload_conf();",
            "ALTER ROLE <reporting role> SET work_mem = '256MB';  -- instead of a large server-wide work_mem",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-resource.html",
                    "https://www.postgresql.org/docs/current/runtime-config-query.html#GUC-EFFECTIVE-CACHE-SIZE"],
    ),
    timeout_s=5,
)
