from checks.logs import COLUMNS, Counted, judge, max_read_threshold, messages
from checks.logs.postgresql import PRIVILEGE
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="ERR020",
    name="out_of_memory_logged",
    title=T("Out-of-memory errors and processes killed by the OOM killer in the server log inside the window",
            "窗口内服务器日志中的内存不足错误及被 OOM killer 杀死的进程"),
    category="errors",
    tier="daily",
    engines={"postgresql": EngineSupport(min_version="11", privilege=PRIVILEGE)},
    columns=COLUMNS,
    basis="window",
    thresholds=(
        Threshold(name="oom_errors", unit="lines", warning=1, critical=20, direction="above",
                  rationale="SQLSTATE 53200: a statement (or a connection) failed for memory; the server lives on. "
                            "Any is a warning (catalog PG-ERR-01 counts by code); 20 a day is a sizing problem (ours)"),
        Threshold(name="sigkills", unit="processes", warning=1, critical=1, direction="above",
                  rationale="'terminated by signal 9: Killed' is the kernel OOM killer (or a kill -9): the postmaster "
                            "then resets every session and runs crash recovery — critical at the first (PostgreSQL "
                            "documentation, Linux Memory Overcommit)"),
        max_read_threshold(),
    ),
    judge=judge([Counted("out_of_memory", "oom_errors"), Counted("killed", "sigkills")], extra_uses=("max_read_mb",)),
    messages=messages("out-of-memory / SIGKILL", "内存不足/SIGKILL"),
    remediation=RemediationSpec(
        text=T("A SIGKILL'd server process: check the kernel log (dmesg: 'Out of memory: Killed process') and set "
               "vm.overcommit_memory = 2 on a dedicated host, as PostgreSQL's documentation advises. 53200 errors: "
               "work_mem × sorts/hashes per query × connections, maintenance_work_mem, and shared_buffers against the "
               "host's memory; the DETAIL names the memory context that failed.",
               "服务进程被 SIGKILL：检查内核日志（dmesg：'Out of memory: Killed process'），并按 PostgreSQL 文档建议在专用主机上设置 "
               "vm.overcommit_memory = 2。53200 错误：核对 work_mem × 每查询排序/哈希数 × 连接数、maintenance_work_mem 以及 "
               "shared_buffers 与主机内存；DETAIL 给出了分配失败的内存上下文。"),
        commands={"postgresql": ["dmesg -T | grep -i -E 'out of memory|killed process' | tail -20",
                                 "SHOW work_mem; SHOW maintenance_work_mem; SHOW shared_buffers; SHOW max_connections;"]},
        references=["https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"],
    ),
    timeout_s=20,
)
