from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="BAK013",
    name="controlfile_or_redo_not_multiplexed",
    title=T("Oracle control file or online redo log not multiplexed", "Oracle 控制文件或在线重做日志未多路复用"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$CONTROLFILE, SELECT ON V_$LOG",
                                     container="root")},
    columns=("item", "copies", "size_mb"),
    thresholds=(
        Threshold(name="copies", unit="copies", warning=1, critical=None, direction="below",
                  rationale="zoeMonitor physical-attribute alerts: control files ≥ 2, redo members ≥ 2 (catalog "
                            "ORA-BAK-06; Oracle Database Administrator's Guide 19c, 'Multiplexing Control Files' / "
                            "'Multiplexing Redo Log Files'). Sites relying on ASM high redundancy may lower it"),
    ),
    judge=rows_judge([("copies", "copies")], problem="single"),
    messages={
        "ok": T("Control file and every redo group have at least two copies ({total} item(s))",
                "控制文件和所有重做日志组均至少有两份（共 {total} 项）"),
        "single": T("{item} has only {copies} copy; {count} item(s) not multiplexed",
                    "{item} 只有 {copies} 份；共 {count} 项未多路复用"),
    },
    remediation=RemediationSpec(
        text=T("Add a control file copy on another disk group / file system: this needs downtime (set CONTROL_FILES "
               "in the spfile with SCOPE=SPFILE, shut every instance down, start one NOMOUNT, copy with RMAN RESTORE "
               "CONTROLFILE FROM '<existing>', then mount and open). Add a second member to each redo group online "
               "(ALTER DATABASE ADD LOGFILE MEMBER … TO GROUP n), on a different disk group than the first.",
               "在另一个磁盘组/文件系统上增加控制文件副本：需要停机（以 SCOPE=SPFILE 修改 CONTROL_FILES，停止所有实例，启动一个实例到 "
               "NOMOUNT，用 RMAN RESTORE CONTROLFILE FROM '<现有控制文件>' 复制，再 MOUNT 并 OPEN）。为每个重做日志组在线增加第二个成员"
               "（ALTER DATABASE ADD LOGFILE MEMBER … TO GROUP n），放在与第一个成员不同的磁盘组上。"),
        commands={"oracle": ["SELECT name FROM v$controlfile;", "SELECT group#, thread#, members, bytes/1048576 AS mb FROM v$log;",
                             "ALTER DATABASE ADD LOGFILE MEMBER '+FRA' TO GROUP <n>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-LOG.html"],
    ),
    timeout_s=5,
    object_key=("item",),
)
