from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG008",
    name="logging_settings_off",
    title=T("Diagnostic logging off (slow statements, checkpoints, autovacuum, lock waits, temp files)",
            "诊断日志未开启（慢语句、检查点、自动清理、锁等待、临时文件）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("name", "setting", "unit", "shown", "source"),
    object_key=("name",),
    thresholds=(
        Threshold(name="on", unit="value", kind="list", value=("on",),
                  rationale="PMM postgresql_log_checkpoints (warning when off); log_lock_waits records waits longer "
                            "than deadlock_timeout (catalog PG-CFG-08), the evidence lock problems need"),
        Threshold(name="slow_min_ms", unit="ms", kind="guard", value=1,
                  rationale="PMM postgresql_logging_recommendation_checks: -1 disables the slow-statement log and 0 "
                            "logs every statement ('excessive logging IO'); pg-healthcheck G04-009 flags -1"),
        Threshold(name="slow_max_ms", unit="ms", kind="guard", value=10000,
                  rationale="PMM postgresql_logging_recommendation_checks: above 10 s 'seems high and may not log all "
                            "intended queries'"),
        Threshold(name="enabled_min", unit="ms or kB", kind="guard", value=0,
                  rationale="PMM postgresql_log_autovacuum_min_duration (warning at -1) and "
                            "postgresql_logging_recommendation_checks (log_temp_files < 0 is disabled)"),
    ),
    judge=expected_settings(
        Expect("log_min_duration_statement", min="slow_min_ms", max="slow_max_ms", message="slow"),
        Expect("log_checkpoints", allowed="on", message="off"),
        Expect("log_lock_waits", allowed="on", message="off"),
        Expect("log_autovacuum_min_duration", min="enabled_min", message="off"),
        Expect("log_temp_files", min="enabled_min", message="off"),
    ),
    messages={
        "ok": T("The server log records slow statements, checkpoints, autovacuum runs, lock waits and temporary files "
                "({total} settings read)",
                "服务器日志会记录慢语句、检查点、自动清理、锁等待与临时文件（读取 {total} 项设置）"),
        "slow": T("log_min_duration_statement = {shown} (expected {expected} ms): slow statements are not logged as "
                  "evidence (-1: off; 0: every statement, flooding the log); {count} setting(s) at fault",
                  "log_min_duration_statement = {shown}（应为 {expected} ms）：慢语句没有按预期记入日志（-1 为关闭；0 记录所有"
                  "语句，日志泛滥）；共 {count} 项设置有问题"),
        "off": T("{name} = {shown} (expected {expected}{unit}): the server log keeps no record of it, so problems of "
                 "that kind leave no evidence; {count} setting(s) at fault",
                 "{name} = {shown}（应为 {expected}{unit}）：服务器日志不记录此类事件，相关问题无据可查；共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("All are reloadable (ALTER SYSTEM + pg_reload_conf(), no restart): log_min_duration_statement to a "
               "value in the bounds (e.g. 1s–5s), log_checkpoints and log_lock_waits on, log_autovacuum_min_duration "
               "(e.g. 10min, the default from 15) and log_temp_files (0: every temporary file, or a size in kB).",
               "均可重新加载生效（ALTER SYSTEM + pg_reload_conf()，无需重启）：log_min_duration_statement 设为范围内的值（如 "
               "1s–5s），开启 log_checkpoints 与 log_lock_waits，设置 log_autovacuum_min_duration（如 10min，15 起的默认值）"
               "和 log_temp_files（0 记录所有临时文件，或以 kB 为单位的阈值）。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET log_min_duration_statement = '2s';",
            "ALTER SYSTEM SET log_checkpoints = on;",
            "ALTER SYSTEM SET log_lock_waits = on;",
            "ALTER SYSTEM SET log_autovacuum_min_duration = '10min';",
            "ALTER SYSTEM SET log_temp_files = 0;",
            "SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/runtime-config-logging.html"],
    ),
    timeout_s=5,
)
