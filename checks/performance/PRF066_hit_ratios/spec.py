from checks.performance._oracle import BASIS_COLUMNS, messages_common, perf_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, SourcePath, T, Threshold

_RULE = ("rules of thumb, ours (catalog ORA-PERF-07 names no level; its anchor inspect4oracle reads "
         "DBA_HIST_SYSMETRIC_SUMMARY); a ratio is a symptom to read with PRF061/PRF062, not a goal — Oracle's "
         "Performance Tuning Guide 19c warns a high hit ratio does not mean the SQL is efficient")

SPEC = CheckSpec(
    code="PRF066",
    name="hit_ratios",
    title=T("Oracle buffer cache, library cache and soft parse ratios (AWR over the window, else the last minute)",
            "Oracle 缓冲区缓存、库缓存命中率与软解析率（AWR 窗口内，否则最近一分钟）"),
    category="performance",
    tier="semiannual",
    # root: instance-wide metrics (see PRF060)
    engines={"oracle": EngineSupport(
        container="root", min_version="19", privilege="SELECT ON V_$SYSMETRIC, SELECT ON V_$INSTANCE",
        paths=(SourcePath(name="awr", privilege="SELECT ON DBA_HIST_SNAPSHOT, SELECT ON DBA_HIST_SYSMETRIC_SUMMARY, "
                                                "SELECT ON V_$DATABASE"),))},
    columns=(*BASIS_COLUMNS, "basis_kind", "instance_number", "buffer_hit_pct", "worst_buffer_hit_pct", "library_hit_pct",
             "soft_parse_pct"),
    thresholds=(
        Threshold(name="buffer_hit_pct", unit="%", warning=90, critical=80, direction="below",
                  rationale="Buffer Cache Hit Ratio (V$SYSMETRIC) under 90 % / 80 %: " + _RULE),
        Threshold(name="library_hit_pct", unit="%", warning=95, critical=90, direction="below",
                  rationale="Library Cache Hit Ratio under 95 % / 90 %: SQL and PL/SQL reloaded or invalidated; " + _RULE),
        Threshold(name="soft_parse_pct", unit="%", warning=90, critical=80, direction="below",
                  rationale="Soft Parse Ratio under 90 % / 80 %: hard parsing, usually literals instead of binds; " + _RULE),
    ),
    judge=perf_judge([("buffer_hit_pct", "buffer_hit_pct"), ("library_hit_pct", "library_hit_pct"),
                      ("soft_parse_pct", "soft_parse_pct")], key="instance_number", problem="low"),
    messages={
        **messages_common(),
        "ok": T("Ratios healthy on {total} instance(s): buffer cache {buffer_hit_pct} % (worst interval {worst_buffer_hit_pct} %), "
                "library cache {library_hit_pct} %, soft parse {soft_parse_pct} % (instance {instance_number}; source: {basis_en})",
                "{total} 个实例的命中率正常：缓冲区缓存 {buffer_hit_pct} %（最差区间 {worst_buffer_hit_pct} %），库缓存 {library_hit_pct} %，"
                "软解析 {soft_parse_pct} %（实例 {instance_number}；来源：{basis_zh}）"),
        "low": T("Instance {instance_number}: buffer cache hit {buffer_hit_pct} % (worst interval {worst_buffer_hit_pct} %; "
                 "threshold {buffer_hit_pct_warning} %), library cache hit {library_hit_pct} % ({library_hit_pct_warning} %), "
                 "soft parse {soft_parse_pct} % ({soft_parse_pct_warning} %) (source: {basis_en})",
                 "实例 {instance_number}：缓冲区缓存命中率 {buffer_hit_pct} %（最差区间 {worst_buffer_hit_pct} %；阈值 "
                 "{buffer_hit_pct_warning} %），库缓存命中率 {library_hit_pct} %（{library_hit_pct_warning} %），软解析率 "
                 "{soft_parse_pct} %（{soft_parse_pct_warning} %）（来源：{basis_zh}）"),
    },
    remediation=RemediationSpec(
        text=T("Low buffer hit: find the SQL with the most physical reads (PRF062) before growing the cache (V$DB_CACHE_ADVICE "
               "estimates what a larger one saves). Low soft parse / library hit: statements built with literals — use "
               "bind variables in the application (CURSOR_SHARING=FORCE only as a stopgap), check shared pool size and "
               "invalidations (DDL, statistics gathering during the day).",
               "缓冲区命中率低：先找物理读最多的 SQL（PRF062），再考虑扩大缓存（V$DB_CACHE_ADVICE 可估算收益）。软解析率/库缓存命中率"
               "低：语句用字面量拼接——应用改用绑定变量（CURSOR_SHARING=FORCE 仅作临时措施），检查共享池大小及失效（白天执行 DDL、"
               "收集统计信息）。"),
        commands={"oracle": ["SELECT metric_name, ROUND(value, 2) AS value, metric_unit FROM v$sysmetric WHERE group_id = 2 "
                             "AND metric_name IN ('Buffer Cache Hit Ratio', 'Library Cache Hit Ratio', 'Soft Parse Ratio');"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-SYSMETRIC.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_HIST_SYSMETRIC_SUMMARY.html"],
    ),
    timeout_s=60,
    basis="current",
    object_key=("instance_number",),
)
