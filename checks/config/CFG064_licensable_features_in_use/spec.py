import re

from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

# Feature name (DBA_FEATURE_USAGE_STATISTICS.NAME, matched from the start, case-insensitive) → the option or
# pack it is licensed under, as Oracle Database Licensing Information 19c groups them and as Oracle's
# options_packs_usage_statistics.sql (MOS 1317265.1) maps them (facts copied, not the script). Features that
# are part of Enterprise Edition itself are not listed: they are not an exposure.
FEATURES: tuple[tuple[str, str | None], ...] = (
    ("Automatic Workload Repository", "Diagnostics Pack"),
    ("ADDM", "Diagnostics Pack"),
    ("AWR Report", "Diagnostics Pack"),
    ("AWR Baseline", "Diagnostics Pack"),
    ("Active Session History", "Diagnostics Pack"),
    ("Automatic Database Diagnostic Monitor", "Diagnostics Pack"),
    ("SQL Tuning Advisor", "Tuning Pack"),
    ("SQL Access Advisor", "Tuning Pack"),
    ("SQL Monitoring and Tuning pages", "Tuning Pack"),
    ("Real-Time SQL Monitoring", "Tuning Pack"),
    ("SQL Profile", "Tuning Pack"),
    ("Automatic SQL Tuning Advisor", "Tuning Pack"),
    ("Real Application Clusters", "Real Application Clusters"),
    ("Partitioning (user)", "Partitioning"),
    ("Advanced Index Compression", "Advanced Compression"),
    ("HeapCompression", "Advanced Compression"),
    ("OLTP Table Compression", "Advanced Compression"),
    ("SecureFile Compression (user)", "Advanced Compression"),
    ("SecureFile Deduplication (user)", "Advanced Compression"),
    ("Backup BASIC Compression", None),
    ("Backup HIGH Compression", "Advanced Compression"),
    ("Backup LOW Compression", "Advanced Compression"),
    ("Backup MEDIUM Compression", "Advanced Compression"),
    ("Data Guard", None),
    ("Active Data Guard", "Active Data Guard"),
    ("Transparent Data Encryption", "Advanced Security"),
    ("Encrypted Tablespaces", "Advanced Security"),
    ("Data Redaction", "Advanced Security"),
    ("Oracle Label Security", "Label Security"),
    ("Database Vault", "Database Vault"),
    ("In-Memory Column Store", "Database In-Memory"),
    ("Spatial", "Spatial and Graph"),
    ("OLAP - Analytic Workspaces", "OLAP"),
    ("Real Application Testing", "Real Application Testing"),
    ("Database Replay", "Real Application Testing"),
    ("SQL Performance Analyzer", "Real Application Testing"),
    ("Data Mining", "Advanced Analytics"),
    ("Oracle Multitenant", "Multitenant (more than 3 user PDBs)"),
)


def option_of(feature: str) -> str | None:
    name = str(feature or "").lower()
    for prefix, option in FEATURES:
        if name.startswith(prefix.lower()):
            return option
    return None


@uses("licensed")
def judge(rows, th, ctx):
    licensed = {str(x).lower() for x in th["licensed"].value or ()}
    used: dict[str, list[dict]] = {}
    for r in rows:
        option = option_of(r.get("feature"))
        if option:
            used.setdefault(option, []).append({**r, "option": option})
    unlicensed = {o: fs for o, fs in used.items() if o.lower() not in licensed}
    params = {"options": ", ".join(sorted(used)) or "none", "features_seen": len(rows)}
    if not unlicensed:
        return Verdict(outcome=Outcome.OK, message="ok", params=params,
                       evidence=[f for fs in used.values() for f in fs][:EVIDENCE_LIMIT], objects={})
    evidence = [f for o in sorted(unlicensed) for f in unlicensed[o]]
    first = evidence[0]
    return Verdict(outcome=Outcome.WARNING, message="unlicensed",
                   params={**params, **first, "unlicensed": ", ".join(sorted(unlicensed)), "count": len(unlicensed)},
                   evidence=evidence[:EVIDENCE_LIMIT], total=len(evidence),
                   objects={str(f["feature"]): Outcome.WARNING for f in evidence})


SPEC = CheckSpec(
    code="CFG064",
    name="licensable_features_in_use",
    title=T("Oracle separately licensed options or packs in use (licence exposure)",
            "Oracle 使用了需单独授权的选件或管理包（授权风险）"),
    category="config",
    tier="monthly",
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON DBA_FEATURE_USAGE_STATISTICS",
                                     container="any")},
    columns=("feature", "detected_usages", "currently_used", "first_used", "last_used", "last_sample"),
    thresholds=(
        Threshold(name="licensed", unit="option or pack", kind="list", value=(),
                  rationale="the options and packs this site holds licences for, as it declares them (e.g. "
                            "'Diagnostics Pack', 'Partitioning'); none by default, so every separately licensed "
                            "feature Oracle's own sampling saw is reported (catalog ORA-CFG-05)"),
    ),
    judge=judge,
    object_key=("feature",),
    messages={
        "ok": T("No separately licensed option or pack in use beyond those declared licensed (in use: {options}; "
                "{features_seen} features seen by Oracle's usage sampling)",
                "除已声明授权的外，未使用需单独授权的选件或管理包（在用：{options}；Oracle 使用采样共记录 {features_seen} 个特性）"),
        "unlicensed": T("Options or packs in use that are not declared licensed: {unlicensed} — e.g. feature "
                        "'{feature}' ({option}) used {detected_usages} time(s), last {last_used}",
                        "在用但未声明授权的选件或管理包：{unlicensed}——例如特性 '{feature}'（{option}）使用 "
                        "{detected_usages} 次，最近 {last_used}"),
    },
    remediation=RemediationSpec(
        text=T("Compare with the site's licences. Declare what is licensed in CFG064.licensed; for what is not, stop "
               "the use (e.g. CONTROL_MANAGEMENT_PACK_ACCESS = NONE for the Diagnostics/Tuning Packs, Statspack "
               "instead of AWR) and talk to the licence owner: the usage history stays recorded.",
               "与站点的授权核对。已授权的请在 CFG064.licensed 中声明；未授权的请停止使用（如 Diagnostics/Tuning Pack 设置 "
               "CONTROL_MANAGEMENT_PACK_ACCESS = NONE，用 Statspack 替代 AWR），并告知授权负责人：使用记录会一直保留。"),
        commands={"oracle": [
            "SELECT name, detected_usages, currently_used, first_usage_date, last_usage_date FROM dba_feature_usage_statistics "
            "WHERE detected_usages > 0 ORDER BY name;",
            "ALTER SYSTEM SET control_management_pack_access = 'NONE' SCOPE=BOTH SID='*';"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/dblic/Licensing-Information.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_FEATURE_USAGE_STATISTICS.html"],
    ),
    timeout_s=15,
)
