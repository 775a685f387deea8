from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _modes(text) -> set[str]:
    return {m.strip().upper() for m in str(text or "").split(",") if m.strip()}


@uses("strict_modes", "required_modes")
def judge(rows, th, ctx) -> Verdict:
    """Strict SQL mode is in effect when either strict mode is set (MySQL manual, 'Strict SQL Mode'); the
    required modes must all be present. PMM mysql_config_sql_mode asks for TRADITIONAL, but @@sql_mode
    shows TRADITIONAL expanded into its parts, so that name itself never appears: its parts are checked."""
    row = rows[0] if rows else {"name": "sql_mode", "setting": ""}
    modes = _modes(row.get("setting"))
    strict = [str(m).upper() for m in th["strict_modes"].value or ()]
    required = [str(m).upper() for m in th["required_modes"].value or ()]
    missing = ([] if not strict or modes & set(strict) else [" or ".join(strict)]) + [m for m in required if m not in modes]
    params = {**row, "setting": row.get("setting") or "(empty)", "missing": ", ".join(missing), "count": len(missing)}
    if not missing:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    return Verdict(outcome=Outcome.WARNING, message="lax", params=params, evidence=[{**row, "missing": params["missing"]}],
                   objects={"sql_mode": Outcome.WARNING})


SPEC = CheckSpec(
    code="CFG036",
    name="sql_mode_not_strict",
    title=T("sql_mode not strict (invalid data accepted with a warning)", "sql_mode 非严格模式（无效数据仅告警即被接受）"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="strict_modes", unit="modes", kind="list", value=("STRICT_TRANS_TABLES", "STRICT_ALL_TABLES"),
                  rationale="PMM mysql_config_sql_mode ('server is not configured to enforce data integrity'): strict "
                            "mode (either of these) makes invalid or out-of-range values an error, not a silent change"),
        Threshold(name="required_modes", unit="modes", kind="list",
                  value=("ERROR_FOR_DIVISION_BY_ZERO", "NO_ENGINE_SUBSTITUTION"),
                  rationale="PMM mysql_config_sql_mode asks for TRADITIONAL, which adds these to strict mode (MySQL 8 and "
                            "MariaDB defaults include both); NO_ZERO_DATE / NO_ZERO_IN_DATE are left to a bank's list"),
    ),
    judge=judge,
    messages={
        "ok": T("sql_mode is strict ({setting})", "sql_mode 为严格模式（{setting}）"),
        "lax": T("sql_mode = {setting} lacks {missing}: invalid, truncated or out-of-range values are stored with a "
                 "warning instead of refused, and data silently differs from what the application sent",
                 "sql_mode = {setting} 缺少 {missing}：无效、被截断或越界的值仅告警即被写入而不是被拒绝，数据与应用发送的内容悄然不同"),
    },
    remediation=RemediationSpec(
        text=T("Set a strict sql_mode server-wide after testing the applications against it (they may rely on the "
               "lax behaviour): MySQL 8 SET PERSIST; MariaDB SET GLOBAL and the config file. Sessions opened before "
               "keep their mode.",
               "在验证应用兼容后（应用可能依赖宽松行为）全局设置严格的 sql_mode：MySQL 8 用 SET PERSIST；MariaDB 用 SET GLOBAL "
               "并写入配置文件。已打开的会话保留原来的模式。"),
        commands={
            "mysql": ["SET PERSIST sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
                      "NO_ENGINE_SUBSTITUTION';"],
            "mariadb": ["SET GLOBAL sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,"
                        "NO_ENGINE_SUBSTITUTION';",
                        "# my.cnf [mariadb]: sql_mode = STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,"
                        "NO_ENGINE_SUBSTITUTION"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html#sql-mode-strict",
                    "https://mariadb.com/kb/en/sql-mode/"],
    ),
    timeout_s=5,
)
