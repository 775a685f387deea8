import datetime as dt

from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


# Every major before 10 is past its end of life: 9.6, the last, had its final release on 2021-11-11
# (postgresql.org/support/versioning); its version number (90624) has the major in two parts (9.6).
PRE_10_EOL = "2021-11-11 or earlier"


def _pairs(values) -> dict[int, str]:
    out = {}
    for v in values or ():
        major, _, rest = str(v).partition("=")
        if major.strip().isdigit() and rest.strip():
            out[int(major)] = rest.strip()
    return out


@uses("eol_dates", "latest_minors", "eol_warning_days")
def judge(rows, th, ctx) -> Verdict:
    """CRITICAL once the major is past its end of life (or older than every major the list knows), WARNING
    within eol_warning_days of it; WARNING when the minor is behind the newest known minor of its major
    (every minor release carries the security fixes: postgresql.org/support/security)."""
    row = rows[0] if rows else {}
    num = int(row.get("version_num") or 0)
    today = (ctx.window_end or dt.datetime.now(dt.timezone.utc)).date()
    if 0 < num < 100000:  # 9.6.24 is 90624: the major is 9.6, and every release before 10 is out of support
        return Verdict(outcome=Outcome.CRITICAL, message="eol",
                       params={**row, "major": f"{num // 10000}.{num // 100 % 100}", "minor": num % 100,
                               "today": today.isoformat(), "eol": PRE_10_EOL})
    major, minor = num // 10000, num % 100
    eol = {m: dt.date.fromisoformat(d) for m, d in _pairs(th["eol_dates"].value).items()}
    latest = {m: int(v.split(".")[-1]) for m, v in _pairs(th["latest_minors"].value).items() if v.split(".")[-1].isdigit()}
    params = {**row, "major": major, "minor": minor, "today": today.isoformat()}
    end = eol.get(major)
    if end is None and eol and major < min(eol):
        return Verdict(outcome=Outcome.CRITICAL, message="eol", params={**params, "eol": f"before {min(eol)}"})
    if end is not None:
        params["eol"] = end.isoformat()
        params["days_left"] = (end - today).days
        if end <= today:
            return Verdict(outcome=Outcome.CRITICAL, message="eol", params=params)
    newest = latest.get(major)
    if newest is not None and minor < newest:
        return Verdict(outcome=Outcome.WARNING, message="behind", params={**params, "latest": f"{major}.{newest}",
                                                                             "behind_by": newest - minor})
    days = th["eol_warning_days"].value
    if end is not None and days is not None and (end - today).days <= days:
        return Verdict(outcome=Outcome.WARNING, message="eol_soon", params=params)
    params.setdefault("eol", "unknown to dbpatrol's list")
    return Verdict(outcome=Outcome.OK, message="ok", params=params)


SPEC = CheckSpec(
    code="CFG009",
    name="version_eol_or_behind",
    title=T("PostgreSQL version out of support or behind on minor releases", "PostgreSQL 版本已停止支持或落后于小版本更新"),
    category="config",
    tier="monthly",
    engines={"postgresql": EngineSupport(min_version="9.0", privilege="login")},
    columns=("version", "version_num"),
    thresholds=(
        Threshold(name="eol_dates", unit="major=date", kind="list",
                  value=("10=2022-11-10", "11=2023-11-09", "12=2024-11-21", "13=2025-11-13", "14=2026-11-12",
                         "15=2027-11-11", "16=2028-11-09", "17=2029-11-08", "18=2030-11-14"),
                  rationale="PostgreSQL versioning policy (postgresql.org/support/versioning): each major is supported "
                            "five years, to its final release on these dates; PMM postgresql_eol_check and check_postgres "
                            "new_version_pg flag unsupported majors, pgwatch marks < 14 orange"),
        Threshold(name="latest_minors", unit="major=version", kind="list",
                  value=("18=18.6", "17=17.12", "16=16.16", "15=15.20", "14=14.25"),
                  rationale="the minor releases of 2026-11-12, the newest dbpatrol knows (18.6 and 15.20 verified on this "
                            "machine's binaries); each minor carries that quarter's security fixes, so this replaces "
                            "PMM postgresql_cve_check's CVE table (last updated for 15.4): update the list as releases "
                            "come out"),
        Threshold(name="eol_warning_days", unit="days", kind="guard", value=180,
                  rationale="half a year's notice to plan a major upgrade before the end of life"),
    ),
    judge=judge,
    messages={
        "ok": T("PostgreSQL {version} is supported (major {major} until {eol}) and on the newest minor release dbpatrol "
                "knows", "PostgreSQL {version} 仍在支持期内（大版本 {major} 支持到 {eol}），且为 dbpatrol 所知的最新小版本"),
        "eol": T("PostgreSQL {version}: major {major} reached its end of life ({eol}); it gets no security or bug fixes "
                 "any more", "PostgreSQL {version}：大版本 {major} 已停止支持（{eol}），不再提供安全与缺陷修复"),
        "eol_soon": T("PostgreSQL {version}: major {major} reaches its end of life on {eol}, in {days_left} days; plan "
                      "the upgrade", "PostgreSQL {version}：大版本 {major} 将于 {eol} 停止支持（还剩 {days_left} 天），请规划升级"),
        "behind": T("PostgreSQL {version} is {behind_by} minor release(s) behind {latest}: the security and data-loss "
                    "fixes released since are missing (see postgresql.org/support/security)",
                    "PostgreSQL {version} 落后最新小版本 {latest} 共 {behind_by} 个：缺少此后发布的安全与防数据丢失修复"
                    "（见 postgresql.org/support/security）"),
    },
    remediation=RemediationSpec(
        text=T("Apply the newest minor release of the major (same data files: install the packages and restart, a "
               "standby first, then switch over). Past or near the end of life, plan a major upgrade (pg_upgrade, or "
               "logical replication to a new cluster).",
               "升级到本大版本的最新小版本（数据文件不变：安装软件包后重启，先备库后切换）。已经或即将停止支持时，规划大版本升级"
               "（pg_upgrade，或逻辑复制到新集群）。"),
        commands={"postgresql": [
            "apt-get install --only-upgrade postgresql-<major>  # then restart, standby first",
            "pg_upgrade --check -b <old bin> -B <new bin> -d <old data> -D <new data>  # a major upgrade, dry run",
        ]},
        references=["https://www.postgresql.org/support/versioning/", "https://www.postgresql.org/support/security/"],
    ),
    timeout_s=5,
)
