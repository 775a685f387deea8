from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="OBJ003",
    name="tablespace_nearly_full",
    title=T("Oracle tablespace nearly full (of its maximum size)", "Oracle 表空间即将用满（相对最大可扩展大小）"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_TABLESPACE_USAGE_METRICS, SELECT ON DBA_TABLESPACES")},
    columns=("tablespace_name", "contents", "used_pct", "used_mb", "max_mb", "bigfile"),
    thresholds=(
        Threshold(name="used_pct", unit="%", warning=85, critical=97, direction="above",
                  rationale="Oracle's default server-generated tablespace alert 85 % warning / 97 % critical "
                            "(catalog ORA-OBJ-05, ORA-ERR-03); permanent tablespaces only: undo reads near full by design"),
    ),
    judge=rows_judge([("used_pct", "used_pct")], problem="full"),
    messages={
        "ok": T("Every tablespace below {used_pct_warning}% of its maximum size ({total} tablespaces)",
                "所有表空间均低于最大大小的 {used_pct_warning}%（共 {total} 个）"),
        "full": T("Tablespace {tablespace_name} is {used_pct}% full ({used_mb} of {max_mb} MB including autoextend); "
                  "{count} over the threshold",
                  "表空间 {tablespace_name} 已用 {used_pct}%（含自动扩展上限，{used_mb}/{max_mb} MB）；共 {count} 个超过阈值"),
    },
    remediation=RemediationSpec(
        text=T("Check the disk or ASM disk group behind it has the room, then: a smallfile tablespace takes another "
               "datafile (ALTER TABLESPACE … ADD DATAFILE … AUTOEXTEND ON MAXSIZE …; name the file unless "
               "DB_CREATE_FILE_DEST is set, 32767 MB is the limit of one file with 8 KB blocks); a bigfile tablespace "
               "has one file: raise its size or MAXSIZE (ALTER TABLESPACE … RESIZE / AUTOEXTEND ON MAXSIZE …). Purge "
               "what can go (recycle bin, old partitions) after confirming with the owner.",
               "先确认底层磁盘或 ASM 磁盘组有空间，然后：小文件表空间增加数据文件（ALTER TABLESPACE … ADD DATAFILE … AUTOEXTEND ON "
               "MAXSIZE …；未设置 DB_CREATE_FILE_DEST 时须指定文件名，8 KB 块时单个文件上限为 32767 MB）；大文件表空间只有一个文件："
               "调大其大小或 MAXSIZE（ALTER TABLESPACE … RESIZE / AUTOEXTEND ON MAXSIZE …）。与负责人确认后清理可删除的内容"
               "（回收站、历史分区）。"),
        commands={"oracle": ["ALTER TABLESPACE <ts> ADD DATAFILE '+DATA' SIZE 10G AUTOEXTEND ON NEXT 1G MAXSIZE 32767M;",
                             "ALTER TABLESPACE <bigfile_ts> AUTOEXTEND ON MAXSIZE <n>G;",
                             "SELECT owner, segment_name, ROUND(bytes/1048576) mb FROM dba_segments WHERE tablespace_name = '<ts>' "
                             "ORDER BY bytes DESC FETCH FIRST 20 ROWS ONLY;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_TABLESPACE_USAGE_METRICS.html"],
    ),
    timeout_s=30,
    object_key=("tablespace_name",),
)
