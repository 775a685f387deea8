from checks.judges import rows_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="RUN013",
    name="orphan_prepared_xacts",
    title=T("Orphaned prepared (two-phase) transactions", "遗留的两阶段提交事务（prepared transaction）"),
    category="running",
    tier="daily",
    engines={
        "postgresql": EngineSupport(min_version="10", privilege="login"),
    },
    columns=("gid", "owner", "database", "prepared", "age_s", "xid_age"),
    thresholds=(
        Threshold(name="age_s", unit="s", warning=30, critical=300, direction="above",
                  rationale="check_postgres prepared_txns defaults 1 s/30 s (PG-OBJ-12); a snapshot may catch a 2PC in "
                            "flight, so warn at 30 s and go critical at 5 min"),
    ),
    judge=rows_judge([("age_s", "age_s")]),
    messages={
        "ok": T("No prepared transaction older than {age_s_warning} s ({total} prepared now)",
                "没有超过 {age_s_warning} 秒的两阶段事务（当前 {total} 个）"),
        "problem": T("{count} prepared transaction(s) left over; gid {gid} (owner {owner}, database {database}) "
                     "prepared {age_s} s ago holds locks and the xmin horizon (threshold {age_s_warning} s)",
                     "存在 {count} 个遗留的两阶段事务；gid {gid}（属主 {owner}，数据库 {database}）已准备 {age_s} 秒，"
                     "一直持有锁并拖住 xmin 水位（阈值 {age_s_warning} 秒）"),
    },
    remediation=RemediationSpec(
        text=T("Ask the transaction manager (XA coordinator) for the outcome of the global transaction, then finish it "
               "with COMMIT PREPARED or ROLLBACK PREPARED, connected to its database as its owner or a superuser. "
               "Set max_prepared_transactions = 0 where 2PC is not used.",
               "向事务管理器（XA 协调者）确认该全局事务的结局，然后以其属主或超级用户连接到对应数据库，"
               "执行 COMMIT PREPARED 或 ROLLBACK PREPARED。未使用两阶段提交的库应设置 max_prepared_transactions = 0。"),
        commands={
            "postgresql": ["SELECT gid, prepared, owner, database, age(transaction) FROM pg_prepared_xacts ORDER BY prepared;",
                           "ROLLBACK PREPARED '<gid>';  -- or COMMIT PREPARED '<gid>';"],
        },
        references=["https://www.postgresql.org/docs/current/view-pg-prepared-xacts.html",
                    "https://www.postgresql.org/docs/current/sql-rollback-prepared.html"],
    ),
    timeout_s=5,
)
