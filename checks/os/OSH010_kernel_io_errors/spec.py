from checks.host.judging import kernel_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OSH010",
    name="kernel_io_errors",
    title=T("I/O and filesystem errors in the host's kernel log inside the window (over SSH)",
            "窗口内主机内核日志中的 I/O 与文件系统错误（通过 SSH）"),
    category="os",
    tier="monthly",
    engines={"postgresql": EngineSupport(privilege="login"), "mysql": EngineSupport(privilege="USAGE"),
             "oracle": EngineSupport(privilege="CREATE SESSION", container="any")},
    columns=("logged_at", "event", "process", "pid", "message"),
    basis="window",
    thresholds=(
        Threshold(name="io_errors", unit="lines", warning=1, critical=10, direction="above",
                  rationale="block-layer and filesystem errors ('I/O error', 'critical medium error', 'EXT4-fs error', "
                            "XFS metadata I/O errors) in the kernel log (catalog PG-OS-06 os_logs: digoal collects them; "
                            "no anchor level): one is a device to look at, 10 in a window a failing one (ours)"),
    ),
    judge=kernel_judge({"io_error": "io_errors"}),
    messages={
        "ok": T("no I/O or filesystem error in the kernel log inside the window ({read})",
                "窗口内内核日志中无 I/O 或文件系统错误（{read}）"),
        "problem": T("{count} I/O or filesystem error line(s) in the kernel log inside the window; last at {last_at}: "
                     "{last} ({read})",
                     "窗口内内核日志中有 {count} 行 I/O 或文件系统错误；最近一次 {last_at}：{last}（{read}）"),
    },
    remediation=RemediationSpec(
        text=T("Identify the device (the lines name it), read its health (smartctl -a, nvme smart-log, the RAID "
               "controller's log), and plan its replacement; check the database for corruption (PostgreSQL: amcheck, "
               "data checksums; InnoDB: CHECK TABLE) and that backups restore.",
               "确定设备（日志行中有设备名），读取其健康状态（smartctl -a、nvme smart-log、RAID 控制器日志）并计划更换；检查数据库"
               "是否损坏（PostgreSQL：amcheck、数据校验和；InnoDB：CHECK TABLE），并确认备份可恢复。"),
        commands={"postgresql": ["journalctl -k -p err --since -7d", "smartctl -a /dev/<device>"],
                  "mysql": ["journalctl -k -p err --since -7d", "smartctl -a /dev/<device>"]},
        references=["https://www.postgresql.org/docs/current/amcheck.html"],
    ),
    timeout_s=20,
)
