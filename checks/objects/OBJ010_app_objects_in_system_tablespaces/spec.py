from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if str(row.get("finding")) == "SEGMENTS":
        return Outcome.WARNING, "segments"
    return Outcome.WARNING, "default_ts"


_rows = rows_judge([], problem="segments", flag=_rate)


@uses("excluded_owners")
def judge(rows, th, ctx):
    skip = {str(o).upper() for o in th["excluded_owners"].value or ()}
    return _rows([r for r in rows if str(r.get("owner") or "").upper() not in skip], th, ctx)


SPEC = CheckSpec(
    code="OBJ010",
    name="app_objects_in_system_tablespaces",
    title=T("Oracle application objects or default tablespaces in SYSTEM / SYSAUX",
            "Oracle 应用对象或默认表空间位于 SYSTEM / SYSAUX"),
    category="objects",
    tier="weekly",
    # Application schemas live in the PDBs (or a non-CDB); the root holds Oracle's and common users'.
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON DBA_SEGMENTS, SELECT ON DBA_USERS",
                                     container="pdb")},
    columns=("finding", "owner", "tablespace_name", "segments", "size_mb", "example"),
    thresholds=(
        Threshold(name="excluded_owners", unit="schema", kind="list", value=(),
                  rationale="schemas a site accepts in SYSTEM/SYSAUX (a vendor tool that insists on it); none by "
                            "default: any application segment or default tablespace there is a deployment violation "
                            "(zoeMonitor, catalog ORA-OBJ-12)"),
    ),
    judge=judge,
    object_key=("finding", "owner", "tablespace_name"),
    messages={
        "ok": T("No application schema has segments in, or defaults to, SYSTEM or SYSAUX",
                "没有应用模式在 SYSTEM 或 SYSAUX 中有段，或以其为默认表空间"),
        "segments": T("Schema {owner} has {segments} segment(s) ({size_mb} MB) in {tablespace_name}, e.g. {example}; "
                      "{count} finding(s) in all",
                      "模式 {owner} 在 {tablespace_name} 中有 {segments} 个段（{size_mb} MB），如 {example}；共 {count} 项"),
        "default_ts": T("Account {owner} ({example}) has default tablespace {tablespace_name}: what it creates without "
                        "a TABLESPACE clause lands there; {count} finding(s) in all",
                        "账户 {owner}（{example}）的默认表空间为 {tablespace_name}：其未指定 TABLESPACE 创建的对象会落在此处；"
                        "共 {count} 项"),
    },
    remediation=RemediationSpec(
        text=T("Give the account an application tablespace as default and move its segments out in a change "
               "window: tables with ALTER TABLE … MOVE ONLINE (12.2+, Enterprise Edition; it keeps the indexes "
               "usable), LOB segments with MOVE LOB, partitions with MOVE PARTITION, indexes with ALTER INDEX … "
               "REBUILD ONLINE. Each online operation needs free space for a full copy in the target tablespace "
               "(and undo/redo for it), waits for the transactions open on the object when it starts and ends, "
               "and on a large segment runs for hours; without ONLINE it blocks DML throughout. A full SYSTEM "
               "tablespace stops the whole database.",
               "为该账户指定应用表空间作为默认表空间，并在变更窗口内迁出其段：表用 ALTER TABLE … MOVE ONLINE（12.2 起，"
               "企业版；索引保持可用），LOB 段用 MOVE LOB，分区用 MOVE PARTITION，索引用 ALTER INDEX … REBUILD ONLINE。"
               "每个在线操作都需要目标表空间有一份完整副本的空间（以及相应的 UNDO/REDO），开始和结束时要等待该对象上已打开"
               "的事务，大段可能运行数小时；不带 ONLINE 时全程阻塞 DML。SYSTEM 表空间写满会使整个数据库停止服务。"),
        commands={"oracle": ["ALTER USER <owner> DEFAULT TABLESPACE <app_ts>;",
                             "ALTER TABLE <owner>.<table> MOVE ONLINE TABLESPACE <app_ts>;",
                             "ALTER INDEX <owner>.<index> REBUILD ONLINE TABLESPACE <app_ts>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_SEGMENTS.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_USERS.html"],
    ),
    timeout_s=30,
)
