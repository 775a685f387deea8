from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict


@uses("load_per_cpu")
def judge(rows, th, ctx) -> Verdict:
    r = rows[0]
    outcome = th["load_per_cpu"].classify(r.get("load15_per_cpu"))
    params = {k: r.get(k) for k in ("load1", "load5", "load15", "cpus", "load15_per_cpu")}
    return Verdict(outcome=outcome, message="ok" if outcome.rank == 0 else "problem", params=params)


SPEC = CheckSpec(
    code="OSH004",
    name="load_above_cpu_count",
    title=T("Host load average against its CPU count (over SSH)", "主机负载与 CPU 数（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("load1", "load5", "load15", "cpus", "load15_per_cpu"),
    thresholds=(
        Threshold(name="load_per_cpu", unit="runnable tasks per CPU (15 min)", warning=1.0, critical=2.0,
                  direction="above",
                  rationale="the 15-minute load average per online CPU: at 1 every CPU is busy and more work waits in "
                            "the run queue (or in uninterruptible I/O), at 2 as much waits as runs (ours; catalog "
                            "PG-OS-01 / MY-OS-02, whose 60/90 % CPU-busy anchors need a sampled rate, not a snapshot)"),
    ),
    judge=judge,
    messages={
        "ok": T("load {load1} / {load5} / {load15} (1 / 5 / 15 min) on {cpus} CPU(s): {load15_per_cpu} per CPU",
                "负载 {load1} / {load5} / {load15}（1/5/15 分钟），{cpus} 个 CPU：每 CPU {load15_per_cpu}"),
        "problem": T("15-minute load {load15} on {cpus} CPU(s) is {load15_per_cpu} per CPU (at or above "
                     "{load_per_cpu_warning}): tasks wait for a CPU or for I/O (load 1 / 5 min: {load1} / {load5})",
                     "15 分钟负载 {load15}，{cpus} 个 CPU，每 CPU {load15_per_cpu}（≥ {load_per_cpu_warning}）：任务在等待 "
                     "CPU 或 I/O（1/5 分钟负载：{load1} / {load5}）"),
    },
    remediation=RemediationSpec(
        text=T("Load counts tasks running, waiting for a CPU, and in uninterruptible I/O: see which (vmstat 1: r vs b "
               "columns, and wa). CPU: the top statements (pg_stat_statements / performance_schema digests), other "
               "processes on the host. I/O: iostat -x, the checkpoints and the buffer pool's hit ratio.",
               "负载包括运行中、等待 CPU 以及处于不可中断 I/O 的任务：先分清是哪一类（vmstat 1：r 与 b 列及 wa）。CPU："
               "最耗时的语句（pg_stat_statements / performance_schema 摘要）及主机上的其他进程。I/O：iostat -x、检查点与缓冲池命中率。"),
        commands={"postgresql": ["vmstat 1 5", "top -b -n 1 | head -20"], "mysql": ["vmstat 1 5", "top -b -n 1 | head -20"]},
        references=["https://www.kernel.org/doc/html/latest/filesystems/proc.html#kernel-data"],
    ),
    timeout_s=10,
)
