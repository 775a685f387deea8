from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("allowed_enabled")
def judge(rows, th, ctx) -> Verdict:
    enabled = next((r for r in rows if r.get("setting") == "transparent_hugepage/enabled"), None)
    defrag = next((r for r in rows if r.get("setting") == "transparent_hugepage/defrag"), {})
    allowed = [str(v) for v in (th["allowed_enabled"].value or ())]
    params = {"value": (enabled or {}).get("value") or "not available", "defrag": defrag.get("value") or "not available",
              "allowed": ", ".join(allowed)}
    if enabled is None or enabled.get("value") is None:
        return Verdict(outcome=Outcome.OK, message="absent", params=params)
    if enabled["value"] in allowed:
        return Verdict(outcome=Outcome.OK, message="ok", params=params)
    return Verdict(outcome=Outcome.WARNING, message="problem", params=params, evidence=rows)


SPEC = CheckSpec(
    code="OSH005",
    name="transparent_hugepages_enabled",
    title=T("Transparent huge pages on the host (over SSH)", "主机透明大页（THP）设置（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("setting", "value", "choices", "note"),
    object_key=("setting",),
    thresholds=(
        Threshold(name="allowed_enabled", unit="modes", kind="list", value=("never", "madvise"),
                  rationale="THP 'always' stalls database processes on compaction and bloats their memory: pg-healthcheck "
                            "G13 OS checks and digoal's 巡检 ('建议禁用THP') (catalog PG-OS-03, MY-OS-04). MySQLTuner's "
                            "kernel checks (swappiness, fs.aio-max-nr, fs.nr_open) do not read THP; for mysqld it is "
                            "ours; madvise leaves it to programs that ask for it (mysqld / mariadbd do not)"),
    ),
    judge=judge,
    messages={
        "ok": T("transparent huge pages: enabled = {value} (allowed: {allowed}), defrag = {defrag}",
                "透明大页：enabled = {value}（允许：{allowed}），defrag = {defrag}"),
        "absent": T("transparent huge pages: not available on this kernel", "透明大页：该内核不支持"),
        "problem": T("transparent huge pages are enabled = {value} (defrag = {defrag}), not one of {allowed}: the "
                     "database's memory is backed by huge pages it did not ask for — latency spikes on compaction and "
                     "more memory used",
                     "透明大页 enabled = {value}（defrag = {defrag}），不在 {allowed} 中：数据库内存被其未请求的大页承载——"
                     "内存整理时出现延迟尖峰且内存占用增加"),
    },
    remediation=RemediationSpec(
        text=T("Set transparent_hugepage=never (or madvise) at boot (kernel command line, or a systemd unit / tuned "
               "profile) and now: echo never > /sys/kernel/mm/transparent_hugepage/enabled. For PostgreSQL use explicit "
               "huge pages instead (huge_pages = try with vm.nr_hugepages sized for shared_buffers).",
               "在启动时（内核命令行、systemd 单元或 tuned 配置）设置 transparent_hugepage=never（或 madvise），并立即执行："
               "echo never > /sys/kernel/mm/transparent_hugepage/enabled。PostgreSQL 应改用显式大页（huge_pages = try，并按 "
               "shared_buffers 设置 vm.nr_hugepages）。"),
        commands={"postgresql": ["cat /sys/kernel/mm/transparent_hugepage/enabled",
                                 "echo never > /sys/kernel/mm/transparent_hugepage/enabled"],
                  "mysql": ["cat /sys/kernel/mm/transparent_hugepage/enabled",
                            "echo never > /sys/kernel/mm/transparent_hugepage/enabled"],
                  # Oracle: THP off and the SGA in explicit HugePages (vm.nr_hugepages sized to the SGA;
                  # the alert log's 'Large Pages Information' at startup says whether it fitted)
                  "oracle": ["cat /sys/kernel/mm/transparent_hugepage/enabled",
                             "echo never > /sys/kernel/mm/transparent_hugepage/enabled",
                             "grep -i huge /proc/meminfo"]},
        references=["https://www.kernel.org/doc/html/latest/admin-guide/mm/transhuge.html",
                    "https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-HUGE-PAGES"],
    ),
    timeout_s=10,
)
