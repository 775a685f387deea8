from checks.host.judging import kernel_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OSH009",
    name="kernel_oom_kills",
    title=T("Processes killed by the kernel OOM killer inside the window (host kernel log, over SSH)",
            "窗口内被内核 OOM killer 杀死的进程（主机内核日志，通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("logged_at", "event", "process", "pid", "message"),
    basis="window",
    thresholds=(
        Threshold(name="oom_kills", unit="processes", warning=1, critical=10, direction="above",
                  rationale="'Out of memory: Killed process' in the kernel log (catalog PG-OS-06 os_logs: digoal's 巡检 "
                            "collects it from dmesg): any is a host short of memory; 10 in a window is ours"),
        Threshold(name="db_kills", unit="processes", warning=1, critical=1, direction="above",
                  rationale="a database process killed: PostgreSQL then resets every session and recovers (PostgreSQL "
                            "documentation, Linux Memory Overcommit), MariaDB/MySQL restarts and recovers — critical at "
                            "the first"),
    ),
    judge=kernel_judge({"oom_kill": "oom_kills", "db_killed": "db_kills"}),
    messages={
        "ok": T("no OOM kill inside the window ({read})", "窗口内无 OOM kill（{read}）"),
        "problem": T("{count} process(es) killed by the OOM killer inside the window, {n_db_killed} of them the "
                     "database's: {processes}; last at {last_at}: {last} ({read})",
                     "窗口内有 {count} 个进程被 OOM killer 杀死，其中数据库进程 {n_db_killed} 个：{processes}；最近一次 "
                     "{last_at}：{last}（{read}）"),
    },
    remediation=RemediationSpec(
        text=T("The host ran out of memory. See what grew (the OOM report lists every process's RSS), size the "
               "database's memory for the RAM (shared_buffers / innodb_buffer_pool_size, work_mem × connections), "
               "move other services away; on a dedicated PostgreSQL host set vm.overcommit_memory = 2 so allocations "
               "fail instead of the postmaster being killed.",
               "主机内存耗尽。查看增长的进程（OOM 报告列出每个进程的 RSS），按内存规划数据库内存（shared_buffers / "
               "innodb_buffer_pool_size、work_mem × 连接数），迁走其他服务；专用 PostgreSQL 主机设 vm.overcommit_memory = 2，"
               "让分配失败而不是 postmaster 被杀。"),
        commands={"postgresql": ["journalctl -k -g 'Out of memory' --since -7d", "dmesg -T | grep -i -A20 'invoked oom-killer'"],
                  "mysql": ["journalctl -k -g 'Out of memory' --since -7d"]},
        references=["https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"],
    ),
    timeout_s=20,
)
