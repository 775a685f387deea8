from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG035",
    name="innodb_file_settings",
    title=T("InnoDB file settings not as recommended (file_per_table, strict_mode, flush_method)",
            "InnoDB 文件参数不符合建议（file_per_table、strict_mode、flush_method）"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="on", unit="value", kind="list", value=("ON",),
                  rationale="PMM mysql_configuration_innodb_file_per_table_not_enabled (warning; ON is the default since "
                            "5.6.6: dropped tables give their space back) and mysql_configuration_innodb_strict_mode (rated "
                            "info by PMM: errors instead of warnings for invalid table options)"),
        Threshold(name="flush_method", unit="values", kind="list", value=("O_DIRECT", "O_DIRECT_NO_FSYNC"),
                  rationale="PMM mysql_configuration_innodb_flush_method (rated info): O_DIRECT on Linux, so data pages "
                            "are not cached twice (MariaDB's default from 10.6; MySQL 8's default is fsync)"),
    ),
    judge=expected_settings(
        Expect("innodb_file_per_table", allowed="on", message="file_per_table"),
        Expect("innodb_strict_mode", allowed="on", message="strict"),
        Expect("innodb_flush_method", allowed="flush_method", message="flush"),
    ),
    messages={
        "ok": T("InnoDB keeps a file per table, checks table options strictly and flushes with O_DIRECT ({total} "
                "settings read)", "InnoDB 每表独立文件、严格检查表选项并以 O_DIRECT 刷盘（读取 {total} 项设置）"),
        "file_per_table": T("innodb_file_per_table = {setting} (expected {expected}): new tables go into the system "
                            "tablespace, whose file never shrinks when they are dropped; {count} setting(s) at fault",
                            "innodb_file_per_table = {setting}（应为 {expected}）：新表存入系统表空间，删除后其文件也不会缩小；"
                            "共 {count} 项设置有问题"),
        "strict": T("innodb_strict_mode = {setting} (expected {expected}): invalid CREATE/ALTER TABLE options are "
                    "accepted with a warning instead of refused; {count} setting(s) at fault",
                    "innodb_strict_mode = {setting}（应为 {expected}）：无效的 CREATE/ALTER TABLE 选项仅给出警告而不被拒绝；"
                    "共 {count} 项设置有问题"),
        "flush": T("innodb_flush_method = {setting} (expected {expected}): data pages are cached by the OS as well as "
                   "the buffer pool, wasting memory; {count} setting(s) at fault",
                   "innodb_flush_method = {setting}（应为 {expected}）：数据页同时被操作系统与缓冲池缓存，浪费内存；"
                   "共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("innodb_file_per_table and innodb_strict_mode are dynamic (SET PERSIST on MySQL 8; SET GLOBAL and the "
               "config file on MariaDB); existing tables move out of the system tablespace only when rebuilt (ALTER "
               "TABLE … ENGINE=InnoDB). innodb_flush_method needs a restart (config file).",
               "innodb_file_per_table 与 innodb_strict_mode 可在线修改（MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL 并写入"
               "配置文件）；已有表只有在重建（ALTER TABLE … ENGINE=InnoDB）时才会移出系统表空间。innodb_flush_method 需在配置"
               "文件中修改并重启。"),
        commands={
            "mysql": ["SET PERSIST innodb_file_per_table = ON;", "SET PERSIST innodb_strict_mode = ON;",
                      "SET PERSIST_ONLY innodb_flush_method = 'O_DIRECT';  -- applied at the next restart"],
            "mariadb": ["SET GLOBAL innodb_file_per_table = ON;", "SET GLOBAL innodb_strict_mode = ON;",
                        "# my.cnf [mariadb]: innodb_file_per_table = ON, innodb_strict_mode = ON, "
                        "innodb_flush_method = O_DIRECT (restart)"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html",
                    "https://mariadb.com/kb/en/innodb-system-variables/"],
    ),
    timeout_s=5,
)
