from checks.judges import any_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG002",
    name="config_file_errors",
    title=T("Configuration file errors (pg_file_settings): the next restart fails", "配置文件存在错误（pg_file_settings）：下次重启将失败"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(
        min_version="9.5",
        privilege="SELECT ON pg_catalog.pg_file_settings, EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings()")},
    columns=("name", "setting", "sourcefile", "sourceline", "error"),
    object_key=("name",),
    # catalog PG-CFG-01 (pg_file_settings): an error line makes a reload apply nothing of its file and a
    # start end in FATAL "configuration file … contains errors" (PostgreSQL manual, pg_file_settings): any
    # row is CRITICAL — the instance would not come back after a restart or failover.
    judge=any_row(Outcome.CRITICAL, problem="errors"),
    messages={
        "ok": T("The configuration files parse without errors (pg_file_settings)", "配置文件解析无错误（pg_file_settings）"),
        "errors": T("{count} error(s) in the configuration files, e.g. {name} = '{setting}' at {sourcefile} line "
                    "{sourceline}: {error}. A reload applies nothing from that file and the next restart fails "
                    "(FATAL): the server would not come back",
                    "配置文件中有 {count} 处错误，例如 {sourcefile} 第 {sourceline} 行的 {name} = '{setting}'：{error}。"
                    "重新加载时该文件的任何修改都不会生效，下次重启将失败（FATAL），服务器无法恢复运行"),
    },
    remediation=RemediationSpec(
        text=T("Fix or remove the line named before anything restarts the server: an unknown parameter (a typo, or a "
               "library's setting whose library is not loaded), a value that does not parse. ALTER SYSTEM RESET fixes "
               "postgresql.auto.conf; edit postgresql.conf and its includes by hand. Then reload and confirm "
               "pg_file_settings shows no error and the server log says the parameters changed.",
               "在任何重启之前修正或删除所指的行：未知参数（拼写错误，或所属库未加载的参数）、无法解析的值。postgresql.auto.conf "
               "可用 ALTER SYSTEM RESET 修正；postgresql.conf 及其 include 文件需手工编辑。随后重新加载，并确认 "
               "pg_file_settings 不再显示错误、服务器日志显示参数已更改。"),
        commands={"postgresql": [
            "SELECT sourcefile, sourceline, name, setting, error FROM pg_file_settings WHERE error IS NOT NULL;",
            "ALTER SYSTEM RESET <name>;  -- when the line is in postgresql.auto.conf",
            "SELECT pg_reload_conf();  -- after fixing postgresql.conf by hand",
        ]},
        references=["https://www.postgresql.org/docs/current/view-pg-file-settings.html"],
    ),
    timeout_s=5,
)
