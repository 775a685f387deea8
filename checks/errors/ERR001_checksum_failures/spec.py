from checks.judges import EVIDENCE_LIMIT, Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("checksum_failures")
def judge(rows, th, ctx) -> Verdict:
    levels: Levels = th["checksum_failures"]
    first = rows[0] if rows else {}
    if str(first.get("data_checksums", "on")).lower() != "on":
        # No page checksum is ever verified: there is nothing this check could count.
        return Verdict(outcome=Outcome.SKIPPED, message="not_applicable", params=dict(first), evidence=[])
    rated = []
    for r in rows:
        if not r.get("datname"):
            continue
        outcome = levels.classify(num(r.get("checksum_failures")) or 0)
        # Failures whose newest occurrence is before the window are old news counted since `since`.
        if outcome is Outcome.CRITICAL and not r.get("failed_in_window"):
            outcome = Outcome.WARNING
        if outcome is not Outcome.OK:
            rated.append((r, outcome))
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=dict(first), evidence=[])
    rated.sort(key=lambda ro: (not ro[0].get("failed_in_window"), -ro[1].rank, -(num(ro[0].get("checksum_failures")) or 0)))
    worst_row = rated[0][0]
    total = int(sum(num(r.get("checksum_failures")) or 0 for r, _ in rated))
    # The message says where the newest failure is, whatever severity the levels gave it.
    return Verdict(outcome=max((o for _, o in rated), key=lambda o: o.rank),
                   message="in_window" if worst_row.get("failed_in_window") else "before_window",
                   params={**worst_row, "count": len(rated), "total_failures": total},
                   evidence=[r for r, _ in rated][:EVIDENCE_LIMIT], total=len(rated),
                   objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="ERR001",
    name="checksum_failures",
    title=T("Data page checksum failures", "数据页校验和错误"),
    category="errors",
    tier="daily",
    engines={
        # pg_stat_database is readable by every role (platform-notes §2).
        "postgresql": EngineSupport(min_version="12", privilege="login"),
    },
    columns=("datname", "data_checksums", "checksum_failures", "checksum_last_failure", "failed_in_window", "since"),
    object_key=("datname",),
    thresholds=(
        Threshold(name="checksum_failures", unit="failures", warning=1, critical=1, direction="above",
                  rationale="pg-healthcheck G07-002: any checksum failure is CRITICAL (catalog PG-ERR-03); "
                            "failures whose last occurrence is before the window count as WARNING"),
    ),
    judge=judge,
    messages={
        "ok": T("no data page checksum failure since {since} (the last stats reset or crash)",
                "自 {since}（最近一次统计重置或实例崩溃）以来未发现数据页校验和错误"),
        "not_applicable": T("not applicable: data_checksums is off, so no page checksum is ever verified and "
                            "corruption goes unnoticed here (enable with pg_checksums --enable while the cluster is "
                            "stopped)",
                            "不适用：data_checksums 为 off，数据页校验和从不校验，损坏无法被发现（可在停库后用 "
                            "pg_checksums --enable 开启）"),
        "in_window": T("{total_failures} data page checksum failures in {count} database(s) since {since}; database "
                       "{datname} last failed at {checksum_last_failure}, inside the window: storage is corrupting pages",
                       "自 {since} 起 {count} 个数据库共 {total_failures} 次数据页校验和错误；数据库 {datname} 最近一次发生在 "
                       "{checksum_last_failure}，位于巡检窗口内：存储正在损坏数据页"),
        "before_window": T("{total_failures} data page checksum failures counted since {since} in {count} database(s) "
                           "(newest {checksum_last_failure} in {datname}, before the window): the corruption is still "
                           "on record",
                           "自 {since} 起 {count} 个数据库累计 {total_failures} 次数据页校验和错误（最近一次 "
                           "{checksum_last_failure}，数据库 {datname}，早于巡检窗口）：损坏记录仍在"),
    },
    remediation=RemediationSpec(
        text=T("Treat it as storage corruption. The server log names each damaged block ('page verification failed, "
               "calculated checksum … relation base/…'): check disks, controller and filesystem; verify only the "
               "relations the log names (amcheck on their indexes, a full read of the table) and, in a maintenance "
               "window, the whole cluster offline with pg_checksums --check; restore the damaged objects from backup. "
               "Do not reset the statistics to clear the counter (pg_stat_reset() also wipes what autovacuum and "
               "every cumulative check rely on): once handled, acknowledge the finding with the reason and an expiry.",
               "按存储损坏处理。数据库日志会记录每个受损块（“page verification failed, calculated checksum … relation base/…”）："
               "检查磁盘、阵列卡和文件系统；只校验日志点名的对象（对其索引执行 amcheck、全表读取一次），并在维护窗口停库后用 "
               "pg_checksums --check 校验整个集群；从备份恢复受损对象。不要用重置统计信息的方式清零计数（pg_stat_reset() "
               "会同时清掉 autovacuum 和所有累计类检查依赖的数据）：处理完成后，对该结果执行确认并写明原因和有效期。"),
        commands={
            "postgresql": [
                "SELECT datname, checksum_failures, checksum_last_failure FROM pg_stat_database WHERE checksum_failures > 0;",
                "grep -i 'page verification failed' /var/log/postgresql/postgresql-*-main.log",
                "-- only for a relation the log names (here public.orders), in its database:",
                "CREATE EXTENSION IF NOT EXISTS amcheck;",
                "SELECT bt_index_check(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = 'public.orders'::regclass AND c.relam = 403;",
                "pg_checksums --check -D $PGDATA   # cluster stopped, in a maintenance window",
                "dbpatrol ack add ERR001 --instance <name> --object <datname> --reason '<restored from backup on …>' --until <date>",
            ],
        },
        references=["https://www.postgresql.org/docs/current/checksums.html",
                    "https://www.postgresql.org/docs/current/amcheck.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
    basis="window",
)
