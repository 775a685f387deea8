from checks.judges import any_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="BAK010",
    name="block_corruption",
    title=T("Oracle corrupt blocks recorded", "Oracle 存在已记录的坏块"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$DATABASE_BLOCK_CORRUPTION", container="root")},
    columns=("file_no", "block_no", "blocks", "corruption_scn", "corruption_type"),
    judge=any_row(Outcome.CRITICAL, problem="corrupt"),
    messages={
        "ok": T("No corrupt block recorded in V$DATABASE_BLOCK_CORRUPTION", "V$DATABASE_BLOCK_CORRUPTION 中没有坏块记录"),
        "corrupt": T("{count} corrupt block range(s); first: file {file_no} block {block_no} ({blocks} block(s), {corruption_type})",
                     "存在 {count} 段坏块；首个：文件 {file_no} 块 {block_no}（{blocks} 个块，{corruption_type}）"),
    },
    remediation=RemediationSpec(
        text=T("Find the segment (DBA_EXTENTS for the file/block), repair with RMAN block media recovery "
               "(RECOVER CORRUPTION LIST) from a good backup, then VALIDATE DATABASE to confirm; check storage "
               "and the OS log for the cause. Any corrupt block is critical: it can make a backup unusable. Block "
               "recovery needs a backup taken before the corruption and the archived logs since; with Data Guard, "
               "Active Data Guard repairs blocks from the standby automatically. The view lists only what a backup, "
               "VALIDATE or a read has found: run VALIDATE CHECK LOGICAL DATABASE regularly (weekly) so it is current.",
               "定位所属段（按文件/块号查询 DBA_EXTENTS），用 RMAN 块介质恢复（RECOVER CORRUPTION LIST）从完好备份修复，"
               "再执行 VALIDATE DATABASE 确认；检查存储和操作系统日志查找原因。任何坏块都属严重问题：可能导致备份不可用。"
               "块恢复需要坏块出现前的备份及其后的全部归档日志；配置 Active Data Guard 时可自动从备库修复坏块。"
               "该视图只列出备份、VALIDATE 或读取时发现的坏块：应定期（每周）执行 VALIDATE CHECK LOGICAL DATABASE 以保持其最新。"),
        commands={"oracle": ["RMAN> VALIDATE CHECK LOGICAL DATABASE;", "RMAN> RECOVER CORRUPTION LIST;",
                             "SELECT owner, segment_name, segment_type FROM dba_extents WHERE file_id = <f> AND <b> BETWEEN block_id AND block_id + blocks - 1;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE_BLOCK_CORRUPTION.html"],
    ),
    timeout_s=10,
    object_key=("file_no", "block_no"),
)
