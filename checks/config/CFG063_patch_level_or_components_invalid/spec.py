import datetime as dt

from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict, parse_version
from dbpatrol.results import Outcome


def ru_release_date(version: str) -> dt.date | None:
    """The month a 19c Release Update came out: 19.3 in April 2019, then one each quarter (19.N ≈ April 2019
    + 3·(N−3) months: 19.22 January 2024, 19.25 October 2024). None for other releases (not rated)."""
    v = parse_version(version)
    if len(v) < 2 or v[0] != 19 or v[1] < 3:
        return None
    months = 2019 * 12 + 3 + 3 * (v[1] - 3)  # April 2019 = month index 2019*12 + 3 (0-based month 3)
    return dt.date(months // 12, months % 12 + 1, 1)


@uses("ru_age_days")
def judge(rows, th, ctx):
    release = next((r for r in rows if r.get("kind") == "RELEASE"), None)
    if release is None:
        return Verdict(outcome=Outcome.SKIPPED, skip_reason="privilege", message="unreadable", params={}, evidence=[])
    bad = []
    for r in rows:
        if r.get("kind") == "COMPONENT":
            bad.append(({**r}, Outcome.CRITICAL if str(r.get("status")) == "INVALID" else Outcome.WARNING, "component"))
        elif r.get("kind") == "SQLPATCH":
            bad.append(({**r}, Outcome.WARNING, "sqlpatch"))
    version = str(release.get("name") or "")
    # The dictionary's level (latest successful datapatch) below the binaries' release: datapatch never ran here
    # after the home was patched, which leaves no failed SQLPATCH row (review oracle-security-config must-fix 4).
    level = next((r for r in rows if r.get("kind") == "SQLLEVEL"), None)
    rv = parse_version(version)
    if rv and rv[0] >= 19 and len(rv) >= 2:
        lv = parse_version(str((level or {}).get("name") or ""))
        if level is None:
            bad.append(({**release, "kind": "SQLLEVEL", "detail": "no successful datapatch action recorded"},
                        Outcome.WARNING, "not_datapatched"))
        elif tuple(lv[:2]) < tuple(rv[:2]):
            bad.append(({**level, "detail": f"dictionary at {level.get('name')}, binaries at {version}"},
                        Outcome.WARNING, "not_datapatched"))
    released = ru_release_date(version)
    today = (ctx.window_end or dt.datetime.now(dt.timezone.utc)).date()
    age = (today - released).days if released else None
    params = {"version": version, "ru_released": released.strftime("%Y-%m") if released else "?", "ru_age_days": age}
    ru_outcome = th["ru_age_days"].classify(age)
    if ru_outcome is not Outcome.OK:
        bad.append(({**release, "detail": f"Release Update released {params['ru_released']}", "ru_age_days": age},
                    ru_outcome, "old_ru"))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok" if released else "ok_unrated", params=params, evidence=[release],
                       objects={})
    bad.sort(key=lambda b: -b[1].rank)
    worst, outcome, key = bad[0]
    return Verdict(outcome=outcome, message=key, params={**params, **worst, "count": len(bad)},
                   evidence=[b[0] for b in bad][:EVIDENCE_LIMIT], total=len(bad),
                   objects={ctx.object_of(b[0]): b[1] for b in bad})


SPEC = CheckSpec(
    code="CFG063",
    name="patch_level_or_components_invalid",
    title=T("Oracle Release Update old, datapatch unfinished, or registry components invalid",
            "Oracle 补丁集（RU）过旧、datapatch 未完成或注册组件失效"),
    category="config",
    tier="monthly",
    # DBA_REGISTRY and DBA_REGISTRY_SQLPATCH are per container: datapatch must finish in each PDB.
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON V_$INSTANCE, SELECT ON DBA_REGISTRY, SELECT ON DBA_REGISTRY_SQLPATCH")},
    columns=("kind", "name", "status", "detail", "action_time"),
    thresholds=(
        Threshold(name="ru_age_days", unit="days since the RU came out", warning=200, critical=400, direction="above",
                  rationale="Oracle ships a 19c Release Update every quarter (Jan/Apr/Jul/Oct, with the Critical "
                            "Patch Update); ORAchk flags a home behind the latest RU (catalog ORA-CFG-04). ~2 "
                            "quarters (200 days) warn and ~4 quarters (400 days) critical are ours"),
    ),
    judge=judge,
    object_key=("kind", "name"),
    messages={
        "ok": T("Release Update {version} (released {ru_released}, {ru_age_days} days ago); every registry component "
                "VALID and every SQL patch applied",
                "补丁集 {version}（发布于 {ru_released}，{ru_age_days} 天前）；所有注册组件 VALID，所有 SQL 补丁均已应用"),
        "ok_unrated": T("Release {version}: every registry component VALID and every SQL patch applied (the RU's age is "
                        "rated for 19c only)",
                        "版本 {version}：所有注册组件 VALID，所有 SQL 补丁均已应用（仅对 19c 评估 RU 时效）"),
        "component": T("Registry component {name} ({detail}) is {status}; {count} problem(s) in all",
                       "注册组件 {name}（{detail}）状态为 {status}；共 {count} 个问题"),
        "sqlpatch": T("SQL patch {name} ({detail}) ended {status} at {action_time}: datapatch did not finish; {count} "
                      "problem(s) in all",
                      "SQL 补丁 {name}（{detail}）于 {action_time} 以 {status} 结束：datapatch 未完成；共 {count} 个问题"),
        "not_datapatched": T("The binaries are at {version} but the SQL patch level of this container is not ({detail}): "
                             "datapatch has not been run here since the home was patched; {count} problem(s) in all",
                             "二进制为 {version}，但本容器的 SQL 补丁级别不是（{detail}）：给 Oracle Home 打补丁后尚未在此运行 "
                             "datapatch；共 {count} 个问题"),
        "old_ru": T("Release Update {version} came out {ru_released}, {ru_age_days} days ago: security fixes since then "
                    "are missing; {count} problem(s) in all",
                    "补丁集 {version} 发布于 {ru_released}（{ru_age_days} 天前）：此后的安全修复均未应用；共 {count} 个问题"),
        "unreadable": T("Not inspected: V$INSTANCE is not readable to this user", "未检查：此用户无法读取 V$INSTANCE"),
    },
    remediation=RemediationSpec(
        text=T("Plan the current Release Update (MOS 'Primary Note for Database Quarterly Release Updates'); after "
               "patching the home run datapatch in every container and check DBA_REGISTRY_SQLPATCH; recompile and "
               "re-validate invalid components (utlrp.sql, then the component's own validation procedure).",
               "规划升级到最新补丁集（MOS 'Primary Note for Database Quarterly Release Updates'）；给软件打补丁后在每个容器中"
               "运行 datapatch 并检查 DBA_REGISTRY_SQLPATCH；重新编译并校验失效组件（utlrp.sql，再执行组件自身的校验过程）。"),
        commands={"oracle": ["$ORACLE_HOME/OPatch/datapatch -verbose",
                             "@?/rdbms/admin/utlrp.sql",
                             "SELECT comp_id, comp_name, version, status FROM dba_registry ORDER BY 1;",
                             "SELECT patch_id, action, status, action_time, description FROM dba_registry_sqlpatch "
                             "ORDER BY action_time;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_REGISTRY_SQLPATCH.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_REGISTRY.html"],
    ),
    timeout_s=15,
)
