from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="BAK011",
    name="log_mode_unprotected",
    title=T("Oracle database not in ARCHIVELOG / FORCE LOGGING mode", "Oracle 数据库未开启归档或强制日志"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$DATABASE", container="root")},
    columns=("name", "setting"),
    thresholds=(
        Threshold(name="allowed_log_mode", unit="V$DATABASE.LOG_MODE", kind="list", value=("ARCHIVELOG",),
                  rationale="zoeMonitor alert_db_space.sql rates NOARCHIVELOG 紧急 (urgent) (ORA-BAK-05): no point-in-time "
                            "recovery, no online backup"),
        Threshold(name="allowed_force_logging", unit="V$DATABASE.FORCE_LOGGING", kind="list",
                  value=("YES", "STANDBY NOLOGGING FOR DATA AVAILABILITY", "STANDBY NOLOGGING FOR LOAD PERFORMANCE"),
                  rationale="Oracle Data Guard Concepts and Administration 19c: put the primary in FORCE LOGGING so "
                            "NOLOGGING operations still reach standbys and media recovery (ORA-BAK-05); the two 18c+ "
                            "STANDBY NOLOGGING modes are Data Guard's alternatives (the standby fetches the blocks), "
                            "so they are accepted too"),
    ),
    judge=expected_settings(
        Expect("log_mode", allowed="allowed_log_mode", severity=Outcome.CRITICAL, message="setting"),
        Expect("force_logging", allowed="allowed_force_logging", severity=Outcome.WARNING, message="setting"),
    ),
    messages={
        "ok": T("ARCHIVELOG and FORCE LOGGING on", "已开启归档模式与强制日志"),
        "setting": T("{name} is {setting}, expected {expected} ({count} setting(s) off)",
                     "{name} 为 {setting}，应为 {expected}（共 {count} 项不符）"),
    },
    remediation=RemediationSpec(
        text=T("NOARCHIVELOG: plan downtime — restart to MOUNT (on RAC, every instance down, then one mounted: "
               "srvctl stop database / srvctl start database -startoption mount) and ALTER DATABASE ARCHIVELOG, with "
               "an FRA or archive destination sized for a day of redo and an archivelog backup job; take a level 0 "
               "backup right after, as earlier backups cannot be rolled forward. FORCE LOGGING: ALTER DATABASE "
               "FORCE LOGGING (online), after checking that no load relies on NOLOGGING speed.",
               "NOARCHIVELOG：须安排停机——重启至 MOUNT 状态（RAC 需停止所有实例后仅启动一个到 MOUNT：srvctl stop database / "
               "srvctl start database -startoption mount）执行 ALTER DATABASE ARCHIVELOG，并配置能容纳一天 REDO 的 FRA "
               "或归档目标及归档备份作业；随后立即做一次 0 级备份，因为之前的备份无法前滚。"
               "FORCE LOGGING：在线执行 ALTER DATABASE FORCE LOGGING，事先确认没有依赖 NOLOGGING 提速的装载作业。"),
        commands={"oracle": ["SELECT log_mode, force_logging, flashback_on FROM v$database;",
                             "-- downtime: SHUTDOWN IMMEDIATE; STARTUP MOUNT; ALTER DATABASE ARCHIVELOG; ALTER DATABASE OPEN;",
                             "ALTER DATABASE FORCE LOGGING;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE.html"],
    ),
    timeout_s=5,
    object_key=("name",),
)
