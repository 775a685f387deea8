from checks.judges import num, summary_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_summary = summary_judge([("history_list_length", "history_list_length")], empty=(Outcome.ERROR, "no_data"))


@uses("history_list_length")
def judge(rows, th, ctx) -> Verdict:
    if rows and not all(int(num(r.get("counter_enabled")) or 0) for r in rows):
        # MySQL: trx_rseg_history_len switched off (innodb_monitor_disable) keeps a stale value
        return Verdict(outcome=Outcome.SKIPPED, message="not_applicable", params=dict(rows[0]), evidence=rows)
    return _summary(rows, th, ctx)

SPEC = CheckSpec(
    code="RUN017",
    name="history_list_length",
    title=T("InnoDB purge lag (history list length)", "InnoDB purge 滞后（History list length）"),
    category="running",
    tier="daily",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS"),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS"),
    },
    columns=("history_list_length", "oldest_trx_s", "counter_enabled"),
    thresholds=(
        Threshold(name="history_list_length", unit="undo records", warning=100000, critical=1000000, direction="above",
                  rationale="MySQLTuner: Innodb_history_list_length above 100,000 is 'high - purge process may lag' "
                            "(mysqltuner.pl, purge lag prevention; catalog MY-RUN-11); no anchor names a critical "
                            "level: 10× that, purge is then far behind"),
    ),
    judge=judge,
    messages={
        "ok": T("History list length {history_list_length} (threshold {history_list_length_warning}); oldest open "
                "transaction {oldest_trx_s} s (0 = none open)",
                "History list length 为 {history_list_length}（阈值 {history_list_length_warning}）；最老的未结束事务 "
                "{oldest_trx_s} 秒（0 表示没有未结束事务）"),
        "problem": T("Purge is behind: history list length {history_list_length} (threshold {history_list_length_warning}); "
                     "oldest open transaction {oldest_trx_s} s",
                     "purge 滞后：History list length 为 {history_list_length}（阈值 {history_list_length_warning}）；"
                     "最老的未结束事务已持续 {oldest_trx_s} 秒"),
        "no_data": T("The server did not report the history list length", "服务器未返回 History list length"),
        "not_applicable": T("not applicable: the InnoDB trx_rseg_history_len monitor is disabled, so its value is stale "
                            "(SET GLOBAL innodb_monitor_enable = 'trx_rseg_history_len')",
                            "不适用：InnoDB trx_rseg_history_len 计数器已关闭，其数值不再更新（SET GLOBAL innodb_monitor_enable = "
                            "'trx_rseg_history_len'）"),
    },
    remediation=RemediationSpec(
        text=T("Purge cannot remove undo older than the oldest open read view: end long-running or idle transactions "
               "first (see the long transactions check). If no transaction is old, purge is too slow for the write "
               "load: raise innodb_purge_threads (MySQL 8: at the next restart; MariaDB 10.11: dynamic) / "
               "innodb_purge_batch_size.",
               "purge 无法清理比最老读视图更早的 undo：先结束长事务或空闲事务（参见长事务检查）。若并无老事务，"
               "说明 purge 跟不上写入量：调大 innodb_purge_threads / innodb_purge_batch_size。"),
        commands={
            "mysql": ["SHOW ENGINE INNODB STATUS\\G  -- TRANSACTIONS section: 'History list length'",
                      "SELECT trx_mysql_thread_id, trx_started, trx_state FROM information_schema.INNODB_TRX ORDER BY trx_started LIMIT 5;",
                      "KILL <pid>;"],
        },
        references=["https://mariadb.com/kb/en/innodb-purge/",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-purge-configuration.html"],
    ),
    timeout_s=5,
)
