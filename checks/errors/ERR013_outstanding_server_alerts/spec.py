from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    rated = [(r, Outcome.CRITICAL if r.get("message_level") is not None and int(r["message_level"]) <= 1
              else Outcome.WARNING) for r in rows]
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", evidence=[], objects={})
    rated.sort(key=lambda x: -x[1].rank)
    row, outcome = rated[0]
    return Verdict(outcome=outcome, message="alerts", params={**row, "count": len(rows)}, evidence=[r for r, _ in rated],
                   objects={ctx.object_of(r): o for r, o in rated})


SPEC = CheckSpec(
    code="ERR013",
    name="outstanding_server_alerts",
    title=T("Oracle server-generated alerts outstanding", "Oracle 存在未清除的服务器告警"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_OUTSTANDING_ALERTS")},
    columns=("sequence_id", "object_type", "owner", "object_name", "message_level", "reason", "suggested_action", "created_utc"),
    judge=judge,
    messages={
        "ok": T("No outstanding server-generated warning", "没有未清除的服务器告警"),
        "alerts": T("{count} outstanding server alert(s); worst: {object_type} {object_name}: {reason}",
                    "{count} 个未清除的服务器告警；最严重：{object_type} {object_name}：{reason}"),
    },
    remediation=RemediationSpec(
        text=T("Act on each alert's SUGGESTED_ACTION (e.g. add space to the tablespace named); the alert clears by "
               "itself when its metric is back under the threshold (DBMS_SERVER_ALERT.SET_THRESHOLD; tablespace "
               "defaults 85 % warning / 97 % critical).",
               "按各告警的 SUGGESTED_ACTION 处理（如为所指表空间扩容）；指标回落到阈值以下后告警会自动清除"
               "（DBMS_SERVER_ALERT.SET_THRESHOLD；表空间默认 85% 警告 / 97% 严重）。"),
        commands={"oracle": ["SELECT object_type, object_name, reason, suggested_action FROM dba_outstanding_alerts;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_OUTSTANDING_ALERTS.html"],
    ),
    timeout_s=10,
    object_key=("sequence_id",),
)
