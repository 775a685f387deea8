from checks.judges import uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def share(row) -> dict:
    return {"tmp_disk_pct": pct(row.get("tmp_disk_tables"), row.get("tmp_tables"))}


@uses("tmp_disk_pct", "min_tmp_tables_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="tmp_disk_pct", threshold="tmp_disk_pct", activity="tmp_tables",
                 floor="min_tmp_tables_per_day", compute=share)


# Over the window: Created_tmp_tables / Created_tmp_disk_tables from my.status snapshots; the share recomputed.
# The deltas hold the sampler's own (SAMPLER_NOTE: one disk table per snapshot on MariaDB, from reading
# SYSTEM_VARIABLES), 96 a day at the default 15 minutes: under the floor's 1,000 a day they are not rated alone,
# and above it they move the share by at most a few points.
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
    columns=("tmp_tables", "tmp_disk_tables", "tmp_table_size", "max_heap_table_size", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="tmp_disk_pct", unit="% of temporary tables", warning=25, critical=50, direction="above",
                  rationale="MySQLTuner warns above 25 % of temporary tables on disk and its health score gives full "
                            "marks under 10 % (catalog MY-PERF-03; PMM mysql_performance_temp_ondisk_table_high); 50 % "
                            "critical is dbpatrol's: half of them on disk"),
        Threshold(name="min_tmp_tables_per_day", unit="temporary tables/day", kind="guard", value=1000,
                  rationale="below 1,000 temporary tables a day (and a day's worth at least) the share is a few "
                            "queries' and the sampler's own (~4 a snapshot, one on disk on MariaDB): not rated"),
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
               "Then, if memory allows, raise tmp_table_size and max_heap_table_size together (the smaller one "
               "applies; per temporary table, so per session).",
               "先找出产生磁盘临时表的语句（performance_schema 摘要的 SUM_CREATED_TMP_DISK_TABLES，见 PRF040）并优化："
               "为 GROUP BY / ORDER BY 建索引，结果中少用 TEXT/BLOB 列（MariaDB 及 MySQL 8.0.13 之前会强制使用磁盘临时表）。"
               "内存允许时再同时调大 tmp_table_size 与 max_heap_table_size（取两者较小值；按每个临时表即每个会话计）。"),
        commands={
            "mysql": ["SELECT schema_name, digest_text, sum_created_tmp_disk_tables FROM performance_schema."
                      "events_statements_summary_by_digest ORDER BY sum_created_tmp_disk_tables DESC LIMIT 10;",
                      "SET PERSIST tmp_table_size = 67108864; SET PERSIST max_heap_table_size = 67108864;"],
            "mariadb": ["SELECT schema_name, digest_text, sum_created_tmp_disk_tables FROM performance_schema."
                        "events_statements_summary_by_digest ORDER BY sum_created_tmp_disk_tables DESC LIMIT 10;",
                        "SET GLOBAL tmp_table_size = 67108864; SET GLOBAL max_heap_table_size = 67108864;  "
                        "-- and in my.cnf [mariadb]"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/internal-temporary-tables.html",
                    "https://mariadb.com/kb/en/server-system-variables/#tmp_table_size"],
    ),
    timeout_s=5,
)
