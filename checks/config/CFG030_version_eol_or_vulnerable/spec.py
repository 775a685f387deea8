import datetime as dt
import json
import re
from pathlib import Path

from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome

# CVE facts (id, series, newest affected release) from MySQLTuner-perl's vulnerabilities.csv; see "source".
_CVES = json.loads((Path(__file__).with_name("cves.json")).read_text(encoding="utf-8"))


def _flavored(values, flavor: str) -> dict[str, str]:
    out = {}
    for v in values or ():
        key, _, date = str(v).partition("=")
        fl, _, series = key.partition(":")
        if fl.strip().lower() == flavor:
            out[series.strip()] = date.strip()
    return out


def affecting(series: str, micro: int) -> list[str]:
    """CVE ids listed for this series whose newest affected release is this one or later."""
    return [cve for newest, cve in _CVES["series"].get(series, []) if micro <= newest]


@uses("eol_dates", "supported_series", "eol_warning_days", "cves")
def judge(rows, th, ctx) -> Verdict:
    row = rows[0] if rows else {}
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)", str(row.get("version") or ctx.server_version or ""))
    flavor = ctx.engine
    if not m:
        return Verdict(outcome=Outcome.SKIPPED, message="unparsed", params={**row})
    series, micro = f"{int(m[1])}.{int(m[2])}", int(m[3])
    today = (ctx.window_end or dt.datetime.now(dt.timezone.utc)).date()
    eol = _flavored(th["eol_dates"].value, flavor)
    supported = set(_flavored([f"{s}=" for s in th["supported_series"].value or ()], flavor))
    cves = affecting(series, micro)
    params = {**row, "flavor": "MariaDB" if flavor == "mariadb" else "MySQL", "series": series,
              "release": f"{series}.{micro}", "cve_count": len(cves), "cve_list": ", ".join(cves[:10]) +
              (f" … (+{len(cves) - 10})" if len(cves) > 10 else ""), "supported": ", ".join(sorted(supported)) or "none listed"}
    evidence = [{**row, "series": series, "cves": len(cves), "cve_ids": ", ".join(cves[:50])}]
    end = eol.get(series)
    if end:
        params["eol"] = end
        params["days_left"] = (dt.date.fromisoformat(end) - today).days
    if (end and dt.date.fromisoformat(end) <= today) or (not end and series not in supported):
        return Verdict(outcome=Outcome.CRITICAL, message="eol" if end else "unsupported", params=params, evidence=evidence)
    o = th["cves"].classify(len(cves))
    if o is not Outcome.OK:
        return Verdict(outcome=o, message="cves", params=params, evidence=evidence)
    days = th["eol_warning_days"].value
    if end and days is not None and params["days_left"] <= days:
        return Verdict(outcome=Outcome.WARNING, message="eol_soon", params=params, evidence=evidence)
    params.setdefault("eol", "no date listed")
    return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=evidence)


SPEC = CheckSpec(
    code="CFG030",
    name="version_eol_or_vulnerable",
    title=T("MySQL / MariaDB version out of support or with known CVEs", "MySQL / MariaDB 版本已停止支持或存在已知 CVE"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="5.0", privilege="USAGE"),
        "mariadb": EngineSupport(min_version="5.0", privilege="USAGE"),
    },
    columns=("version", "version_comment"),
    thresholds=(
        Threshold(name="eol_dates", unit="flavor:series=date", kind="list",
                  value=("mysql:5.6=2021-02-28", "mysql:5.7=2023-10-31", "mysql:8.0=2026-04-30", "mysql:8.4=2032-04-30",
                         "mariadb:10.3=2023-05-25", "mariadb:10.4=2024-06-18", "mariadb:10.5=2025-06-24",
                         "mariadb:10.6=2026-07-06", "mariadb:10.11=2028-02-16", "mariadb:11.4=2029-05-29"),
                  rationale="the vendors' lifecycle dates (Oracle MySQL: 5.7 October 2023, 8.0 April 2026, 8.4 LTS April "
                            "2032; MariaDB LTS: five years from GA); PMM mysql_version_eol_57 / "
                            "mysql_unsupported_version_check flag 5.7 and older"),
        Threshold(name="supported_series", unit="flavor:series", kind="list",
                  value=("mysql:8.0", "mysql:8.4", "mysql:9.7", "mariadb:10.6", "mariadb:10.11", "mariadb:11.4",
                         "mariadb:11.8", "mariadb:12.3"),
                  rationale="MySQLTuner validate_mysql_version (2026-08): the supported (LTS) series; any other series "
                            "without a date above (MySQL innovation releases, MariaDB short-term releases) is EOL"),
        Threshold(name="eol_warning_days", unit="days", kind="guard", value=180,
                  rationale="half a year's notice to plan the upgrade before the end of life"),
        Threshold(name="cves", unit="CVEs", warning=1, critical=None,
                  rationale="MySQLTuner --cvefile (vulnerabilities.csv, 2026-08-03): every CVE listed for the running "
                            "series at or after its release; a newer release of the same series fixes them"),
    ),
    judge=judge,
    messages={
        "ok": T("{flavor} {release} is a supported series (end of life: {eol}) with no CVE listed for it",
                "{flavor} {release} 属于受支持的系列（停止支持：{eol}），没有列出的 CVE"),
        "eol": T("{flavor} {release}: series {series} reached its end of life on {eol}; no security fixes any more "
                 "({cve_count} CVE(s) listed for this release)",
                 "{flavor} {release}：{series} 系列已于 {eol} 停止支持，不再提供安全修复（此版本列出 {cve_count} 个 CVE）"),
        "unsupported": T("{flavor} {release}: series {series} is not a supported series (supported: {supported}); "
                         "{cve_count} CVE(s) listed for this release",
                         "{flavor} {release}：{series} 不是受支持的系列（受支持：{supported}）；此版本列出 {cve_count} 个 CVE"),
        "cves": T("{flavor} {release} has {cve_count} known CVE(s) fixed in later {series} releases: {cve_list}",
                  "{flavor} {release} 存在 {cve_count} 个已在更新的 {series} 版本中修复的 CVE：{cve_list}"),
        "eol_soon": T("{flavor} {release}: series {series} reaches its end of life on {eol}, in {days_left} days; plan "
                      "the upgrade", "{flavor} {release}：{series} 系列将于 {eol} 停止支持（还剩 {days_left} 天），请规划升级"),
        "unparsed": T("not applicable: the version string {version} has no x.y.z release to judge",
                      "不适用：版本字符串 {version} 中没有可判断的 x.y.z 版本号"),
    },
    remediation=RemediationSpec(
        text=T("Upgrade to the newest release of the series (the same data files: packages and a restart, replicas "
               "first). Past or near the end of life, plan the move to a supported LTS series (MySQL 8.4; MariaDB "
               "10.11 / 11.4 / 11.8) with the vendor's upgrade checker.",
               "升级到本系列的最新版本（数据文件不变：更新软件包并重启，先从库）。已经或即将停止支持时，借助厂商的升级检查工具规划"
               "迁移到受支持的 LTS 系列（MySQL 8.4；MariaDB 10.11 / 11.4 / 11.8）。"),
        commands={
            "mysql": ["mysqlsh -- util checkForServerUpgrade root@<host>:3306 --target-version=8.4  # before a series upgrade"],
            "mariadb": ["apt-get install --only-upgrade mariadb-server  # then restart; mariadb-upgrade if the series changes"],
        },
        references=["https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf",
                    "https://mariadb.org/about/#maintenance-policy",
                    "https://github.com/major/MySQLTuner-perl/blob/master/vulnerabilities.csv"],
    ),
    timeout_s=5,
)
