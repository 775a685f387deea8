from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("open_files_pct", "cache_hit_pct", "min_cache_requests")
def judge(rows, th, ctx) -> Verdict:
    """MySQLTuner's three limits: open files used of open_files_limit (> 85 %), table_definition_cache
    below the number of tables (-1: autosized), and the table open cache hit rate (< 20 %), rated once it
    has served min_cache_requests."""
    row = rows[0] if rows else {}
    n = lambda c: num(row.get(c)) or 0  # noqa: E731
    files_pct = round(100 * n("open_files") / n("open_files_limit"), 1) if n("open_files_limit") else 0.0
    requests = n("cache_hits") + n("cache_misses")
    hit_pct = round(100 * n("cache_hits") / requests, 1) if requests else None
    params = {**row, "files_pct": files_pct, "hit_pct": hit_pct if hit_pct is not None else "n/a"}
    bad: list[tuple[Outcome, str]] = []
    o = th["open_files_pct"].classify(files_pct)
    if o is not Outcome.OK:
        bad.append((o, "files"))
    tdc = n("table_definition_cache")
    if tdc >= 0 and num(row.get("table_definition_cache")) is not None and tdc < n("tables"):
        bad.append((Outcome.WARNING, "definitions"))
    min_req = th["min_cache_requests"].value or 0
    if hit_pct is not None and requests >= min_req:
        o = th["cache_hit_pct"].classify(hit_pct)
        if o is not Outcome.OK:
            bad.append((o, "cache"))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows)
    bad.sort(key=lambda b: -b[0].rank)
    return Verdict(outcome=bad[0][0], message=bad[0][1], params={**params, "count": len(bad)}, evidence=rows)


SPEC = CheckSpec(
    code="CFG041",
    name="file_and_table_cache_limits",
    title=T("Open files near open_files_limit, table caches too small", "打开文件数接近 open_files_limit，表缓存过小"),
    category="config",
    tier="monthly",
    basis="cumulative",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW"),
        "mariadb": EngineSupport(min_version="10.3", privilege="SHOW VIEW"),
    },
    columns=("open_files_limit", "open_files", "table_open_cache", "open_tables", "table_definition_cache", "tables",
             "cache_hits", "cache_misses"),
    thresholds=(
        Threshold(name="open_files_pct", unit="% of open_files_limit", warning=85, critical=None,
                  rationale="MySQLTuner: open file limit used above 85 % (raise open_files_limit / the OS nofile limit)"),
        Threshold(name="cache_hit_pct", unit="% hits", warning=20, critical=None, direction="below",
                  rationale="MySQLTuner: table cache hit rate below 20 % (raise table_open_cache)"),
        Threshold(name="min_cache_requests", unit="table opens", kind="guard", value=1000,
                  rationale="a hit rate over a few opens after a start says nothing; dbpatrol's floor"),
    ),
    judge=judge,
    messages={
        "ok": T("{open_files} of {open_files_limit} files open ({files_pct} %), {tables} tables within "
                "table_definition_cache {table_definition_cache}, table cache hit rate {hit_pct} %",
                "已打开 {open_files}/{open_files_limit} 个文件（{files_pct}%），{tables} 张表未超过 table_definition_cache "
                "{table_definition_cache}，表缓存命中率 {hit_pct}%"),
        "files": T("{open_files} of {open_files_limit} files are open ({files_pct} %, warning at {open_files_pct_warning} "
                   "%): at the limit new tables and connections fail with 'Too many open files'; {count} problem(s)",
                   "已打开 {open_files}/{open_files_limit} 个文件（{files_pct}%，{open_files_pct_warning}% 告警）：达到上限后打开"
                   "新表和连接将报 'Too many open files'；共 {count} 个问题"),
        "definitions": T("table_definition_cache {table_definition_cache} is below the {tables} tables the server "
                         "knows: table definitions are evicted and reread from the data dictionary; {count} problem(s)",
                         "table_definition_cache {table_definition_cache} 小于服务器已有的 {tables} 张表：表定义被逐出后需从数据字典"
                         "重新读取；共 {count} 个问题"),
        "cache": T("the table open cache hits {hit_pct} % of {cache_hits} + {cache_misses} opens (warning below "
                   "{cache_hit_pct_warning} %): table_open_cache {table_open_cache} is too small, tables are reopened "
                   "again and again; {count} problem(s)",
                   "表打开缓存命中率为 {hit_pct}%（命中 {cache_hits}，未命中 {cache_misses}；低于 {cache_hit_pct_warning}% 告警）："
                   "table_open_cache {table_open_cache} 过小，表被反复打开；共 {count} 个问题"),
    },
    remediation=RemediationSpec(
        text=T("Raise table_open_cache and table_definition_cache (dynamic) above the tables in use, and "
               "open_files_limit with the OS limit (systemd LimitNOFILE; a restart). MySQL 8: SET PERSIST; MariaDB: "
               "SET GLOBAL and the config file.",
               "把 table_open_cache 与 table_definition_cache（可在线修改）调到大于在用的表数，并同步提高 open_files_limit 与操作系统"
               "限制（systemd LimitNOFILE；需重启）。MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL 并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST table_open_cache = 4000;", "SET PERSIST table_definition_cache = 2000;",
                      "# systemd: LimitNOFILE=65535 in the mysqld unit, then open_files_limit in my.cnf and a restart"],
            "mariadb": ["SET GLOBAL table_open_cache = 4000;", "SET GLOBAL table_definition_cache = 2000;",
                        "# my.cnf [mariadb]: open_files_limit = 65535 (with systemd LimitNOFILE; restart)"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/table-cache.html",
                    "https://mariadb.com/kb/en/optimizing-table_open_cache/"],
    ),
    timeout_s=10,
)
