from checks.judges import num, pretty_bytes, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("days_left", "min_samples", "min_days")
def judge(rows, th, ctx) -> Verdict:
    """Days left = the data filesystem's free space / the data's growth per day (least squares over the window's
    snapshots). Too little history, or free space unknown (no SSH): SKIPPED, never OK."""
    r = dict(rows[0]) if rows else {}
    growth = num(r.get("growth_bytes_per_day"))
    params = {**r, "total": pretty_bytes(r.get("total_bytes")), "growth": pretty_bytes(abs(growth or 0)),
              "free": pretty_bytes(r.get("free_bytes")), "min_samples": int(th["min_samples"].value or 0),
              "min_days": th["min_days"].value, "why": r.get("free_unknown_why") or "",
              "value": r.get("days_left")}
    if (r.get("samples") or 0) < (th["min_samples"].value or 0) or (num(r.get("covered_days")) or 0) < (th["min_days"].value or 0):
        return Verdict(outcome=Outcome.SKIPPED, message="too_little", params=params, evidence=[r])
    if r.get("size_changes") == 0:  # a flat series is statistics that did not move, not a database that did not grow
        return Verdict(outcome=Outcome.SKIPPED, message="stale_stats", params=params, evidence=[r])
    if r.get("free_bytes") is None:
        return Verdict(outcome=Outcome.SKIPPED, message="free_unknown", params=params, evidence=[r])
    if growth is None or growth <= 0:
        return Verdict(outcome=Outcome.OK, message="not_growing", params=params, evidence=[r])
    outcome = th["days_left"].classify(r.get("days_left"))
    return Verdict(outcome=outcome, message="ok" if outcome is Outcome.OK else "problem", params=params, evidence=[r])


SUPPORT = dict(privilege="SELECT ON mysql.innodb_table_stats")

SPEC = CheckSpec(
    code="PRF039",
    name="capacity_forecast",
    title=T("The data directory's filesystem fills up soon at the data's growth rate", "按数据增长速度，数据目录所在文件系统即将写满"),
    category="performance",
    tier="semiannual",
    basis="window",
    engines={"mysql": EngineSupport(min_version="8.0", **SUPPORT),
             "mariadb": EngineSupport(min_version="10.3", **SUPPORT)},
    columns=("total_bytes", "schemas", "samples", "size_changes", "covered_days", "growth_bytes_per_day", "free_bytes", "mount",
             "days_left", "counters_since", "counters_until"),
    thresholds=(
        Threshold(name="days_left", unit="days", warning=90, critical=30, direction="below",
                  rationale="Alibaba Cloud DAS warns when the space runs out within 30 days (catalog MY-PERF-13, "
                            "MySQLTuner's predictive capacity planning): critical at 30; 90 days warning leaves a "
                            "quarter to order storage"),
        Threshold(name="min_samples", unit="snapshots", kind="guard", value=3,
                  rationale="a least-squares slope through fewer than 3 sizes is a line through two points: not rated"),
        Threshold(name="min_days", unit="days", kind="guard", value=7,
                  rationale="growth measured over less than a week is a load or a purge, not a trend (InnoDB's "
                            "statistics also lag by up to 10 % of a table's rows): not rated"),
    ),
    judge=judge,
    messages={
        "ok": T("the InnoDB data grew {growth} a day over {covered_days} days ({samples} snapshots, least squares; InnoDB "
                "tables {total} now); {free} free on {mount}: {value} days left (threshold {days_left_warning})."
                " Basis: InnoDB's persistent statistics (mysql.innodb_table_stats), not the disk — a staircase (a table's figure moves when 10 % of its rows changed or at ANALYZE TABLE), without binary and relay logs, undo and temporary tablespaces, free pages inside the tablespaces and non-InnoDB tables.",
                "近 {covered_days} 天（{samples} 个快照，最小二乘）数据每天增长 {growth}（InnoDB 表现为 {total}）；{mount} 剩余 {free}："
                "还可用 {value} 天（阈值 {days_left_warning}）。"
                "依据：InnoDB 持久化统计（mysql.innodb_table_stats），而非磁盘——呈阶梯状（表的数值在其 10% 的行变化或 ANALYZE TABLE 后才变化），不含二进制与中继日志、undo 与临时表空间、表空间内的空闲页以及非 InnoDB 表。"),
        "problem": T("at {growth} a day (over {covered_days} days, {samples} snapshots, least squares; InnoDB tables "
                     "{total} now) the {free} free on {mount} last {value} days (threshold {days_left_warning}, critical "
                     "{days_left_critical})."
                     " Basis: InnoDB's persistent statistics (mysql.innodb_table_stats), not the disk — a staircase (a table's figure moves when 10 % of its rows changed or at ANALYZE TABLE), without binary and relay logs, undo and temporary tablespaces, free pages inside the tablespaces and non-InnoDB tables.",
                     "按每天增长 {growth}（近 {covered_days} 天，{samples} 个快照，最小二乘；InnoDB 表现为 {total}），{mount} 剩余的 "
                     "{free} 只够 {value} 天（阈值 {days_left_warning}，严重 {days_left_critical}）。"
                     "依据：InnoDB 持久化统计（mysql.innodb_table_stats），而非磁盘——呈阶梯状（表的数值在其 10% 的行变化或 ANALYZE TABLE 后才变化），不含二进制与中继日志、undo 与临时表空间、表空间内的空闲页以及非 InnoDB 表。"),
        "not_growing": T("the InnoDB data did not grow over {covered_days} days ({samples} snapshots; InnoDB tables {total} "
                         "now, {free} free on {mount})."
                         " Basis: InnoDB's persistent statistics (mysql.innodb_table_stats), not the disk — a staircase (a table's figure moves when 10 % of its rows changed or at ANALYZE TABLE), without binary and relay logs, undo and temporary tablespaces, free pages inside the tablespaces and non-InnoDB tables.",
                         "近 {covered_days} 天（{samples} 个快照）数据没有增长（InnoDB 表现为 {total}，{mount} 剩余 {free}）。"
                         "依据：InnoDB 持久化统计（mysql.innodb_table_stats），而非磁盘——呈阶梯状（表的数值在其 10% 的行变化或 ANALYZE TABLE 后才变化），不含二进制与中继日志、undo 与临时表空间、表空间内的空闲页以及非 InnoDB 表。"),
        "stale_stats": T("not applicable (sizes unknown): the InnoDB sizes in mysql.innodb_table_stats did not change "
                         "once over {covered_days} days ({samples} snapshots; {total} now) — persistent statistics that "
                         "did not follow the tables (innodb_stats_auto_recalc = OFF, tables with STATS_PERSISTENT = 0, "
                         "or large tables under 10 % of their rows changed), not proof that nothing grew; ANALYZE TABLE "
                         "the large tables or watch the filesystem (OSH001)",
                         "不适用（容量未知）：近 {covered_days} 天（{samples} 个快照；现为 {total}）mysql.innodb_table_stats 中的 InnoDB "
                         "容量一次也没有变化 —— 这是持久化统计没有跟上表的变化（innodb_stats_auto_recalc = OFF、STATS_PERSISTENT = 0 "
                         "的表，或变化行数未达 10% 的大表），并不能证明没有增长；请对大表执行 ANALYZE TABLE，或关注文件系统（OSH001）"),
        "too_little": T("not applicable (too little history to forecast): fewer than {min_samples} size snapshots "
                        "or less than {min_days} days of them in the window",
                        "不适用（历史太短，无法预测）：窗口内的容量快照少于 {min_samples} 个或不足 {min_days} 天"),
        "free_unknown": T("not applicable: days left unknown — the InnoDB data (persistent statistics, not the disk) grew {growth} a day over {covered_days} days "
                          "but the filesystem's free space could not be read ({why}); give the host's SSH access in the "
                          "inventory (hosts[].ssh) so OSH001 and this check can read it",
                          "不适用：剩余天数未知 —— 近 {covered_days} 天数据每天增长 {growth}，但无法读取文件系统剩余空间（{why}）；"
                          "请在清单中配置主机 SSH（hosts[].ssh），以便 OSH001 与本检查读取"),
    },
    remediation=RemediationSpec(
        text=T("Plan the storage before the days run out: extend the filesystem (LVM, a larger volume), archive or "
               "purge old data (partition by time and drop old partitions), or move schemas to other storage. "
               "Growth comes from InnoDB's persistent statistics (mysql.innodb_table_stats: tables whose statistics "
               "lag until 10 % of their rows change; ANALYZE TABLE refreshes them); non-InnoDB tables and binary "
               "logs are not in it (BAK004 and OSH001 watch those). AUTO_INCREMENT exhaustion is OBJ061.",
               "在剩余天数用完之前规划存储：扩容文件系统（LVM、更大的卷）、归档或清理旧数据（按时间分区并删除旧分区），或将部分 schema "
               "迁到其他存储。增长来自 InnoDB 持久化统计（mysql.innodb_table_stats：统计在表 10% 的行变化后才更新；ANALYZE TABLE "
               "可刷新）；非 InnoDB 表与二进制日志不计入（由 BAK004 与 OSH001 监控）。自增列耗尽见 OBJ061。"),
        commands={
            "mysql": ["SELECT database_name, SUM(clustered_index_size + sum_of_other_index_sizes) * @@innodb_page_size "
                      "/ 1024 / 1024 AS mb FROM mysql.innodb_table_stats GROUP BY 1 ORDER BY 2 DESC;", "df -h <datadir>"],
            "mariadb": ["SELECT database_name, SUM(clustered_index_size + sum_of_other_index_sizes) * @@innodb_page_size "
                        "/ 1024 / 1024 AS mb FROM mysql.innodb_table_stats GROUP BY 1 ORDER BY 2 DESC;", "df -h <datadir>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-persistent-stats.html",
                    "https://www.alibabacloud.com/help/en/das/"],
    ),
    timeout_s=15,
)
