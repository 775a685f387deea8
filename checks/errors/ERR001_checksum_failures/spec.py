from checks.judges import EVIDENCE_LIMIT, Levels, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("checksum_failures")
def judge(rows, th, ctx) -> Verdict:
    levels: Levels = th["checksum_failures"]
    rated = []
    for r in rows:
        outcome = levels.classify(num(r.get("checksum_failures")) or 0) if r.get("datname") else Outcome.OK
        # Failures whose newest occurrence is before the window are old news counted since the stats reset.
        if outcome is Outcome.CRITICAL and not r.get("failed_in_window"):
            outcome = Outcome.WARNING
        rated.append((r, outcome))
    bad = [(r, o) for r, o in rated if o is not Outcome.OK]
    if not bad:
        row = rows[0] if rows else {}
        key = "ok" if str(row.get("data_checksums", "on")).lower() == "on" else "ok_disabled"
        return Verdict(outcome=Outcome.OK, message=key, params=dict(row), evidence=[])
    bad.sort(key=lambda ro: (-ro[1].rank, -(num(ro[0].get("checksum_failures")) or 0)))
    worst_row, worst = bad[0]
    total = int(sum(num(r.get("checksum_failures")) or 0 for r, _ in bad))
    return Verdict(outcome=worst, message="in_window" if worst is Outcome.CRITICAL else "before_window",
                   params={**worst_row, "count": len(bad), "total_failures": total},
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT])


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
    thresholds=(
        Threshold(name="checksum_failures", unit="failures", warning=1, critical=1, direction="above",
                  rationale="pg-healthcheck G07-002: any checksum failure is CRITICAL (catalog PG-ERR-03); "
                            "failures whose last occurrence is before the window count as WARNING"),
    ),
    judge=judge,
    messages={
        "ok": T("no data page checksum failure since the stats reset", "自统计信息重置以来未发现数据页校验和错误"),
        "ok_disabled": T("no checksum failure reported, but data_checksums is off: page corruption is not detected "
                         "(enable with pg_checksums while the cluster is stopped)",
                         "未报告校验和错误，但 data_checksums 为 off：无法发现数据页损坏（可在停库后用 pg_checksums 开启）"),
        "in_window": T("{total_failures} data page checksum failures in {count} database(s); database {datname} last "
                       "failed at {checksum_last_failure}, inside the window: storage is corrupting pages",
                       "{count} 个数据库共 {total_failures} 次数据页校验和错误；数据库 {datname} 最近一次发生在 "
                       "{checksum_last_failure}，位于巡检窗口内：存储正在损坏数据页"),
        "before_window": T("{total_failures} data page checksum failures counted since {since} in {count} database(s) "
                           "(newest {checksum_last_failure} in {datname}, before the window): the corruption was never "
                           "cleared up",
                           "自 {since} 起 {count} 个数据库累计 {total_failures} 次数据页校验和错误（最近一次 "
                           "{checksum_last_failure}，数据库 {datname}，早于巡检窗口）：损坏尚未处理"),
    },
    remediation=RemediationSpec(
        text=T("Treat as storage corruption: find the damaged relations in the server log ('page verification failed'), "
               "check disks/controller/filesystem, verify with amcheck and pg_checksums --check (offline), restore the "
               "affected objects from backup, then reset the counter with pg_stat_reset().",
               "按存储损坏处理：在数据库日志中查找 “page verification failed” 定位受损对象，检查磁盘、阵列卡和文件系统，"
               "用 amcheck 和 pg_checksums --check（停库）校验，从备份恢复受损对象，处理完后用 pg_stat_reset() 清零计数。"),
        commands={
            "postgresql": [
                "SELECT datname, checksum_failures, checksum_last_failure FROM pg_stat_database WHERE checksum_failures > 0;",
                "grep -i 'page verification failed' /var/log/postgresql/postgresql-*-main.log",
                "CREATE EXTENSION IF NOT EXISTS amcheck; SELECT bt_index_check(oid) FROM pg_class WHERE relkind = 'i' AND relam = 403;",
                "pg_checksums --check -D $PGDATA   # cluster stopped",
            ],
        },
        references=["https://www.postgresql.org/docs/current/checksums.html",
                    "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW"],
    ),
    timeout_s=5,
    basis="window",
)
