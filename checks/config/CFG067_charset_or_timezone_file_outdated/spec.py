from checks.judges import Expect, expected_settings, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

_settings = expected_settings(
    Expect("NLS_CHARACTERSET", allowed="allowed_charsets", message="charset"),
    Expect("NLS_NCHAR_CHARACTERSET", allowed="allowed_nchar_charsets", message="charset"),
    Expect("TIMEZONE_FILE_VERSION", min="min_timezone_version", message="tz"),
)


@uses("allowed_charsets", "allowed_nchar_charsets", "min_timezone_version")
def judge(rows, th, ctx):
    if not rows:
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    verdict = _settings(rows, th, ctx)
    verdict.params.update({str(r["name"]).lower(): r["setting"] for r in rows})
    for key in ("nls_characterset", "nls_nchar_characterset", "timezone_file_version"):
        verdict.params.setdefault(key, "?")
    return verdict


SPEC = CheckSpec(
    code="CFG067",
    name="charset_or_timezone_file_outdated",
    title=T("Oracle database character set not Unicode, or time zone file outdated",
            "Oracle 数据库字符集非 Unicode，或时区文件版本过旧"),
    category="config",
    tier="monthly",
    # Each PDB has its own time zone file version (DBMS_DST is run per container); character sets may differ per
    # PDB too (with an AL32UTF8 root).
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON NLS_DATABASE_PARAMETERS, SELECT ON V_$TIMEZONE_FILE")},
    columns=("name", "setting"),
    thresholds=(
        Threshold(name="allowed_charsets", unit="character set", kind="list", value=("AL32UTF8", "ZHS16GBK"),
                  rationale="Oracle recommends AL32UTF8 (Database Globalization Support Guide 19c, 'Choosing an "
                            "Oracle Database Character Set'); ZHS16GBK is allowed by default as the long-standing "
                            "choice of Chinese banks' databases — remove it to hold a site to Unicode (catalog ORA-CFG-08)"),
        Threshold(name="allowed_nchar_charsets", unit="character set", kind="list", value=("AL16UTF16", "UTF8"),
                  rationale="the two national character sets Oracle supports (Globalization Support Guide 19c)"),
        Threshold(name="min_timezone_version", unit="DST file version", kind="guard", value=32,
                  rationale="19c installs time zone file version 32 (Globalization Support Guide 19c, 'Upgrading the "
                            "Time Zone File'); a database below it was upgraded without DBMS_DST and converts "
                            "TIMESTAMP WITH TIME ZONE data by an older daylight-saving table"),
    ),
    judge=judge,
    object_key=("name",),
    messages={
        "ok": T("Character set {nls_characterset}, national {nls_nchar_characterset}, time zone file version "
                "{timezone_file_version}",
                "字符集 {nls_characterset}，国家字符集 {nls_nchar_characterset}，时区文件版本 {timezone_file_version}"),
        "charset": T("{name} is {setting}, not one of {expected}: characters outside it are lost or replaced; "
                     "{count} finding(s)",
                     "{name} 为 {setting}，不在 {expected} 之中：超出该字符集的字符会丢失或被替换；共 {count} 项"),
        "tz": T("Time zone file version {setting} is below {expected}: TIMESTAMP WITH TIME ZONE values follow an older "
                "daylight-saving table; {count} finding(s)",
                "时区文件版本 {setting} 低于要求（{expected}）：TIMESTAMP WITH TIME ZONE 值按旧的夏令时规则计算；共 {count} 项"),
        "unreadable": T("Not inspected: NLS_DATABASE_PARAMETERS returned no row to this user",
                        "未检查：NLS_DATABASE_PARAMETERS 未向此用户返回任何行"),
    },
    remediation=RemediationSpec(
        text=T("Time zone file: upgrade it with DBMS_DST (or the 19c utltz_upg_check.sql / utltz_upg_apply.sql "
               "scripts) in a restart window, each container. Character set: a migration to AL32UTF8 is a project "
               "(Database Migration Assistant for Unicode), not a setting — plan it, do not ALTER it.",
               "时区文件：在可重启的窗口内，于每个容器中用 DBMS_DST（或 19c 的 utltz_upg_check.sql / utltz_upg_apply.sql "
               "脚本）升级。字符集：迁移到 AL32UTF8 是一个项目（Database Migration Assistant for Unicode），不是一个参数——"
               "请做规划，不要直接 ALTER。"),
        commands={"oracle": ["@?/rdbms/admin/utltz_upg_check.sql", "@?/rdbms/admin/utltz_upg_apply.sql",
                             "SELECT * FROM v$timezone_file;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/nlspg/datetime-data-types-and-time-zone-support.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/nlspg/choosing-character-set.html"],
    ),
    timeout_s=10,
)
