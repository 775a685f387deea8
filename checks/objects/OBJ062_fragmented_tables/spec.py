from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

MB = 1024 * 1024


@uses("free_pct", "min_data_mb")
def judge(rows, th, ctx) -> Verdict:
    floor = (th["min_data_mb"].value or 0) * MB
    lv = th["free_pct"]
    rated, shared, small = [], 0, 0
    for r in rows:
        if num(r.get("shared_tablespace")):
            shared += 1  # its DATA_FREE is the shared tablespace's, not its own
            rated.append((r, Outcome.OK))
        elif (num(r.get("data_bytes")) or 0) <= floor:
            small += 1  # InnoDB keeps a few free extents in every file: below the floor that is all it is
            rated.append((r, Outcome.OK))
        else:
            rated.append((r, lv.classify(num(r.get("free_pct")))))
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -(num(x[0].get("free_bytes")) or 0))
    total = int(num(rows[0].get("total")) or 0) if rows else 0
    free_mb = round(sum(num(r.get("free_bytes")) or 0 for r, _ in bad) / MB, 1)
    params = {"total": total, "count": len(bad), "shared": shared, "small": small, "free_mb": free_mb,
              "min_data_mb": th["min_data_mb"].value}
    if not bad:
        rated_rows = [r for r in rows if not num(r.get("shared_tablespace")) and (num(r.get("data_bytes")) or 0) > floor]
        return Verdict(outcome=Outcome.OK, message="ok" if rated_rows else "ok_small",
                       params={**(rated_rows[0] if rated_rows else {}), **params, "rated": len(rated_rows)},
                       evidence=rated_rows[:10], objects={})
    worst = bad[0][0]
    return Verdict(outcome=Outcome.worst(o for _, o in bad), message="problem",
                   params={**worst, **params, "table_free_mb": round((num(worst.get("free_bytes")) or 0) / MB, 1),
                           "table_mb": round((num(worst.get("data_bytes")) or 0) / MB, 1)},
                   evidence=[r for r, _ in bad][:EVIDENCE_LIMIT], total=len(bad), objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ062",
    name="fragmented_tables",
    title=T("Tables with much free space inside (fragmentation)", "表内空闲空间过多（碎片）"),
    category="objects",
    tier="weekly",
    engines={
        # SHOW VIEW on *.* makes every table's sizes visible in information_schema.TABLES without
        # reading data (platform-notes §3); INNODB_TABLES / INNODB_SYS_TABLES (which tablespace a table
        # is in) and MariaDB's INNODB_SYS_TABLESPACES (file sizes) need PROCESS.
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW, PROCESS"),
        "mariadb": EngineSupport(min_version="10.2", privilege="SHOW VIEW, PROCESS"),
    },
    columns=("table_schema", "table_name", "engine", "data_bytes", "index_bytes", "free_bytes", "free_pct",
             "shared_tablespace", "total"),
    object_key=("table_schema", "table_name"),
    thresholds=(
        Threshold(name="free_pct", unit="% of the table's space", warning=10, critical=None, direction="above",
                  rationale="MySQLTuner counts a table fragmented when DATA_FREE is over 10 % of data + index + free "
                            "(catalog MY-OBJ-04); no critical level: free space inside a table wastes disk and cache, it "
                            "stops nothing"),
        Threshold(name="min_data_mb", unit="MB", kind="guard", value=100,
                  rationale="MySQLTuner's size floor: only tables with DATA_LENGTH over 100 MB are rated — InnoDB keeps a "
                            "few free extents (several MB) in every file, which is no fragmentation"),
    ),
    judge=judge,
    messages={
        "ok_small": T("No table over the {min_data_mb} MB floor to rate ({total} table(s) seen; {shared} in a shared "
                      "tablespace not rated)",
                      "没有超过 {min_data_mb} MB 下限、需要评估的表（共 {total} 张；{shared} 张位于共享表空间，不评估）"),
        "ok": T("{rated} table(s) over {min_data_mb} MB, none with more than {free_pct_warning}% free; the most free space: "
                "{table_schema}.{table_name} ({free_pct}%); {shared} table(s) in a shared tablespace not rated",
                "{rated} 张超过 {min_data_mb} MB 的表中没有空闲空间超过 {free_pct_warning}% 的；空闲最多的是 "
                "{table_schema}.{table_name}（{free_pct}%）；{shared} 张位于共享表空间的表不评估"),
        "problem": T("{count} table(s) over {min_data_mb} MB have more than {free_pct_warning}% free space ({free_mb} MB in "
                     "all); most: {table_schema}.{table_name} ({engine}, {table_mb} MB of data) with {table_free_mb} MB "
                     "free ({free_pct}%)",
                     "{count} 张超过 {min_data_mb} MB 的表空闲空间超过 {free_pct_warning}%（合计 {free_mb} MB）；最多的是 "
                     "{table_schema}.{table_name}（{engine}，数据 {table_mb} MB），空闲 {table_free_mb} MB（{free_pct}%）"),
    },
    remediation=RemediationSpec(
        text=T("Rebuild the table to give the space back: ALTER TABLE … FORCE (InnoDB; online, but it needs free disk "
               "for a full copy and replicas replay it) or OPTIMIZE TABLE (MyISAM/Aria; locks the table). Rebuild only "
               "tables that will not refill soon — a table that is purged and refilled every day reuses its free space "
               "anyway. On MySQL 8 the figures lag up to information_schema_stats_expiry (ANALYZE TABLE refreshes them).",
               "重建表以归还空间：ALTER TABLE … FORCE（InnoDB；在线执行，但需要可容纳整表副本的磁盘空间，且从库会重放）或 "
               "OPTIMIZE TABLE（MyISAM/Aria；会锁表）。只重建短期内不会再次写满的表——每天清理又写满的表本来就会复用空闲空间。"
               "MySQL 8 上的数值可能滞后至多 information_schema_stats_expiry（ANALYZE TABLE 可刷新）。"),
        commands={
            "mysql": ["ALTER TABLE <schema>.<table> FORCE;  -- InnoDB: rebuilds online, needs disk for a full copy",
                      "OPTIMIZE TABLE <schema>.<table>;  -- MyISAM / Aria: locks the table while it runs"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-file-defragmenting.html",
                    "https://mariadb.com/kb/en/optimize-table/",
                    "https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=30,
)
