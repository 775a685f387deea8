from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _mixed(row, ctx):
    if str(row.get("mixed") or "").upper() == "YES":
        return Outcome.CRITICAL, "mixed"
    return None


SPEC = CheckSpec(
    code="RUN024",
    name="in_doubt_distributed_xacts",
    title=T("Oracle in-doubt distributed transactions", "Oracle 存在未决（in-doubt）分布式事务"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON DBA_2PC_PENDING")},
    columns=("local_tran_id", "global_tran_id", "state", "mixed", "age_s", "last_retry", "host", "db_user"),
    thresholds=(
        Threshold(name="age_s", unit="s", warning=600, critical=3600, direction="above",
                  rationale="RECO resolves in-doubt transactions itself once the remote database answers (Oracle Database "
                            "Administrator's Guide 19c, 'Managing Distributed Transactions'); one still pending after "
                            "10 min / 1 h needs the DBA. Catalog ORA-RUN-05 names no threshold: ours"),
    ),
    judge=rows_judge([("age_s", "age_s")], problem="pending", flag=_mixed),
    messages={
        "ok": T("No in-doubt distributed transaction older than {age_s_warning} s ({total} pending)",
                "没有超过 {age_s_warning} 秒的未决分布式事务（当前 {total} 个）"),
        "pending": T("Distributed transaction {local_tran_id} ({state}, from {host}, user {db_user}) in doubt for {age_s} s; "
                     "{count} over the threshold",
                     "分布式事务 {local_tran_id}（{state}，来自 {host}，用户 {db_user}）已未决 {age_s} 秒；共 {count} 个超过阈值"),
        "mixed": T("Distributed transaction {local_tran_id} has a MIXED outcome (committed at some sites, rolled back at "
                   "others): data may be inconsistent",
                   "分布式事务 {local_tran_id} 结果为 MIXED（部分站点提交、部分回滚）：数据可能不一致"),
    },
    remediation=RemediationSpec(
        text=T("Check the database link and the remote database first; RECO finishes the transaction when it "
               "answers. If it cannot, decide with the application owner and use COMMIT/ROLLBACK FORCE "
               "'local_tran_id', then DBMS_TRANSACTION.PURGE_LOST_DB_ENTRY; a MIXED outcome needs a data check.",
               "先检查数据库链接和远端数据库；远端恢复响应后 RECO 会自动完成事务。若无法恢复，与应用负责人确认后执行 "
               "COMMIT/ROLLBACK FORCE 'local_tran_id'，再调用 DBMS_TRANSACTION.PURGE_LOST_DB_ENTRY；MIXED 结果需核对数据。"),
        commands={"oracle": ["SELECT local_tran_id, global_tran_id, state, mixed, fail_time, host, db_user FROM dba_2pc_pending;",
                             "SELECT * FROM dba_2pc_neighbors;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_2PC_PENDING.html"],
    ),
    timeout_s=10,
    object_key=("local_tran_id",),
)
