from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _size(v: float) -> str:
    return f"{v / 1024 ** 3:.1f} GB" if v >= 1024 ** 3 else f"{v / 1024 ** 2:.0f} MB"


@uses("coverage_pct")
def judge(rows, th, ctx) -> Verdict:
    """MySQLTuner 'InnoDB buffer pool / data size': the buffer pool should hold all InnoDB data and indexes
    (innodb_buffer_pool_size >= data size); the coverage (pool / data, %) is judged against coverage_pct."""
    row = rows[0] if rows else {}
    bp, data = num(row.get("buffer_pool_bytes")) or 0, num(row.get("innodb_data_bytes")) or 0
    coverage = round(100 * bp / data, 1) if data else None
    params = {**row, "buffer_pool": _size(bp), "data": _size(data), "coverage": coverage if coverage is not None else "n/a"}
    outcome = th["coverage_pct"].classify(coverage)
    return Verdict(outcome=outcome, message="small" if outcome is not Outcome.OK else "ok", params=params, evidence=rows)


SPEC = CheckSpec(
    code="CFG031",
    name="buffer_pool_below_data",
    title=T("InnoDB buffer pool smaller than the InnoDB data it caches", "InnoDB 缓冲池小于其缓存的 InnoDB 数据量"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW VIEW"),
        "mariadb": EngineSupport(min_version="10.3", privilege="SELECT ON mysql.innodb_table_stats"),
    },
    columns=("buffer_pool_bytes", "innodb_data_bytes", "innodb_tables"),
    thresholds=(
        Threshold(name="coverage_pct", unit="% of InnoDB data", warning=100, critical=None, direction="below",
                  rationale="MySQLTuner ('InnoDB buffer pool / data size'; adjust innodb_buffer_pool_size >= data size): "
                            "a pool smaller than the data reads from disk what does not fit. Against RAM: CFG032"),
    ),
    judge=judge,
    messages={
        "ok": T("The buffer pool ({buffer_pool}) holds all InnoDB data and indexes ({data}, {innodb_tables} tables; "
                "{coverage} %)", "缓冲池（{buffer_pool}）可容纳全部 InnoDB 数据与索引（{data}，{innodb_tables} 张表；{coverage}%）"),
        "small": T("The buffer pool ({buffer_pool}) is {coverage} % of the InnoDB data and indexes ({data}, "
                   "{innodb_tables} tables): what does not fit is read from disk (MySQLTuner wants it at least the "
                   "data size, RAM permitting: CFG032)",
                   "缓冲池（{buffer_pool}）仅为 InnoDB 数据与索引（{data}，{innodb_tables} 张表）的 {coverage}%：容纳不下的部分"
                   "需从磁盘读取（MySQLTuner 建议在内存允许时不小于数据量，见 CFG032）"),
    },
    remediation=RemediationSpec(
        text=T("Grow innodb_buffer_pool_size toward the data size while it stays within RAM (about 75-80 % of a "
               "dedicated host; CFG032). It is dynamic on MySQL 8 and MariaDB (resized online in chunks): MySQL 8 "
               "SET PERSIST; MariaDB SET GLOBAL and the config file.",
               "在不超出内存的前提下（专用主机约 75%-80%，见 CFG032）把 innodb_buffer_pool_size 调大到接近数据量。MySQL 8 与 "
               "MariaDB 均可在线调整（按块调整）：MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL 并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST innodb_buffer_pool_size = <bytes>;  -- resized online in chunks"],
            "mariadb": ["SET GLOBAL innodb_buffer_pool_size = <bytes>;", "# my.cnf [mariadb]: innodb_buffer_pool_size = <size>"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/innodb-buffer-pool-resize.html",
                    "https://mariadb.com/kb/en/innodb-buffer-pool/"],
    ),
    timeout_s=10,
)
