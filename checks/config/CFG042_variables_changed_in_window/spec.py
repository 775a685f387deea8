from checks.config._drift.judge import judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG042",
    name="variables_changed_in_window",
    title=T("Global variables changed inside the window (drift since the previous inspection)",
            "窗口内全局变量发生变更（自上次巡检以来的配置漂移）"),
    category="config",
    tier="monthly",
    basis="window",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON performance_schema.*",
                               requires=("performance_schema",)),
        "mariadb": EngineSupport(min_version="10.5", privilege="USAGE"),
    },
    columns=("name", "old_value", "new_value", "kind", "changed_after", "changed_by"),
    object_key=("name",),
    thresholds=(
        Threshold(name="ignored", unit="variables", kind="list", value=(),
                  rationale="BlueKing mysql-config-diff (daily) and pt-config-diff report every differing variable "
                            "(catalog MY-CFG-10); list the ones a bank changes on purpose"),
    ),
    judge=judge,
    messages={
        "ok": T("No global variable changed between {since} and now ({snapshots} variables snapshot(s) compared)",
                "自 {since} 至今没有全局变量发生变更（比较了 {snapshots} 个变量快照）"),
        "ok_reloaded": T("No global variable changed between {since} and now ({snapshots} variables snapshot(s) compared)",
                         "自 {since} 至今没有全局变量发生变更（比较了 {snapshots} 个变量快照）"),
        "changed": T("{count} variable change(s) since {since}: {changes}. Review them against the change log (text "
                     "values are stored as CRC32: their old text is not kept; on MySQL 8 CFG039 names who set them)",
                     "自 {since} 起有 {count} 处变量变更：{changes}。请与变更记录核对（文本值以 CRC32 保存，不保留旧文本；MySQL 8 上"
                     "由 CFG039 给出修改人）"),
    },
    remediation=RemediationSpec(
        text=T("Confirm each change was planned; put back what was not and persist what was (MySQL 8: SET PERSIST; "
               "MariaDB: the config file — a SET GLOBAL alone is lost at restart, CFG039).",
               "确认每项变更都有计划；撤回未计划的变更并持久化已确认的变更（MySQL 8：SET PERSIST；MariaDB：配置文件——仅 "
               "SET GLOBAL 会在重启后丢失，见 CFG039）。"),
        commands={
            "mysql": ["SELECT * FROM performance_schema.variables_info WHERE VARIABLE_NAME = '<name>';",
                      "SET PERSIST <name> = <value>;"],
            "mariadb": ["SELECT * FROM information_schema.SYSTEM_VARIABLES WHERE VARIABLE_NAME = '<NAME>';",
                        "# my.cnf [mariadb]: <name> = <value>"],
        },
        references=["https://docs.percona.com/percona-toolkit/pt-config-diff.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/set-variable.html"],
    ),
    timeout_s=5,
)
