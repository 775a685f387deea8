from checks.judges import rows_judge, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome


def _rate(row, ctx):
    if row.get("published") and row.get("replica_identity") in ("d", "n"):
        return Outcome.CRITICAL, "published"  # logical replication refuses its UPDATEs and DELETEs
    if ctx.facts.get("galera"):
        return Outcome.CRITICAL, "galera"
    return Outcome.WARNING, "keyless_hint" if row.get("candidate_key") else "keyless"


# Severity: PMM mysql_tables_without_pk warns per table, MySQLTuner flags them, pg-healthcheck G06-010 lists
# them as INFO (catalog PG-OBJ-09, MY-OBJ-01): a warning here. Critical where a missing key breaks writes
# or replication outright: a PostgreSQL table published for UPDATE/DELETE without a replica identity, and
# any such table on a Galera node (MariaDB's Galera known limitations: DELETE is unsupported on tables
# without a primary key, and their rows may be ordered differently on each node).
SPEC = CheckSpec(
    code="OBJ024",
    name="tables_without_pk",
    title=T("Tables without a primary key", "缺少主键的表"),
    category="objects",
    tier="weekly",
    engines={
        "postgresql": EngineSupport(min_version="12", privilege="login"),
        # InnoDB's dictionary (INNODB_TABLES / INNODB_SYS_TABLES) needs PROCESS; sizes from the persistent statistics
        "mysql": EngineSupport(min_version="8.0", privilege="PROCESS, SELECT ON mysql.innodb_table_stats",
                               scope="instance"),
        "mariadb": EngineSupport(min_version="10.3", privilege="PROCESS, SELECT ON mysql.innodb_table_stats",
                                 scope="instance"),
    },
    columns=("schema_name", "table_name", "size_bytes", "est_rows", "replica_identity", "published", "candidate_key",
             "total"),
    object_key=("schema_name", "table_name"),
    scope="database",
    judge=with_sql_total(rows_judge([], problem="keyless", flag=_rate)),
    messages={
        "ok": T("Every table has a primary key", "所有表都有主键"),
        "keyless": T("{count} table(s) without a primary key; e.g. {schema_name}.{table_name} ({size_bytes} bytes, "
                     "about {est_rows} rows)",
                     "{count} 张表缺少主键；例如 {schema_name}.{table_name}（{size_bytes} 字节，约 {est_rows} 行）"),
        "keyless_hint": T("{count} table(s) without a primary key; e.g. {schema_name}.{table_name} ({size_bytes} bytes, "
                          "about {est_rows} rows), whose unique index {candidate_key} on NOT NULL columns could become it",
                          "{count} 张表缺少主键；例如 {schema_name}.{table_name}（{size_bytes} 字节，约 {est_rows} 行），"
                          "其 NOT NULL 列上的唯一索引 {candidate_key} 可直接升级为主键"),
        "published": T("Table {schema_name}.{table_name} has no primary key and no replica identity but is published "
                       "for UPDATE/DELETE: those statements on it fail ({count} table(s) without a primary key)",
                       "表 {schema_name}.{table_name} 没有主键也没有复制标识（replica identity），却在发布 UPDATE/DELETE "
                       "的逻辑复制发布中：对它的这些语句会直接报错（共 {count} 张表缺少主键）"),
        "galera": T("{count} table(s) without a primary key on a Galera node; e.g. {schema_name}.{table_name}: Galera "
                    "does not support DELETE on them and their rows may be ordered differently on each node",
                    "Galera 节点上有 {count} 张表缺少主键；例如 {schema_name}.{table_name}：Galera 不支持对此类表执行 DELETE，"
                    "且各节点上的行顺序可能不同"),
    },
    remediation=RemediationSpec(
        text=T("Give every table a primary key: promote an existing unique NOT NULL index, or add a surrogate key "
               "(an identity / AUTO_INCREMENT column) in a maintenance window — adding one rewrites the table. "
               "Until then a published PostgreSQL table needs REPLICA IDENTITY FULL or USING INDEX.",
               "为每张表建立主键：把已有的 NOT NULL 唯一索引升级为主键，或在维护窗口中增加代理主键（identity / AUTO_INCREMENT 列）"
               "——增加主键会重写整张表。在此之前，被发布的 PostgreSQL 表需设置 REPLICA IDENTITY FULL 或 USING INDEX。"),
        commands={
            "postgresql": [
                "ALTER TABLE <schema>.<table> ADD PRIMARY KEY USING INDEX <candidate_key>;",
                "ALTER TABLE <schema>.<table> ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;  -- rewrites",
                "ALTER TABLE <schema>.<table> REPLICA IDENTITY FULL;  -- meanwhile, for a published table",
            ],
            "mysql": ["ALTER TABLE <schema>.<table> ADD PRIMARY KEY (<not null unique columns>);",
                      "ALTER TABLE <schema>.<table> ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;",
                      "SET PERSIST sql_require_primary_key = ON;  -- new tables must have one"],
            "mariadb": ["ALTER TABLE <schema>.<table> ADD PRIMARY KEY (<not null unique columns>);",
                        "ALTER TABLE <schema>.<table> ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;",
                        "innodb_force_primary_key = ON  -- in the server config: new InnoDB tables must have one"],
        },
        references=["https://www.postgresql.org/docs/current/logical-replication-publication.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-index-types.html",
                    "https://mariadb.com/kb/en/mariadb-galera-cluster-known-limitations/"],
    ),
    timeout_s=10,
)
