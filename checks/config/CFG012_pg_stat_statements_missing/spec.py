from checks.judges import EVIDENCE_LIMIT, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("track_values")
def judge(rows, th, ctx) -> Verdict:
    """pg_stat_statements loaded (shared_preload_libraries), tracking as track_values allows, and created
    in this database so its view can be read; the first gap decides the message."""
    s = {str(r["name"]): r.get("setting") for r in rows}
    libs = [p.strip().strip('"').lower() for p in str(s.get("shared_preload_libraries") or "").split(",") if p.strip()]
    params = {"preload": s.get("shared_preload_libraries") or "(empty)", "track": s.get("pg_stat_statements.track"),
              "max": s.get("pg_stat_statements.max"), "extension": s.get("extension") or "not created"}
    allowed = {str(v).lower() for v in th["track_values"].value or ()}
    if "pg_stat_statements" not in libs:
        gap = ("not_loaded", {"name": "shared_preload_libraries", "setting": params["preload"],
                              "expected": "includes pg_stat_statements"})
    elif str(s.get("pg_stat_statements.track") or "").lower() not in allowed:
        gap = ("not_tracking", {"name": "pg_stat_statements.track", "setting": s.get("pg_stat_statements.track"),
                                "expected": " | ".join(sorted(allowed))})
    elif not s.get("extension"):
        gap = ("not_created", {"name": "extension", "setting": "not created", "expected": "CREATE EXTENSION pg_stat_statements"})
    else:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows[:EVIDENCE_LIMIT], objects={})
    key, row = gap
    return Verdict(outcome=Outcome.WARNING, message=key, params={**params, **row}, evidence=[row], total=1,
                   objects={row["name"]: Outcome.WARNING})


SPEC = CheckSpec(
    code="CFG012",
    name="pg_stat_statements_missing",
    title=T("Statement statistics not collected (pg_stat_statements not loaded, tracking off or not created)",
            "未采集语句统计（pg_stat_statements 未加载、未跟踪或未创建）"),
    category="config",
    tier="monthly",
    scope="database",
    engines={"postgresql": EngineSupport(min_version="10", privilege="pg_read_all_settings")},
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="track_values", unit="values", kind="list", value=("top", "all"),
                  rationale="pg-healthcheck G04-007 warns when pg_stat_statements is absent from "
                            "shared_preload_libraries or not created; postgres-checkup D004 reports its settings: "
                            "track = none records nothing"),
    ),
    judge=judge,
    messages={
        "ok": T("pg_stat_statements is loaded, tracks {track} statements (max {max}) and is created in this database "
                "(version {extension})",
                "pg_stat_statements 已加载，跟踪 {track} 语句（上限 {max}），并已在本数据库创建（版本 {extension}）"),
        "not_loaded": T("pg_stat_statements is not loaded (shared_preload_libraries = {preload}): no statement "
                        "statistics are kept, so slow or heavy SQL cannot be found after the fact",
                        "pg_stat_statements 未加载（shared_preload_libraries = {preload}）：不保留语句统计，事后无法找出慢或重的 SQL"),
        "not_tracking": T("pg_stat_statements.track = {setting} (expected {expected}): the library is loaded but "
                          "records no statements",
                          "pg_stat_statements.track = {setting}（应为 {expected}）：库已加载但不记录任何语句"),
        "not_created": T("pg_stat_statements is loaded but the extension is not created in this database: its view "
                         "cannot be read here (CREATE EXTENSION pg_stat_statements)",
                         "pg_stat_statements 已加载，但本数据库未创建该扩展：此处无法读取其视图（CREATE EXTENSION pg_stat_statements）"),
    },
    remediation=RemediationSpec(
        text=T("Add pg_stat_statements to shared_preload_libraries (keep the libraries already there; a restart), "
               "then CREATE EXTENSION pg_stat_statements in the databases to inspect; pg_stat_statements.track = top "
               "(the default).",
               "把 pg_stat_statements 加入 shared_preload_libraries（保留已有的库；需重启），然后在要巡检的数据库中 "
               "CREATE EXTENSION pg_stat_statements；pg_stat_statements.track = top（默认值）。"),
        commands={"postgresql": [
            "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';  -- append to the existing list; restart",
            "CREATE EXTENSION pg_stat_statements;  -- in each database to inspect",
            "ALTER SYSTEM RESET pg_stat_statements.track; SELECT pg_reload_conf();",
        ]},
        references=["https://www.postgresql.org/docs/current/pgstatstatements.html"],
    ),
    timeout_s=5,
)
