from checks.judges import num, pretty_bytes, rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _refused(row) -> bool:
    """Logical replication refuses the table's UPDATEs and DELETEs now. PostgreSQL's SQL says so in
    updates_refused (a partitioned table: some published leaf partition has no replica identity — the
    parent's own does not reach them); otherwise published without a replica identity."""
    if "updates_refused" in row:
        return bool(row.get("updates_refused"))
    return bool(row.get("published")) and row.get("replica_identity") in ("d", "n")


def _rate(row, ctx):
    if _refused(row):
        return Outcome.CRITICAL, "published_partitioned" if row.get("table_kind") == "p" else "published"
    if ctx.facts.get("galera"):
        return Outcome.CRITICAL, "galera"
    if ctx.facts.get("group_replication"):  # MySQL: a member refuses writes to them (ER_BEFORE_DML_VALIDATION_ERROR)
        return Outcome.CRITICAL, "group_replication"
    return Outcome.WARNING, "keyless_hint" if row.get("candidate_key") else "keyless"


_rows = with_sql_total(rows_judge([], problem="keyless", flag=_rate))


@uses()
def judge(rows, th, ctx) -> Verdict:
    verdict = _rows(rows, th, ctx)
    p = verdict.params
    est = num(p.get("est_rows"))
    p["size"] = pretty_bytes(p.get("size_bytes"))
    # est_rows NULL (PostgreSQL reltuples -1): never analysed, not "about -1 rows"
    p["rows"] = f"about {int(est):,} rows" if est is not None and est >= 0 else "never analysed, rows unknown"
    p["rows_zh"] = f"约 {int(est):,} 行" if est is not None and est >= 0 else "从未 ANALYZE，行数未知"
    return verdict


# Severity: PMM mysql_tables_without_pk warns per table, MySQLTuner flags them, pg-healthcheck
# internal/checks/g06_indexes.go G06-010 warns (NewWarn; its docs/check_reference.md numbers the row G06-005
# and lists it INFO) (catalog PG-OBJ-09, MY-OBJ-01): a warning here. Critical where a missing key breaks writes
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
        # primary only: the catalogs a standby replays are the primary's (one finding per cluster, not per node)
        "postgresql": EngineSupport(min_version="12", privilege="login", roles=("primary",)),
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
    # PostgreSQL's SQL also returns table_kind, updates_refused, blocked_partitions and blocked_names
    # (partitioned tables published through their partitions); the judge reads them where present.
    judge=judge,
    messages={
        "ok": T("Every table has a primary key", "所有表都有主键"),
        "keyless": T("{count} table(s) without a primary key; e.g. {schema_name}.{table_name} ({size}, {rows})",
                     "{count} 张表缺少主键；例如 {schema_name}.{table_name}（{size}，{rows_zh}）"),
        "keyless_hint": T("{count} table(s) without a primary key; e.g. {schema_name}.{table_name} ({size}, {rows}), "
                          "whose unique index {candidate_key} on NOT NULL columns could become it",
                          "{count} 张表缺少主键；例如 {schema_name}.{table_name}（{size}，{rows_zh}），"
                          "其 NOT NULL 列上的唯一索引 {candidate_key} 可直接升级为主键"),
        "published": T("Table {schema_name}.{table_name} has no primary key and no replica identity but is published "
                       "for UPDATE/DELETE: those statements on it fail ({count} table(s) without a primary key)",
                       "表 {schema_name}.{table_name} 没有主键也没有复制标识（replica identity），却在发布 UPDATE/DELETE "
                       "的逻辑复制发布中：对它的这些语句会直接报错（共 {count} 张表缺少主键）"),
        "published_partitioned": T("Partitioned table {schema_name}.{table_name} has no primary key and is published for "
                                   "UPDATE/DELETE through its partitions, {blocked_partitions} of which have no replica "
                                   "identity ({blocked_names}): those statements on their rows fail; the parent's "
                                   "REPLICA IDENTITY does not reach them ({count} table(s) without a primary key)",
                                   "分区表 {schema_name}.{table_name} 没有主键，其分区在发布 UPDATE/DELETE 的逻辑复制发布中，"
                                   "其中 {blocked_partitions} 个分区没有复制标识（{blocked_names}）：对这些分区中行的此类语句"
                                   "会直接报错；父表的 REPLICA IDENTITY 不会作用到分区（共 {count} 张表缺少主键）"),
        "group_replication": T("{count} table(s) without a primary key on a Group Replication member; e.g. "
                               "{schema_name}.{table_name}: Group Replication refuses every write to them (ERROR 3098, "
                               "the table does not comply with the requirements by an external plugin)",
                               "组复制成员上有 {count} 张表缺少主键；例如 {schema_name}.{table_name}：组复制拒绝对此类表的"
                               "一切写入（ERROR 3098，表不符合外部插件的要求）"),
        "galera": T("{count} table(s) without a primary key on a Galera node; e.g. {schema_name}.{table_name}: Galera "
                    "does not support DELETE on them and their rows may be ordered differently on each node",
                    "Galera 节点上有 {count} 张表缺少主键；例如 {schema_name}.{table_name}：Galera 不支持对此类表执行 DELETE，"
                    "且各节点上的行顺序可能不同"),
    },
    remediation=RemediationSpec(
        text=T("Give every table a primary key: promote an existing unique NOT NULL index, or add a surrogate key "
               "(an identity / AUTO_INCREMENT column) in a maintenance window — adding one rewrites the table. "
               "MySQL/MariaDB: promoting a NOT NULL unique key runs online (ALGORITHM=INPLACE, LOCK=NONE); an "
               "AUTO_INCREMENT column cannot be added with LOCK=NONE (measured on MariaDB 10.11: ERROR 1846, it takes "
               "LOCK=SHARED, writes blocked for the whole rebuild), and on a Galera node the ALTER runs in TOI and "
               "stalls the cluster: maintenance window. Add it INVISIBLE (MySQL 8.0.23+, MariaDB 10.3+) so that "
               "INSERT … VALUES without a column list and SELECT * keep working (measured: a positional two-column "
               "INSERT still succeeds); MySQL 8.0.30+ sql_generate_invisible_primary_key gives new tables one. "
               "Until then a published PostgreSQL table needs REPLICA IDENTITY FULL or USING INDEX. A partitioned "
               "PostgreSQL table: ADD PRIMARY KEY USING INDEX is refused on it, and ADD PRIMARY KEY (columns, the "
               "partition key among them) builds a new index on every partition under an ACCESS EXCLUSIVE lock "
               "(a maintenance window); meanwhile give each published partition listed (blocked_names) its own "
               "replica identity — REPLICA IDENTITY FULL, or a unique index built CONCURRENTLY on it and ADD PRIMARY "
               "KEY USING INDEX — since the parent's REPLICA IDENTITY does not reach its partitions.",
               "为每张表建立主键：把已有的 NOT NULL 唯一索引升级为主键，或在维护窗口中增加代理主键（identity / AUTO_INCREMENT 列）"
               "——增加主键会重写整张表。MySQL/MariaDB：把 NOT NULL 唯一键升级为主键可在线执行（ALGORITHM=INPLACE, LOCK=NONE）；"
               "增加 AUTO_INCREMENT 列不支持 LOCK=NONE（在 MariaDB 10.11 上实测：ERROR 1846，只能 LOCK=SHARED，重建期间阻塞写入），"
               "在 Galera 节点上该 ALTER 以 TOI 方式执行、会阻塞整个集群：须在维护窗口进行。应以 INVISIBLE 列增加（MySQL 8.0.23+、"
               "MariaDB 10.3+），使不带列名的 INSERT … VALUES 和 SELECT * 不受影响（实测：按位置插入两列的 INSERT 仍然成功）；"
               "MySQL 8.0.30+ 的 sql_generate_invisible_primary_key 为新建表自动生成主键。"
               "在此之前，被发布的 PostgreSQL 表需设置 REPLICA IDENTITY FULL 或 USING INDEX。"
               "PostgreSQL 分区表不支持 ADD PRIMARY KEY USING INDEX，ADD PRIMARY KEY（列中须包含分区键）会在 ACCESS EXCLUSIVE "
               "锁下为每个分区新建索引（需维护窗口）；在此之前应为所列的每个被发布分区（blocked_names）单独设置复制标识——"
               "REPLICA IDENTITY FULL，或在该分区上并发创建唯一索引后 ADD PRIMARY KEY USING INDEX——父表的 REPLICA IDENTITY "
               "不会作用到分区。"),
        commands={
            "postgresql": [
                "ALTER TABLE <schema>.<table> ADD PRIMARY KEY USING INDEX <candidate_key>;  -- an ordinary table",
                "ALTER TABLE <schema>.<table> ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;  -- rewrites",
                "ALTER TABLE <schema>.<table> REPLICA IDENTITY FULL;  -- meanwhile, for a published table",
                "-- a partitioned table (table_kind p): meanwhile, for each partition in blocked_names",
                "ALTER TABLE <schema>.<partition> REPLICA IDENTITY FULL;",
                "ALTER TABLE <schema>.<partitioned table> ADD PRIMARY KEY (<columns incl. the partition key>);  "
                "-- builds an index on every partition under an ACCESS EXCLUSIVE lock: maintenance window",
            ],
            "mysql": ["ALTER TABLE <schema>.<table> ADD PRIMARY KEY (<not null unique columns>), ALGORITHM=INPLACE, "
                      "LOCK=NONE;  -- online",
                      "ALTER TABLE <schema>.<table> ADD COLUMN my_row_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE "
                      "PRIMARY KEY FIRST, ALGORITHM=INPLACE, LOCK=SHARED;  -- 8.0.23+; blocks writes: maintenance window",
                      "SET PERSIST sql_generate_invisible_primary_key = ON;  -- 8.0.30+: new tables get an invisible one",
                      "SET PERSIST sql_require_primary_key = ON;  -- or: new tables must have one"],
            "mariadb": ["ALTER TABLE <schema>.<table> ADD PRIMARY KEY (<not null unique columns>), ALGORITHM=INPLACE, "
                        "LOCK=NONE;  -- online",
                        "ALTER TABLE <schema>.<table> ADD COLUMN my_row_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE "
                        "PRIMARY KEY FIRST, ALGORITHM=INPLACE, LOCK=SHARED;  -- blocks writes (Galera: the cluster): "
                        "maintenance window",
                        "innodb_force_primary_key = ON  -- in the server config: new InnoDB tables must have one"],
        },
        references=["https://www.postgresql.org/docs/current/logical-replication-publication.html",
                    "https://dev.mysql.com/doc/refman/8.0/en/innodb-index-types.html",
                    "https://mariadb.com/kb/en/mariadb-galera-cluster-known-limitations/"],
    ),
    timeout_s=10,
)
