from checks.judges import num, uses
from checks.performance._mycounters import NO_ROW, messages, pct, rated
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, WindowSpec


def share(row) -> dict:
    total = (num(row.get("sorts")) or 0) + (num(row.get("range_sorts")) or 0)
    return {"all_sorts": total, "merge_pct": pct(row.get("merge_passes"), total)}


@uses("merge_pct", "min_sorts_per_day")
def judge(rows, th, ctx) -> Verdict:
    return rated(rows, th, value="merge_pct", threshold="merge_pct", activity="all_sorts", floor="min_sorts_per_day",
                 compute=share)


# Over the window: Sort_scan, Sort_range and Sort_merge_passes from my.status snapshots.
WINDOW = WindowSpec(source="my.status", counters={"sorts": "sort_scan", "range_sorts": "sort_range",
                                                   "merge_passes": "sort_merge_passes"}, derive=share)

SPEC = CheckSpec(
    code="PRF034",
    name="sort_merge_passes",
    title=T("Sorts spill to temporary files (sort merge passes)", "排序溢出到临时文件（排序合并次数多）"),
    category="performance",
    tier="semiannual",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", window=WINDOW),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", window=WINDOW),
    },
    columns=("sorts", "range_sorts", "merge_passes", "sort_buffer_size", "counters_since", "days_since"),
    basis="cumulative",
    thresholds=(
        Threshold(name="merge_pct", unit="merge passes per 100 sorts", warning=10, critical=50, direction="above",
                  rationale="MySQLTuner warns when sorts requiring temporary tables (Sort_merge_passes against "
                            "Sort_scan + Sort_range) exceed 10 % (catalog MY-PERF-07); 50 % critical is dbpatrol's"),
        Threshold(name="min_sorts_per_day", unit="sorts/day", kind="guard", value=1000,
                  rationale="below 1,000 sorts a day (and a day's worth at least) one report's big sort decides the "
                            "share: not rated"),
    ),
    judge=judge,
    messages={
        **messages({
            "ok": T("{merge_passes} sort merge passes for {all_sorts} sorts {basis}: {value} per 100 sorts "
                    "(threshold {merge_pct_warning})",
                    "{basis}{all_sorts} 次排序中排序合并 {merge_passes} 次：每 100 次排序 {value} 次（阈值 "
                    "{merge_pct_warning}）"),
            "problem": T("sorts spilled to temporary files {basis}: {merge_passes} merge passes for {all_sorts} sorts, "
                         "{value} per 100 (threshold {merge_pct_warning}); sort_buffer_size {sort_buffer_size} bytes",
                         "{basis}排序溢出到临时文件：{all_sorts} 次排序合并 {merge_passes} 次，每 100 次 {value} 次（阈值 "
                         "{merge_pct_warning}）；sort_buffer_size {sort_buffer_size} 字节"),
            "too_little": T("not applicable (too little activity to rate): fewer than {min_sorts_per_day} sorts a day "
                            "{basis_plain}, a day's worth at least",
                            "不适用（活动太少，不评估）：{basis_plain}平均每天少于 {min_sorts_per_day} 次排序（至少按一天计）"),
        }),
        "no_row": NO_ROW,
    },
    remediation=RemediationSpec(
        text=T("Find the sorting statements (performance_schema digests: SUM_SORT_MERGE_PASSES, PRF040) and give them "
               "an index that returns rows in order, or fewer/smaller columns to sort. Raise sort_buffer_size only "
               "for the sessions that need it (SET SESSION): it is allocated per sort, and a large global value "
               "costs memory on every connection.",
               "找出排序语句（performance_schema 摘要的 SUM_SORT_MERGE_PASSES，见 PRF040），为其建立能按序返回的索引，或减少/缩小"
               "参与排序的列。仅为需要的会话调大 sort_buffer_size（SET SESSION）：它按每次排序分配，全局调大会增加每个连接的内存。"),
        commands={
            "mysql": ["SELECT schema_name, digest_text, sum_sort_merge_passes FROM performance_schema."
                      "events_statements_summary_by_digest ORDER BY sum_sort_merge_passes DESC LIMIT 10;"],
            "mariadb": ["SELECT schema_name, digest_text, sum_sort_merge_passes FROM performance_schema."
                        "events_statements_summary_by_digest ORDER BY sum_sort_merge_passes DESC LIMIT 10;"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/order-by-optimization.html",
                    "https://mariadb.com/kb/en/server-system-variables/#sort_buffer_size"],
    ),
    timeout_s=5,
)
