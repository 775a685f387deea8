from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("max_swappiness", "allowed_overcommit")
def judge(rows, th, ctx) -> Verdict:
    v = {r["setting"]: r.get("value") for r in rows}
    swappiness, overcommit = v.get("vm.swappiness"), v.get("vm.overcommit_memory")
    limit = th["max_swappiness"].value
    allowed = [str(x) for x in (th["allowed_overcommit"].value or ())]
    bad, objects = [], {}
    if isinstance(swappiness, int) and limit is not None and swappiness > limit:
        bad.append(f"vm.swappiness = {swappiness} (above {limit:g}: the kernel swaps the server's memory out rather "
                   "than drop page cache)")
        objects["vm.swappiness"] = Outcome.WARNING
    if overcommit is not None and str(overcommit) not in allowed:
        bad.append(f"vm.overcommit_memory = {overcommit} (not one of {', '.join(allowed)}: 1 never refuses an "
                   "allocation, so memory runs out in the OOM killer, which picks the largest process — the server)")
        objects["vm.overcommit_memory"] = Outcome.WARNING
    params = {"swappiness": swappiness, "overcommit": overcommit, "ratio": v.get("vm.overcommit_ratio"),
              "problems": "; ".join(bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, objects={})
    return Verdict(outcome=Outcome.WARNING, message="problem", params=params, objects=objects,
                   evidence=[r for r in rows if r["setting"] in objects])


SPEC = CheckSpec(
    code="OSH006",
    name="vm_overcommit_swappiness_unsafe",
    title=T("Kernel memory settings: swappiness and overcommit (over SSH)", "内核内存参数：swappiness 与 overcommit（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("setting", "value"),
    object_key=("setting",),
    thresholds=(
        Threshold(name="max_swappiness", unit="", kind="guard", value=10,
                  rationale="MySQLTuner: 'Swappiness is > 10, please consider having a value lower than 10' (catalog "
                            "MY-OS-01 / MY-OS-04); the same holds for PostgreSQL's shared memory and backends"),
        Threshold(name="allowed_overcommit", unit="vm.overcommit_memory", kind="list", value=("0", "2"),
                  rationale="PostgreSQL documentation, Linux Memory Overcommit: with 1 allocations never fail and the OOM "
                            "killer ends the postmaster; 2 (strict) is advised on a dedicated host, 0 is the kernel's "
                            "heuristic default (catalog PG-OS-03)"),
    ),
    judge=judge,
    messages={
        "ok": T("vm.swappiness = {swappiness}, vm.overcommit_memory = {overcommit} (overcommit_ratio {ratio})",
                "vm.swappiness = {swappiness}，vm.overcommit_memory = {overcommit}（overcommit_ratio {ratio}）"),
        "problem": T("kernel memory settings put the server at risk: {problems}",
                     "内核内存参数使数据库面临风险：{problems}"),
    },
    remediation=RemediationSpec(
        text=T("In /etc/sysctl.d/ (then sysctl --system): vm.swappiness = 1..10; vm.overcommit_memory = 2 on a "
               "dedicated PostgreSQL host with vm.overcommit_ratio (or overcommit_kbytes) sized so that RAM + swap "
               "covers the commit limit, as PostgreSQL's documentation describes; never 1.",
               "在 /etc/sysctl.d/ 中设置（然后 sysctl --system）：vm.swappiness = 1..10；专用 PostgreSQL 主机上设 "
               "vm.overcommit_memory = 2，并按 PostgreSQL 文档调整 vm.overcommit_ratio（或 overcommit_kbytes）；切勿设为 1。"),
        commands={"postgresql": ["sysctl vm.swappiness vm.overcommit_memory vm.overcommit_ratio",
                                 "grep -i commit /proc/meminfo"],
                  "mysql": ["sysctl vm.swappiness vm.overcommit_memory"]},
        references=["https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT",
                    "https://www.kernel.org/doc/Documentation/vm/overcommit-accounting"],
    ),
    timeout_s=10,
)
