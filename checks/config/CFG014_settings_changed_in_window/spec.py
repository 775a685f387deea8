from checks.config._drift.judge import judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG014",
    name="settings_changed_in_window",
    title=T("Settings changed inside the window (drift since the previous inspection)", "窗口内参数发生变更（自上次巡检以来的配置漂移）"),
    category="config",
    tier="monthly",
    basis="window",
    engines={"postgresql": EngineSupport(min_version="10", privilege="pg_read_all_settings")},
    columns=("name", "old_value", "new_value", "kind", "changed_after", "changed_by"),
    object_key=("name",),
    thresholds=(
        Threshold(name="ignored", unit="settings", kind="list", value=(),
                  rationale="pgwatch configuration_hashes / change_events and check_postgres settings_checksum report "
                            "every changed setting (catalog PG-CFG-02); list the ones a bank changes on purpose"),
    ),
    judge=judge,
    messages={
        "ok": T("No server-wide setting changed between {since} and now ({snapshots} settings snapshot(s) compared)",
                "自 {since} 至今没有全局参数发生变更（比较了 {snapshots} 个设置快照）"),
        "ok_reloaded": T("The configuration was reloaded at {reload}, and no server-wide setting changed between {since} "
                         "and now ({snapshots} settings snapshot(s) compared)",
                         "配置于 {reload} 重新加载，但自 {since} 至今没有全局参数发生变更（比较了 {snapshots} 个设置快照）"),
        "changed": T("{count} setting change(s) since {since}: {changes}. Review them against the change log "
                     "(text settings are stored as hashes: their old text is not kept)",
                     "自 {since} 起有 {count} 处参数变更：{changes}。请与变更记录核对（文本参数以散列保存，不保留旧文本）"),
    },
    remediation=RemediationSpec(
        text=T("Confirm each change was planned (change ticket); put back what was not (ALTER SYSTEM SET/RESET + reload, "
               "or postgresql.conf) and note what was. pg_settings' source/sourcefile say where each value comes from; "
               "changes waiting for a restart are CFG001's, file errors CFG002's.",
               "确认每项变更都有计划（变更单）；撤回未计划的变更（ALTER SYSTEM SET/RESET 并重新加载，或修改 postgresql.conf），"
               "并登记已确认的变更。pg_settings 的 source/sourcefile 指明每个值的来源；等待重启的变更见 CFG001，文件错误见 CFG002。"),
        commands={"postgresql": [
            "SELECT name, setting, source, sourcefile, sourceline FROM pg_settings WHERE name = '<name>';",
            "ALTER SYSTEM RESET <name>; SELECT pg_reload_conf();  -- undo an unplanned ALTER SYSTEM",
        ]},
        references=["https://www.postgresql.org/docs/current/view-pg-settings.html",
                    "https://github.com/cybertec-postgresql/pgwatch"],
    ),
    timeout_s=5,
)
