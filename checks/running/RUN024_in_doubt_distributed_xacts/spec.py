from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _forced(row) -> bool:
    return str(row.get("state") or "").lower().startswith("forced")


def _flag(row, ctx):
    if str(row.get("mixed") or "").upper() == "YES":
        return Outcome.CRITICAL, "mixed"
    if _forced(row):
        return Outcome.WARNING, "forced"
    return None


_rows = rows_judge([("pending_s", "age_s")], problem="pending", flag=_flag)


@uses("age_s")
def judge(rows, th, ctx):
    """A transaction a DBA already forced (state 'forced commit' / 'forced rollback') is no longer in doubt
    here: its row stays until RECO reaches the other sites or it is purged, so it warns whatever its age."""
    return _rows([{**r, "pending_s": None if _forced(r) else r.get("age_s")} for r in rows], th, ctx)


SPEC = CheckSpec(
    code="RUN024",
    name="in_doubt_distributed_xacts",
    title=T("Oracle in-doubt distributed transactions", "Oracle 存在未决（in-doubt）分布式事务"),
    category="running",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_2PC_PENDING")},
    columns=("local_tran_id", "global_tran_id", "state", "mixed", "age_s", "last_retry", "host", "db_user"),
    thresholds=(
        Threshold(name="age_s", unit="s", warning=600, critical=3600, direction="above",
                  rationale="RECO resolves in-doubt transactions itself once the remote database answers (Oracle Database "
                            "Administrator's Guide 19c, 'Managing Distributed Transactions'); one still pending after "
                            "10 min / 1 h needs the DBA. Catalog ORA-RUN-05 names no threshold: ours"),
    ),
    judge=judge,
    messages={
        "ok": T("No in-doubt distributed transaction older than {age_s_warning} s ({total} pending)",
                "没有超过 {age_s_warning} 秒的未决分布式事务（当前 {total} 个）"),
        "pending": T("Distributed transaction {local_tran_id} ({state}, from {host}, user {db_user}) in doubt for {age_s} s; "
                     "{count} over the threshold",
                     "分布式事务 {local_tran_id}（{state}，来自 {host}，用户 {db_user}）已未决 {age_s} 秒；共 {count} 个超过阈值"),
        "mixed": T("Distributed transaction {local_tran_id} has a MIXED outcome (committed at some sites, rolled back at "
                   "others): data may be inconsistent",
                   "分布式事务 {local_tran_id} 结果为 MIXED（部分站点提交、部分回滚）：数据可能不一致"),
        "forced": T("Distributed transaction {local_tran_id} was decided by hand ({state}) {age_s} s ago and its entry is "
                    "still pending: RECO has not reached the other sites",
                    "分布式事务 {local_tran_id} 已被手工决定（{state}），其记录 {age_s} 秒后仍未清除：RECO 尚未联系上其他站点"),
    },
    remediation=RemediationSpec(
        text=T("Check the database link and the remote database first; RECO finishes the transaction when it "
               "answers. Only if it cannot: find how the other sites decided (DBA_2PC_NEIGHBORS, their DBA_2PC_PENDING) "
               "and decide the same with the application owner — COMMIT FORCE / ROLLBACK FORCE 'local_tran_id' decides "
               "this site only, and a different decision elsewhere makes the outcome MIXED and the data diverge. "
               "DBMS_TRANSACTION.PURGE_LOST_DB_ENTRY is only for an entry whose remote database is gone for good. "
               "A MIXED outcome needs a data check.",
               "先检查数据库链接和远端数据库；远端恢复响应后 RECO 会自动完成事务。仅当无法恢复时：查明其他站点的决定"
               "（DBA_2PC_NEIGHBORS 及其 DBA_2PC_PENDING），与应用负责人确认后作出相同决定——COMMIT FORCE / ROLLBACK FORCE "
               "'local_tran_id' 只决定本站点，其他站点决定不同会导致结果为 MIXED、数据不一致。DBMS_TRANSACTION.PURGE_LOST_DB_ENTRY "
               "仅用于远端数据库已永久不存在的记录。MIXED 结果需核对数据。"),
        commands={"oracle": ["SELECT local_tran_id, global_tran_id, state, mixed, fail_time, host, db_user FROM dba_2pc_pending;",
                             "SELECT * FROM dba_2pc_neighbors;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_2PC_PENDING.html"],
    ),
    timeout_s=10,
    object_key=("local_tran_id",),
)
