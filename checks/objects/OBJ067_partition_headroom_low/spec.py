from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _rate(row, lv):
    """(outcome, message key) of one partitioned table."""
    days = num(row.get("days_left"))
    if days is None:
        return Outcome.OK, None  # not a date bound: how close an id range is to its end needs the data
    catch_all = bool(num(row.get("has_maxvalue")))
    if catch_all and days <= 0 and (num(row.get("maxvalue_rows")) or 0) > 0:
        return Outcome.WARNING, "spilling"  # today's rows land in the catch-all: the job that adds partitions stopped
    outcome = lv.classify(days)
    if outcome is Outcome.OK:
        return outcome, None
    if catch_all:  # nothing is refused, the rows go to the catch-all partition
        return Outcome.WARNING, "catch_all"
    return outcome, "passed" if days <= 0 else "near"


@uses("days_left")
def judge(rows, th, ctx) -> Verdict:
    lv = th["days_left"]
    rated = [(r, *_rate(r, lv)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: (-x[1].rank, num(x[0].get("days_left")) or 0))
    dated = [r for r in rows if num(r.get("days_left")) is not None]
    total = int(num(rows[0].get("total")) or 0) if rows else 0
    params = {"total": total, "dated": len(dated), "undated": len(rows) - len(dated), "count": len(bad)}
    if not rows:
        return Verdict(outcome=Outcome.OK, message="ok_none", params=params, evidence=[], objects={})
    if not bad:
        nearest = dated[0] if dated else {}
        return Verdict(outcome=Outcome.OK, message="ok" if dated else "ok_undated", params={**nearest, **params},
                       evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**worst, **params},
                   evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ067",
    name="partition_headroom_low",
    title=T("RANGE-partitioned tables near their last partition bound", "RANGE 分区表即将用完最后一个分区"),
    category="objects",
    tier="weekly",
    engines={
        # SHOW VIEW on *.* makes every table's partitions visible in information_schema.PARTITIONS
        # without reading data (measured on MariaDB 10.11; the MySQL 8 visibility rule is the same).
        # MariaDB also reads INNODB_SYS_TABLES (PROCESS) to leave InnoDB's unpartitioned tables unopened.
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW"),
        "mariadb": EngineSupport(min_version="10.2", privilege="SHOW VIEW, PROCESS"),
    },
    columns=("table_schema", "table_name", "partition_method", "partition_expression", "partitions", "last_partition",
             "bounded_partition", "last_bound", "has_maxvalue", "maxvalue_rows", "days_left", "total", "bound_date"),
    object_key=("table_schema", "table_name"),
    thresholds=(
        Threshold(name="days_left", unit="days", warning=15, critical=7, direction="below",
                  rationale="BlueKing's partition service keeps 15 days of partitions ahead (extra_partition = 15, "
                            "catalog MY-OBJ-10): fewer means its job has not run; under 7 days the next weekly "
                            "inspection would come after the bound has passed"),
    ),
    judge=judge,
    messages={
        "ok_none": T("No RANGE-partitioned table", "没有 RANGE 分区表"),
        "ok": T("{dated} date-partitioned table(s): the nearest last bound is {bound_date}, {days_left} days away "
                "({table_schema}.{table_name}, partition {bounded_partition}); {undated} with non-date bounds not rated",
                "{dated} 张按日期分区的表：最近的分区上界为 {bound_date}，还有 {days_left} 天（{table_schema}.{table_name}，分区 "
                "{bounded_partition}）；{undated} 张非日期上界的表不评估"),
        "ok_undated": T("{undated} RANGE-partitioned table(s), none on a date bound: not rated (how near an id range is "
                        "to its end needs the data)",
                        "{undated} 张 RANGE 分区表，均非日期上界：不评估（id 范围是否将满需要读取数据）"),
        "near": T("{table_schema}.{table_name}: its last partition {bounded_partition} ends on {bound_date}, in {days_left} "
                  "day(s) (bound {last_bound}), and there is no MAXVALUE partition — rows dated from then on will be refused "
                  "with ERROR 1526; {count} table(s) under {days_left_warning} days",
                  "{table_schema}.{table_name}：最后一个分区 {bounded_partition} 于 {bound_date} 到期，还有 {days_left} 天（上界 "
                  "{last_bound}），且没有 MAXVALUE 分区——此后日期的数据将被拒绝写入（ERROR 1526）；共 {count} 张表不足 "
                  "{days_left_warning} 天"),
        "passed": T("{table_schema}.{table_name}: its last partition {bounded_partition} ended on {bound_date} (bound "
                    "{last_bound}) and there is no MAXVALUE partition — rows dated from then on, today's included, are "
                    "refused with ERROR 1526; {count} table(s) at fault",
                    "{table_schema}.{table_name}：最后一个分区 {bounded_partition} 已于 {bound_date} 到期（上界 {last_bound}），"
                    "且没有 MAXVALUE 分区——此后日期（含今天）的数据已被拒绝写入（ERROR 1526）；共 {count} 张表有问题"),
        "catch_all": T("{table_schema}.{table_name}: its last dated partition {bounded_partition} ends on {bound_date}, in "
                       "{days_left} day(s); after that rows pile up in the MAXVALUE partition {last_partition}, which is "
                       "expensive to split later; {count} table(s) at fault",
                       "{table_schema}.{table_name}：最后一个按日期的分区 {bounded_partition} 于 {bound_date} 到期，还有 {days_left} 天；"
                       "之后的数据将堆积到 MAXVALUE 分区 {last_partition}，日后拆分代价很高；共 {count} 张表有问题"),
        "spilling": T("{table_schema}.{table_name}: about {maxvalue_rows} row(s) already sit in the MAXVALUE partition "
                      "{last_partition} (the last dated partition ended on {bound_date}) — the job that adds partitions "
                      "has stopped; {count} table(s) at fault",
                      "{table_schema}.{table_name}：MAXVALUE 分区 {last_partition} 中已有约 {maxvalue_rows} 行数据"
                      "（最后一个按日期的分区已于 {bound_date} 到期）——添加分区的作业已停止；共 {count} 张表有问题"),
    },
    remediation=RemediationSpec(
        text=T("Add the next partitions now and find out why the job that adds them stopped (an event, see OBJ068, or "
               "a cron script). With a MAXVALUE partition, split it with REORGANIZE PARTITION while it is still empty "
               "(it copies the rows it holds). RANGE partitioning on an id or an integer date cannot be rated from the "
               "catalog: compare its last bound with MAX(column) yourself.",
               "立即添加后续分区，并查明添加分区的作业为何停止（事件见 OBJ068，或 cron 脚本）。有 MAXVALUE 分区时，"
               "趁其仍为空用 REORGANIZE PARTITION 拆分（会复制其中已有的行）。按 id 或整数日期分区的表无法仅凭元数据评估："
               "请自行比较最后上界与 MAX(分区列)。"),
        commands={
            "mysql": ["ALTER TABLE <schema>.<table> ADD PARTITION (PARTITION p<yyyymmdd> VALUES LESS THAN "
                      "(TO_DAYS('<next bound>')));",
                      "ALTER TABLE <schema>.<table> REORGANIZE PARTITION pmax INTO (PARTITION p<yyyymmdd> VALUES LESS "
                      "THAN (TO_DAYS('<next bound>')), PARTITION pmax VALUES LESS THAN MAXVALUE);"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/partitioning-management-range-list.html",
                    "https://mariadb.com/kb/en/range-partitioning-type/",
                    "https://github.com/TencentBlueKing/blueking-dbm/tree/master/dbm-services/mysql/db-partition"],
    ),
    timeout_s=30,
)
