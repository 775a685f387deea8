import re

from checks.judges import uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _matches(code: str, patterns) -> bool:
    """Exact codes, or prefixes ending in '*' (ORA-04* = every ORA-04xxx)."""
    for p in patterns or ():
        p = str(p).strip().upper()
        if p.endswith("*") and code.startswith(p[:-1]) or code == p:
            return True
    return False


def _rate(row, th) -> Outcome:
    code = str(row.get("error_code") or "").upper()
    if re.fullmatch(r"ORA-\d{5}", code) and _matches(code, th["ignored_codes"].value):
        return Outcome.OK
    if _matches(code, th["critical_codes"].value):
        return Outcome.CRITICAL
    level, mtype = row.get("worst_level"), row.get("worst_type")
    if level is not None and int(level) == 1 or mtype is not None and int(mtype) == 2:
        return Outcome.CRITICAL  # Oracle's own CRITICAL level, or an incident error
    return Outcome.WARNING


@uses("critical_codes", "ignored_codes")
def judge(rows, th, ctx) -> Verdict:
    rated = [(r, _rate(r, th)) for r in rows]
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: (-x[1].rank, -(x[0].get("occurrences") or 0)))
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params={"ignored": len(rows)}, evidence=rows, objects={})
    row, outcome = bad[0]
    codes = ", ".join(str(b[0].get("error_code")) for b in bad[:8])
    return Verdict(outcome=outcome, message="errors", params={**row, "count": len(bad), "codes": codes},
                   evidence=[b[0] for b in bad], objects={ctx.object_of(b[0]): b[1] for b in bad})


SPEC = CheckSpec(
    code="ERR009",
    name="alert_log_errors",
    title=T("ORA- errors in the Oracle alert log inside the window", "窗口内 Oracle 告警日志出现 ORA- 错误"),
    category="errors",
    tier="daily",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON V_$DIAG_ALERT_EXT")},
    columns=("error_code", "occurrences", "worst_level", "worst_type", "first_utc", "last_utc", "sample"),
    thresholds=(
        Threshold(name="critical_codes", unit="ORA- code or prefix*", kind="list",
                  value=("ORA-00600", "ORA-07445", "ORA-04030", "ORA-04031", "ORA-00257", "ORA-16038", "ORA-01157",
                         "ORA-01578", "ORA-27048", "ORA-01242", "ORA-01243", "ORA-00353", "ORA-00470", "ORA-00474",
                         "ORA-19809"),
                  rationale="Oracle Enterprise Manager alert log metrics (EM Database Metric Reference, 'Alert Log'): "
                            "critical for archiver hung (ORA-00257, ORA-16038), data block corruption (ORA-01157, "
                            "ORA-01578, ORA-27048) and media failure (ORA-01242, ORA-01243); internal errors ORA-00600 / "
                            "ORA-07445 and memory exhaustion ORA-04030 / ORA-04031 (EM's generic pattern takes every "
                            "ORA-04xxx, which would make ORA-04068 'package state discarded' critical: not taken); plus "
                            "redo log corruption ORA-00353, LGWR/SMON terminated ORA-00470/00474 and FRA limit reached "
                            "ORA-19809 (ours; ORA-19815 is Oracle's own 85 %-used warning, BAK012). Every other ORA- is "
                            "a warning (database.ink daily 告警日志, catalog ORA-ERR-01)"),
        Threshold(name="ignored_codes", unit="ORA- code or prefix*", kind="list",
                  value=("ORA-00054", "ORA-01142", "ORA-01146"),
                  rationale="EM's 'Alert Log Error Stack' metric ignores ORA-0*(54|1142|1146) (resource busy, "
                            "online backup begin/end on files not / already in backup); a site adds the codes it has "
                            "reviewed and accepts (e.g. ORA-03136 / ORA-12170 inbound connection timeouts behind a "
                            "load balancer)"),
    ),
    judge=judge,
    messages={
        "ok": T("No ORA- error or critical message in the alert log inside the window ({ignored} group(s) ignored)",
                "窗口内告警日志中没有 ORA- 错误或严重消息（已忽略 {ignored} 组）"),
        "errors": T("{count} error group(s) in the alert log inside the window: {codes}; worst {error_code} "
                    "×{occurrences}, last at {last_utc} UTC: {sample}",
                    "窗口内告警日志出现 {count} 组错误：{codes}；最严重 {error_code} 共 {occurrences} 次，"
                    "最近一次 {last_utc} UTC：{sample}"),
    },
    remediation=RemediationSpec(
        text=T("Read each error in context (ADRCI SHOW ALERT, the trace file it names). ORA-00600/07445: look up the "
               "first argument on My Oracle Support and open a service request with the incident package (ADRCI "
               "IPS); ORA-04031: shared pool sizing/fragmentation; ORA-00257/16038/19809: free the archive "
               "destination / FRA at once (back up and delete logs with RMAN, never rm); ORA-01578: RMAN VALIDATE and "
               "block recovery (BAK010). This reads the alert log of the instance the session is on: on RAC, inspect "
               "each instance's service (or read the others with ADRCI).",
               "结合上下文逐条分析（ADRCI SHOW ALERT 及其指向的跟踪文件）。ORA-00600/07445：用第一个参数在 My Oracle Support "
               "检索，并用 ADRCI IPS 打包事件提交 SR；ORA-04031：共享池大小/碎片；ORA-00257/19809：立即释放归档目标/FRA 空间；"
               "ORA-01578：RMAN VALIDATE 并做块恢复（见 BAK010）。归档相关 ORA-00257/16038/19809 须用 RMAN 备份并删除日志，切勿用 rm。"
               "本检查读取会话所在实例的告警日志：RAC 环境下应分别巡检各实例的服务（或用 ADRCI 查看其他实例）。"),
        commands={"oracle": ["adrci> SHOW ALERT -P \"MESSAGE_TEXT LIKE '%ORA-%'\" -TERM",
                             "adrci> SHOW INCIDENT; IPS PACK INCIDENT <id> IN /tmp"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DIAG_ALERT_EXT.html"],
    ),
    timeout_s=60,
    basis="window",
    object_key=("error_code",),
)
