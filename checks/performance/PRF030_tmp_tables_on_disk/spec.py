from checks.judges import uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def share(row) -> dict:
    return {"tmp_disk_pct": pct(row.get("tmp_disk_tables"), row.get("tmp_tables"))}


@uses("tmp_disk_pct", "min_tmp_tables_per_day")
def judge(rows, th, ctx) -> Verdict:
    v = rated(rows, th, value="tmp_disk_pct", threshold="tmp_disk_pct", activity="tmp_tables",
              floor="min_tmp_tables_per_day", compute=share)
    if v.message == "problem" and str(rows[0].get("tmp_mem_engine") or "").lower() == "temptable":
        # MySQL 8's TempTable: max_heap_table_size caps nothing here; name the limits that do
        v = v.model_copy(update={"message": "problem_temptable"})
    return v


# Over the window: Created_tmp_tables / Created_tmp_disk_tables from my.status snapshots; the share recomputed.
# dbpatrol's own (measured on MariaDB 10.11, docs/reviews/mysql-perf-review.md S1: a snapshot makes 5 temporary tables,
# 1 on disk; an annual-tier inspection ~260-340, ~90 on disk) is taken out of the deltas: each writer stores its
# session's counters with its snapshot and checks.window.own_share subtracts them, so an idle server's window holds 0
# however often it is sampled (checks/performance/test_my_own_share.py). The cumulative basis subtracts this session's.
WINDOW = WindowSpec(source="my.status", counters={"tmp_tables": "created_tmp_tables",
                                                   "tmp_disk_tables": "created_tmp_disk_tables"}, derive=share)

SPEC = CheckSpec(
    code="PRF030",
    name="tmp_tables_on_disk",
    title=T("Many internal temporary tables go to disk", "内部临时表大量落盘"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("tmp_tables", "tmp_disk_tables", "tmp_table_size", "max_heap_table_size", "tmp_mem_engine",
             "temptable_max_ram", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="tmp_disk_pct", unit="% of temporary tables", warning=25, critical=50, direction="above",
                  rationale="MySQLTuner warns above 25 % of temporary tables on disk and its health score gives full "
                            "marks under 10 % (catalog MY-PERF-03); 50 % critical is dbpatrol's: half of them on disk. "
                            "PMM's mysql_performance_temp_ondisk_table_high is far stricter (warning above 1 %, error "
                            "above 5 %, since the start): not taken, as dbpatrol's own information_schema reads make about "
                            "a quarter of theirs on disk (MariaDB 10.11, measured)"),
        Threshold(name="min_tmp_tables_per_day", unit="temporary tables/day", kind="guard", value=1000,
                  rationale="below 1,000 temporary tables a day (and a day's worth at least) the share is a few "
                            "queries' and dbpatrol's own (measured on MariaDB 10.11: 5 a snapshot, 1 on disk; ~750 a day, a quarter "
                            "on disk, with a snapshot every 15 minutes and one inspection a day): not rated"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{tmp_disk_tables} of {tmp_tables} internal temporary tables went to disk {basis}: {value}% "
                    "(threshold {tmp_disk_pct_warning}%)",
                    "{basis}内部临时表 {tmp_tables} 个中 {tmp_disk_tables} 个落盘：{value}%（阈值 {tmp_disk_pct_warning}%）"),
            "problem": T("{value}% of internal temporary tables went to disk {basis}: {tmp_disk_tables} of {tmp_tables} "
                         "(threshold {tmp_disk_pct_warning}%); tmp_table_size {tmp_table_size}, max_heap_table_size "
                         "{max_heap_table_size} bytes",
                         "{basis}{value}% 的内部临时表落盘：{tmp_tables} 个中 {tmp_disk_tables} 个（阈值 "
                         "{tmp_disk_pct_warning}%）；tmp_table_size {tmp_table_size}，max_heap_table_size "
                         "{max_heap_table_size} 字节"),
            "problem_temptable": T("{value}% of internal temporary tables went to disk {basis}: {tmp_disk_tables} of "
                                   "{tmp_tables} (threshold {tmp_disk_pct_warning}%); TempTable engine: tmp_table_size "
                                   "{tmp_table_size} bytes a table, temptable_max_ram {temptable_max_ram} bytes for all",
                                   "{basis}{value}% 的内部临时表落盘：{tmp_tables} 个中 {tmp_disk_tables} 个（阈值 "
                                   "{tmp_disk_pct_warning}%）；TempTable 引擎：单表 tmp_table_size {tmp_table_size} 字节，"
                                   "全部临时表 temptable_max_ram {temptable_max_ram} 字节"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_tmp_tables_per_day} internal temporary tables a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_tmp_tables_per_day} 个内部临时表（至少按一天计）"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Find the statements that make disk temporary tables (performance_schema digests: "
               "SUM_CREATED_TMP_DISK_TABLES, check PRF040) and fix them first: an index for the GROUP BY / ORDER BY, "
               "fewer TEXT/BLOB columns in the result (they force a disk table on MariaDB and before MySQL 8.0.13). "
               "Only then size the in-memory limit, with the memory it costs: each temporary table may grow to it, so "
               "the peak is about the sessions making one at once times the limit, on top of the buffer pool and the "
               "per-connection buffers. MariaDB: the smaller of tmp_table_size and max_heap_table_size caps each "
               "in-memory table; raise both together. MySQL 8 (internal_tmp_mem_storage_engine = TempTable, the "
               "default): max_heap_table_size does not apply; tmp_table_size caps each table (8.0.28+) and "
               "temptable_max_ram caps all of them together before they overflow to memory-mapped files or InnoDB "
               "on disk (temptable_max_mmap). <bytes> below is the value that arithmetic gives, not a default.",
               "先找出产生磁盘临时表的语句（performance_schema 摘要的 SUM_CREATED_TMP_DISK_TABLES，见 PRF040）并优化："
               "为 GROUP BY / ORDER BY 建索引，结果中少用 TEXT/BLOB 列（MariaDB 及 MySQL 8.0.13 之前会强制使用磁盘临时表）。"
               "之后再按内存代价设置内存上限：每个临时表都可能增长到该上限，峰值约为同时使用临时表的会话数 × 上限，"
               "另加缓冲池与每连接缓冲区。MariaDB：每个内存临时表受 tmp_table_size 与 max_heap_table_size 中较小者限制，"
               "两者需同时调大。MySQL 8（internal_tmp_mem_storage_engine = TempTable，默认）：max_heap_table_size 不起作用；"
               "tmp_table_size 限制单个临时表（8.0.28+），temptable_max_ram 限制所有临时表的总内存，超出后溢出到内存映射文件"
               "或 InnoDB 磁盘表（temptable_max_mmap）。下面的 <bytes> 是按上述计算得到的值，而非默认值。"),
        commands={
            "mysql": ["SELECT schema_name, digest_text, sum_created_tmp_disk_tables FROM performance_schema."
                      "events_statements_summary_by_digest ORDER BY sum_created_tmp_disk_tables DESC LIMIT 10;",
                      "SELECT @@internal_tmp_mem_storage_engine, @@tmp_table_size, @@temptable_max_ram, "
                      "@@temptable_max_mmap;",
                      "SET PERSIST tmp_table_size = <bytes>; SET PERSIST temptable_max_ram = <bytes>;"],
            "mariadb": ["SELECT schema_name, digest_text, sum_created_tmp_disk_tables FROM performance_schema."
                        "events_statements_summary_by_digest ORDER BY sum_created_tmp_disk_tables DESC LIMIT 10;  "
                        "-- performance_schema = ON (restart)",
                        "SET GLOBAL tmp_table_size = <bytes>; SET GLOBAL max_heap_table_size = <bytes>;",
                        "# my.cnf [mariadb]: tmp_table_size = <size>, max_heap_table_size = <size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/internal-temporary-tables.html",
                    "https://mariadb.com/kb/en/server-system-variables/#tmp_table_size"],
    ),
    timeout_s=5,
)
