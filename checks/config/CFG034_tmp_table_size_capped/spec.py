from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, parse_version, Verdict
from dbpatrol.results import Outcome

MB = 1024 * 1024


@uses()
def judge(rows, th, ctx) -> Verdict:
    """PMM mysql_config_tmp_table_size_limit: tmp_table_size above max_heap_table_size is capped at the
    latter for MEMORY temporary tables. On MySQL 8.0.28+ with the TempTable engine tmp_table_size alone
    limits an internal temporary table (MySQL manual, 'Internal Temporary Table Use'): not a fault there."""
    row = rows[0] if rows else {}
    tmp, heap = num(row.get("tmp_table_size")) or 0, num(row.get("max_heap_table_size")) or 0
    engine = str(row.get("tmp_engine") or "").upper()
    temptable = ctx.engine == "mysql" and engine == "TEMPTABLE" and parse_version(ctx.server_version or "0") >= (8, 0, 28)
    params = {**row, "tmp": f"{tmp / MB:g} MB", "heap": f"{heap / MB:g} MB", "engine": engine or "?"}
    if tmp > heap and not temptable:
        return Verdict(outcome=Outcome.WARNING, message="capped", params=params, evidence=rows[:EVIDENCE_LIMIT])
    return Verdict(outcome=Outcome.OK, message="temptable" if tmp > heap else "ok", params=params,
                   evidence=rows[:EVIDENCE_LIMIT])


SPEC = CheckSpec(
    code="CFG034",
    name="tmp_table_size_capped",
    title=T("tmp_table_size above max_heap_table_size (the larger value never applies)",
            "tmp_table_size 大于 max_heap_table_size（较大的值不会生效）"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("tmp_table_size", "max_heap_table_size", "tmp_engine"),
    # PMM mysql_config_tmp_table_size_limit (severity error: 'the Temp table size cannot be larger than Heap
    # table size'): a sizing mistake that wastes nothing and loses nothing, so WARNING here; no threshold.
    judge=judge,
    messages={
        "ok": T("In-memory temporary tables may grow to {tmp} (tmp_table_size) within max_heap_table_size {heap}",
                "内存临时表可增长到 {tmp}（tmp_table_size），未超过 max_heap_table_size {heap}"),
        "temptable": T("tmp_table_size {tmp} is above max_heap_table_size {heap}, but internal temporary tables use "
                       "TempTable (MySQL 8.0.28+), which tmp_table_size alone limits",
                       "tmp_table_size {tmp} 大于 max_heap_table_size {heap}，但内部临时表使用 TempTable 引擎（MySQL 8.0.28+），"
                       "仅受 tmp_table_size 限制"),
        "capped": T("tmp_table_size {tmp} is above max_heap_table_size {heap}: {engine} temporary tables are capped at "
                    "{heap} and go to disk sooner than the setting promises",
                    "tmp_table_size {tmp} 大于 max_heap_table_size {heap}：{engine} 临时表的上限实际为 {heap}，会比设置所示更早转到磁盘"),
    },
    remediation=RemediationSpec(
        text=T("Set max_heap_table_size to at least tmp_table_size (both dynamic; new sessions), or lower "
               "tmp_table_size to what is meant. MySQL 8: SET PERSIST; MariaDB: SET GLOBAL and the config file.",
               "把 max_heap_table_size 设为不小于 tmp_table_size（均可在线修改，对新会话生效），或把 tmp_table_size 调低到预期值。"
               "MySQL 8：SET PERSIST；MariaDB：SET GLOBAL 并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST max_heap_table_size = @@global.tmp_table_size;"],
            "mariadb": ["SET GLOBAL max_heap_table_size = @@global.tmp_table_size;",
                        "# my.cnf [mariadb]: max_heap_table_size = <tmp_table_size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/internal-temporary-tables.html",
                    "https://mariadb.com/kb/en/server-system-variables/#tmp_table_size"],
    ),
    timeout_s=5,
)
