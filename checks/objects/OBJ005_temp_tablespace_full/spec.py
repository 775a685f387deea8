from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OBJ005",
    name="temp_tablespace_full",
    title=T("Oracle temporary tablespace nearly exhausted", "Oracle 临时表空间即将耗尽"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_TEMP_FREE_SPACE, SELECT ON DBA_TEMP_FILES")},
    columns=("tablespace_name", "size_mb", "max_mb", "used_mb", "used_pct"),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=85, critical=97, direction="above",
                  rationale="as OBJ003 (Oracle's default tablespace alert 85/97 %) of the size the tempfiles can grow to "
                            "(inspect4oracle's temp 'can extend' size: MAXBYTES when autoextensible); catalog ORA-OBJ-06 "
                            "names no threshold for temp, and a full temp fails sorts and hash joins with ORA-01652"),
    ),
    judge=rows_judge([("used_pct", "used_pct")], problem="full"),
    messages={
        "ok": T("Temporary tablespaces below {used_pct_warning}% in use", "临时表空间使用率均低于 {used_pct_warning}%"),
        "full": T("Temporary tablespace {tablespace_name} is {used_pct}% in use ({used_mb} MB of the {max_mb} MB it can grow "
                  "to; {size_mb} MB now)",
                  "临时表空间 {tablespace_name} 已使用 {used_pct}%（可扩展至 {max_mb} MB，已用 {used_mb} MB；当前大小 {size_mb} MB）"),
    },
    remediation=RemediationSpec(
        text=T("Find the sessions using it (V$TEMPSEG_USAGE) and their SQL (a runaway sort or hash join is the usual "
               "cause, and one snapshot of a weekly inspection may catch a nightly batch); add a tempfile or raise "
               "MAXSIZE if the load is legitimate and the disk has room.",
               "查找占用临时段的会话（V$TEMPSEG_USAGE）及其 SQL（常见原因是失控的排序或哈希连接；每周一次的快照也可能恰好碰上夜间批处理）；"
               "若负载合理且磁盘有空间，增加临时文件或提高 MAXSIZE。"),
        commands={"oracle": ["SELECT username, sql_id, segtype, blocks FROM v$tempseg_usage ORDER BY blocks DESC;",
                             "ALTER TABLESPACE <temp> ADD TEMPFILE SIZE 10G AUTOEXTEND ON MAXSIZE 32767M;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_TEMP_FREE_SPACE.html"],
    ),
    timeout_s=20,
    object_key=("tablespace_name",),
)
