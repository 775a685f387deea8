from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG005",
    name="autovacuum_not_tuned",
    title=T("Autovacuum off or left at defaults (scale factors, cost delay)", "自动清理（autovacuum）关闭或保留默认值（比例因子、代价延迟）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "source"),
    object_key=("name",),
    thresholds=(
        Threshold(name="enabled", unit="value", kind="list", value=("on",),
                  rationale="PMM postgresql_vacuum_sanity_check ('WARNING! autovacuum is set to off … excessive table "
                            "bloat'); without track_counts autovacuum has no statistics to pick tables by (PostgreSQL "
                            "manual 25.1.6): CRITICAL, dead rows and wraparound vacuums pile up"),
        Threshold(name="vacuum_scale_factor_max", unit="fraction", kind="guard", value=0.1,
                  rationale="postgres-checkup F001 and PMM postgresql_vacuum_sanity_check flag the default 0.2 (a table "
                            "is vacuumed once 20 % of it is dead); pg-healthcheck G05-006 flags >= 0.2 and advises "
                            "0.01-0.05 for large tables: accepted up to 0.1"),
        Threshold(name="analyze_scale_factor_max", unit="fraction", kind="guard", value=0.05,
                  rationale="postgres-checkup F001 flags the default 0.1 (statistics lag behind 10 % of changes): "
                            "accepted up to 0.05"),
        Threshold(name="cost_delay_max_ms", unit="ms", kind="guard", value=10,
                  rationale="pg-healthcheck G05-008 warns above 10 ms (2 ms, the default since PostgreSQL 12, suits "
                            "SSDs); postgres-checkup F008 flags the pre-12 default 20 ms with the default cost limit"),
    ),
    judge=expected_settings(
        Expect("autovacuum", allowed="enabled", severity=Outcome.CRITICAL, message="off"),
        Expect("track_counts", allowed="enabled", severity=Outcome.CRITICAL, message="off"),
        Expect("autovacuum_vacuum_scale_factor", max="vacuum_scale_factor_max", message="scale"),
        Expect("autovacuum_analyze_scale_factor", max="analyze_scale_factor_max", message="scale"),
        Expect("autovacuum_vacuum_cost_delay", max="cost_delay_max_ms", message="delay"),
    ),
    messages={
        "ok": T("Autovacuum is on and tuned: scale factors and cost delay within the bounds ({total} settings read)",
                "自动清理已开启且已调优：比例因子与代价延迟均在范围内（读取 {total} 项设置）"),
        "off": T("{name} = {shown} (expected {expected}): autovacuum cannot clean dead rows or refresh statistics, "
                 "tables bloat and only emergency anti-wraparound vacuums run; {count} setting(s) at fault",
                 "{name} = {shown}（应为 {expected}）：自动清理无法清除死元组、更新统计信息，表持续膨胀，只剩紧急防回卷清理；"
                 "共 {count} 项设置有问题"),
        "scale": T("{name} = {shown} (expected {expected}): a table waits for that share of its rows to change before "
                   "autovacuum visits it, so large tables bloat and their statistics lag; {count} setting(s) at fault",
                   "{name} = {shown}（应为 {expected}）：表中要有该比例的行被修改后自动清理才会处理它，大表因此膨胀、统计信息滞后；"
                   "共 {count} 项设置有问题"),
        "delay": T("{name} = {shown} (expected {expected}{unit}): each autovacuum worker sleeps that long per cost "
                   "unit and falls behind on a busy server; {count} setting(s) at fault",
                   "{name} = {shown}（应为 {expected}{unit}）：每个自动清理进程每消耗一轮代价就休眠这么久，繁忙的服务器上会越落越后；"
                   "共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("Keep autovacuum and track_counts on. Lower the scale factors (e.g. 0.02-0.05 vacuum, 0.01-0.02 analyze, "
               "or per large table with ALTER TABLE … SET (autovacuum_vacuum_scale_factor = …)) and the cost delay "
               "(2 ms on SSDs). All are reloadable: ALTER SYSTEM + pg_reload_conf(), no restart.",
               "保持 autovacuum 与 track_counts 开启。调低比例因子（如清理 0.02-0.05、分析 0.01-0.02，或对大表单独 ALTER TABLE … "
               "SET (autovacuum_vacuum_scale_factor = …)）和代价延迟（SSD 上 2 ms）。均可重新加载生效：ALTER SYSTEM + "
               "pg_reload_conf()，无需重启。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET autovacuum = on;",
            "ALTER SYSTEM SET autovacuum_vacuum_scale_factor = 0.05;",
            "ALTER SYSTEM SET autovacuum_analyze_scale_factor = 0.02;",
            "ALTER SYSTEM SET autovacuum_vacuum_cost_delay = '2ms';",
            "SELECT pg_reload_conf();  -- a reload applies all of them",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-autovacuum.html",
                    "https://www.postgresql.org/docs/current/routine-vacuuming.html#AUTOVACUUM"],
    ),
    timeout_s=5,
)
