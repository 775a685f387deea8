from checks.judges import num, rows_judge, uses, with_sql_total
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, ctx):
    return Outcome.WARNING, "unindexed"


_rows = with_sql_total(rows_judge([], problem="unindexed", flag=_rate))


@uses("min_rows", "excluded_owners")
def judge(rows, th, ctx):
    skip = {str(o).upper() for o in th["excluded_owners"].value or ()}
    floor = th["min_rows"].value or 0
    # NULL NUM_ROWS (never analyzed) is kept: unknown is not small.
    kept = [r for r in rows if str(r.get("owner") or "").upper() not in skip
            and (num(r.get("num_rows")) is None or num(r.get("num_rows")) >= floor)]
    if len(kept) < len(rows):  # the SQL's total counts what the site's filters dropped: recount
        kept = [{**r, "total": len(kept)} for r in kept]
    verdict = _rows(kept, th, ctx)
    verdict.params["min_rows"] = floor
    return verdict


SPEC = CheckSpec(
    code="OBJ011",
    name="foreign_keys_without_index",
    title=T("Oracle foreign keys without an index", "Oracle 外键缺少索引"),
    category="objects",
    tier="weekly",
    engines={"oracle": EngineSupport(min_version="19", container="pdb",
                                     privilege="SELECT ON DBA_CONSTRAINTS, SELECT ON DBA_CONS_COLUMNS, "
                                               "SELECT ON DBA_IND_COLUMNS, SELECT ON DBA_TABLES, SELECT ON DBA_USERS")},
    columns=("owner", "table_name", "constraint_name", "columns", "parent_table", "num_rows", "total"),
    thresholds=(
        Threshold(name="min_rows", unit="rows", kind="guard", value=1000,
                  rationale="child tables with fewer rows (NUM_ROWS at the last statistics) are left out: the full "
                            "scan under the table lock is brief there. Ours; catalog ORA-OBJ-13 names none"),
        Threshold(name="excluded_owners", unit="schema", kind="list", value=(),
                  rationale="schemas a site accepts unindexed foreign keys in (parents never deleted or re-keyed); "
                            "none by default"),
    ),
    judge=judge,
    object_key=("owner", "constraint_name"),
    messages={
        "ok": T("Every foreign key on a child table of {min_rows} rows or more has an index leading with its columns",
                "所有行数不少于 {min_rows} 的子表上的外键都有以其列开头的索引"),
        "unindexed": T("Foreign key {owner}.{constraint_name} on {table_name} ({columns}, parent {parent_table}, "
                       "{num_rows} rows) has no index leading with its columns; {total} such foreign key(s): deleting "
                       "or re-keying a parent row locks and scans the whole child table",
                       "{table_name} 上的外键 {owner}.{constraint_name}（{columns}，父表 {parent_table}，{num_rows} 行）"
                       "没有以其列开头的索引；共 {total} 个：删除父表行或修改其主键会锁住并扫描整张子表"),
    },
    remediation=RemediationSpec(
        text=T("Create an index whose leading columns are the foreign key's columns (in the application's index "
               "tablespace), unless the parent's key is never updated and its rows never deleted. CREATE INDEX … "
               "ONLINE (Enterprise Edition) lets DML go on while it builds, but waits for the transactions open on "
               "the table when it starts and ends, and needs room for the index and a journal: run it off-peak "
               "with a DDL_LOCK_TIMEOUT; without ONLINE the build blocks all DML on the table.",
               "创建以外键列为前导列的索引（放在应用的索引表空间），除非父表主键从不更新且从不删除父表行。CREATE INDEX … "
               "ONLINE（企业版）在创建期间允许 DML，但开始和结束时要等待该表上已打开的事务，并需要索引及日志表的空间："
               "请在业务低峰期并设置 DDL_LOCK_TIMEOUT 执行；不带 ONLINE 时创建期间会阻塞该表的所有 DML。"),
        commands={"oracle": ["CREATE INDEX <owner>.<table>_<cols>_FK_IX ON <owner>.<table> (<fk columns>) ONLINE "
                             "TABLESPACE <index_ts>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/data-concurrency-and-consistency.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_CONS_COLUMNS.html"],
    ),
    timeout_s=60,
)
