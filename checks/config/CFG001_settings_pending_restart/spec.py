from checks.judges import any_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG001",
    name="settings_pending_restart",
    title=T("Configuration changes waiting for a restart (pg_settings.pending_restart)",
            "配置变更等待重启才能生效（pg_settings.pending_restart）"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="9.5", privilege="pg_read_all_settings")},
    columns=("name", "setting", "unit", "shown", "context", "source", "sourcefile", "sourceline", "pending_restart"),
    object_key=("name",),
    # PMM postgresql_config_changes_need_restart (severity warning): any row of pg_settings with
    # pending_restart; no threshold — one setting waiting is already a configuration not in force.
    judge=any_row(Outcome.WARNING, problem="pending"),
    messages={
        "ok": T("No setting is waiting for a restart: the configuration files and the running server agree on "
                "every postmaster-level setting",
                "没有等待重启的设置：配置文件与运行中的服务器在所有需重启生效的参数上一致"),
        "pending": T("{count} setting(s) changed in the configuration files but applied only at the next restart, "
                     "e.g. {name} (still running with {shown}): the server does not run the "
                     "configuration on disk, and the next restart changes its behaviour",
                     "{count} 项设置已在配置文件中修改，但要到下次重启才生效，例如 {name}（仍以 {shown} 运行）："
                     "服务器运行的不是磁盘上的配置，下次重启会改变其行为"),
    },
    remediation=RemediationSpec(
        text=T("Restart the server in a maintenance window to apply the pending values (pg_ctl restart / systemctl "
               "restart postgresql@<version>-<cluster>), or put the old value back in the file (ALTER SYSTEM RESET "
               "<name>, or edit postgresql.conf) and reload if the change was not meant. A reload does not apply "
               "these settings; check the pending value first (SHOW only shows the running one: see pg_file_settings "
               "or CFG002).",
               "在维护窗口重启服务器以应用待生效的值（pg_ctl restart / systemctl restart postgresql@<版本>-<集群>）；若该修改"
               "并非有意，则把文件中的值改回（ALTER SYSTEM RESET <参数>，或编辑 postgresql.conf）并重新加载。重新加载不会应用"
               "这些设置；请先确认待生效的值（SHOW 只显示当前运行值，可查看 pg_file_settings 或 CFG002）。"),
        commands={"postgresql": [
            "SELECT sourcefile, sourceline, name, setting FROM pg_file_settings WHERE name = '<name>';  -- the pending value",
            "pg_ctl restart -D <data directory> -m fast  -- applies it (a restart: sessions are disconnected)",
            "ALTER SYSTEM RESET <name>; SELECT pg_reload_conf();  -- or drop an ALTER SYSTEM change not meant",
        ]},
        references=["https://www.postgresql.org/docs/current/view-pg-settings.html",
                    "https://www.postgresql.org/docs/current/config-setting.html"],
    ),
    timeout_s=5,
)
