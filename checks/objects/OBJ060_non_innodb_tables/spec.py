from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("accepted_engines")
def judge(rows, th, ctx) -> Verdict:
    accepted = {str(e).lower() for e in th["accepted_engines"].value or ()}
    galera = bool(ctx.facts.get("galera"))
    rated = []
    for r in rows:
        engine = r.get("engine")
        if engine is None:
            rated.append((r, Outcome.CRITICAL, "unreadable"))
        elif str(engine).lower() in accepted:
            rated.append((r, Outcome.OK, "ok"))
        else:
            rated.append((r, Outcome.CRITICAL, "galera") if galera else (r, Outcome.WARNING, "problem"))
    bad = [x for x in rated if x[1] is not Outcome.OK]
    bad.sort(key=lambda x: -x[1].rank)  # stable: the SQL's order (unreadable first, then by schema, table)
    total = int(num(rows[0].get("total")) or 0) if rows else 0
    skipped = len(rated) - len(bad)
    params = {"total": total, "accepted": skipped, "count": total - skipped if not accepted else len(bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok_accepted" if rows else "ok", params=params,
                       evidence=rows[:EVIDENCE_LIMIT], objects={})
    worst, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**worst, **params},
                   evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=params["count"],
                   objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ060",
    name="non_innodb_tables",
    title=T("User tables outside InnoDB (MyISAM, Aria, MEMORY …)", "存在非 InnoDB 引擎的业务表（MyISAM、Aria、MEMORY 等）"),
    category="objects",
    tier="weekly",
    engines={
        # information_schema.TABLES shows only tables the user holds a privilege on; SHOW VIEW on *.*
        # makes every table visible without reading any data (platform-notes §3, measured on 10.11).
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW"),
        "mariadb": EngineSupport(min_version="10.2", privilege="SHOW VIEW"),
    },
    columns=("table_schema", "table_name", "engine", "problem", "engine_tables", "total"),
    object_key=("table_schema", "table_name"),
    thresholds=(
        Threshold(name="accepted_engines", unit="engine", kind="list", value=(),
                  rationale="engines a site accepts beside InnoDB (an ARCHIVE audit table, ROCKSDB); none by default: "
                            "MySQLTuner and BlueKing's engine item report every non-InnoDB table (catalog MY-OBJ-02)"),
    ),
    judge=judge,
    messages={
        "ok": T("Every user table is InnoDB", "所有业务表均为 InnoDB 引擎"),
        "ok_accepted": T("No user table outside InnoDB except {accepted} in accepted engines",
                         "除 {accepted} 张使用已接受引擎的表外，所有业务表均为 InnoDB"),
        "problem": T("{count} user table(s) not in InnoDB, e.g. {table_schema}.{table_name} ({engine}; {engine_tables} "
                     "table(s) in {engine}): no transactions and no crash recovery (MyISAM, Aria), emptied by a restart "
                     "(MEMORY), and a consistent backup must lock them",
                     "{count} 张业务表未使用 InnoDB，例如 {table_schema}.{table_name}（{engine}；{engine} 引擎共 {engine_tables} 张）："
                     "MyISAM、Aria 不支持事务且崩溃后无法自动恢复，MEMORY 表重启即清空，一致性备份时还必须为它们加锁"),
        "galera": T("{count} user table(s) not in InnoDB on a Galera node, e.g. {table_schema}.{table_name} ({engine}): "
                    "Galera replicates InnoDB only, so changes to these tables are not replicated to the other nodes "
                    "unless wsrep_mode includes REPLICATE_MYISAM / REPLICATE_ARIA (MariaDB 10.6+, experimental)",
                    "Galera 节点上有 {count} 张业务表未使用 InnoDB，例如 {table_schema}.{table_name}（{engine}）："
                    "Galera 只复制 InnoDB 表，除非 wsrep_mode 包含 REPLICATE_MYISAM / REPLICATE_ARIA（MariaDB 10.6+，实验性），"
                    "对这些表的修改不会同步到其他节点"),
        "unreadable": T("{table_schema}.{table_name}: its storage engine cannot be read ({problem}) — the table cannot be "
                        "opened; {count} table(s) outside InnoDB in all",
                        "{table_schema}.{table_name}：无法识别其存储引擎（{problem}），该表无法打开；共 {count} 张非 InnoDB 表"),
    },
    remediation=RemediationSpec(
        text=T("Convert each table to InnoDB in a maintenance window (the ALTER copies the table; for large ones use an "
               "online schema-change tool such as pt-online-schema-change or gh-ost). Check first that the application "
               "does not rely on MyISAM-only behaviour (FULLTEXT before 5.6, COUNT(*) speed, MERGE tables); a MEMORY "
               "table that must survive restarts needs InnoDB too. A table whose engine cannot be read: find the missing "
               "engine plugin (SHOW ENGINES) or restore the table from backup.",
               "在维护窗口内将每张表转换为 InnoDB（ALTER 会复制整表；大表请使用 pt-online-schema-change 或 gh-ost 等在线变更工具）。"
               "先确认应用不依赖 MyISAM 特有的行为（5.6 之前的 FULLTEXT、COUNT(*) 速度、MERGE 表）；需要在重启后保留数据的 "
               "MEMORY 表同样应改为 InnoDB。无法识别引擎的表：查找缺失的引擎插件（SHOW ENGINES）或从备份恢复该表。"),
        commands={
            "mysql": ["SELECT table_schema, table_name, engine FROM information_schema.TABLES WHERE engine <> 'InnoDB' "
                      "AND table_schema NOT IN ('mysql','sys','performance_schema','information_schema');",
                      "ALTER TABLE <schema>.<table> ENGINE=InnoDB;  -- copies the table: in a maintenance window",
                      "pt-online-schema-change --alter 'ENGINE=InnoDB' D=<schema>,t=<table> --execute"],
            "mariadb": ["SELECT table_schema, table_name, engine FROM information_schema.TABLES WHERE engine <> 'InnoDB' "
                        "AND table_schema NOT IN ('mysql','sys','performance_schema','information_schema');",
                        "ALTER TABLE <schema>.<table> ENGINE=InnoDB;  -- copies the table: in a maintenance window",
                        "SHOW ENGINES;  -- a table with no engine: is its plugin loaded?"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/converting-tables-to-innodb.html",
                    "https://mariadb.com/kb/en/mariadb-galera-cluster-known-limitations/",
                    "https://github.com/major/MySQLTuner-perl"],
    ),
    timeout_s=10,
)
