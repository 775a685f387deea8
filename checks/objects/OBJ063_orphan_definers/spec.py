from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row) -> tuple[Outcome, str]:
    runs_as_definer = str(row.get("security_type") or "").upper() == "DEFINER"
    enabled = str(row.get("status") or "ENABLED").upper() == "ENABLED"  # views and routines have no status
    return (Outcome.CRITICAL, "broken") if runs_as_definer and enabled else (Outcome.WARNING, "latent")


@uses()
def judge(rows, th, ctx) -> Verdict:
    if not rows:
        return Verdict(outcome=Outcome.OK, message="ok", params={"count": 0, "total": 0}, evidence=[], objects={})
    rated = [(r, *_rate(r)) for r in rows]
    rated.sort(key=lambda x: -x[1].rank)  # stable: the SQL's order within a level
    worst, outcome, key = rated[0]
    total = int(num(rows[0].get("total")) or len(rows))
    broken = sum(1 for _, o, _ in rated if o is Outcome.CRITICAL)
    state = f", {worst['status']}" if worst.get("status") else ""  # a disabled event
    return Verdict(outcome=outcome, message=key,
                   params={**worst, "count": total, "total": total, "broken": broken, "state": state},
                   evidence=[r for r, _, _ in rated][:EVIDENCE_LIMIT], total=total, objects=ctx.objects(rated))


SPEC = CheckSpec(
    code="OBJ063",
    name="orphan_definers",
    title=T("Views, routines and events whose DEFINER account does not exist", "视图、存储过程/函数、事件的 DEFINER 账号不存在"),
    category="objects",
    tier="weekly",
    engines={
        # MySQL 8: information_schema.ROUTINES lists other users' routines only with SHOW_ROUTINE
        # (8.0.20+; before it, global SELECT), EVENTS only for schemas with EVENT, VIEWS with SHOW VIEW;
        # the accounts are mysql.user.
        "mysql": EngineSupport(min_version="8.0.20", privilege="SELECT ON mysql.user, SHOW VIEW, SHOW_ROUTINE, EVENT"),
        # MariaDB: routines and events read from mysql.proc / mysql.event (read-only grants; through
        # information_schema they would need EXECUTE or EVENT, measured on 10.11), accounts from
        # mysql.global_priv, views through SHOW VIEW.
        "mariadb": EngineSupport(min_version="10.4",
                                 privilege="SELECT ON mysql.global_priv, SELECT ON mysql.proc, SELECT ON mysql.event, SHOW VIEW"),
    },
    columns=("object_type", "object_schema", "object_name", "definer", "security_type", "status", "total"),
    object_key=("object_type", "object_schema", "object_name"),
    judge=judge,
    messages={
        "ok": T("Every view, stored routine and event names an existing definer account",
                "所有视图、存储过程/函数和事件的 DEFINER 账号都存在"),
        "broken": T("{count} object(s) name a definer account that does not exist, {broken} of them run as it: "
                    "{object_type} {object_schema}.{object_name} (DEFINER {definer}, SQL SECURITY {security_type}) fails "
                    "at every use with ERROR 1449",
                    "{count} 个对象的 DEFINER 账号不存在，其中 {broken} 个以该账号身份执行：{object_type} "
                    "{object_schema}.{object_name}（DEFINER {definer}，SQL SECURITY {security_type}）每次使用都会报 ERROR 1449"),
        "latent": T("{count} object(s) name a definer account that does not exist, e.g. {object_type} "
                    "{object_schema}.{object_name} (DEFINER {definer}, SQL SECURITY {security_type}{state}): it does not "
                    "run as that account now, but an account created under that name later takes it over",
                    "{count} 个对象的 DEFINER 账号不存在，例如 {object_type} {object_schema}.{object_name}（DEFINER "
                    "{definer}，SQL SECURITY {security_type}{state}）：当前不以该账号身份执行，但日后以同名创建的账号会接管它"),
    },
    remediation=RemediationSpec(
        text=T("Give each object an existing owner account rather than re-creating the missing one (a re-created "
               "account inherits every object that names it, with whatever it runs). Views: ALTER DEFINER = … VIEW with "
               "the definition from SHOW CREATE VIEW; events: ALTER DEFINER = … EVENT; routines have no ALTER for the "
               "definer: re-create them from SHOW CREATE PROCEDURE/FUNCTION with the new DEFINER in one maintenance "
               "step. Before dropping an account, list what it defines (the statement below).",
               "为每个对象指定一个存在的属主账号，而不是重建缺失的账号（重建的账号会接管所有引用它的对象及其执行的内容）。视图："
               "用 SHOW CREATE VIEW 取得定义后执行 ALTER DEFINER = … VIEW；事件：ALTER DEFINER = … EVENT；存储过程/函数无法修改 "
               "DEFINER：在同一维护步骤中按 SHOW CREATE PROCEDURE/FUNCTION 的结果以新 DEFINER 重建。删除账号前先列出它定义的对象"
               "（见下方语句）。"),
        commands={
            "mysql": ["SHOW CREATE VIEW <schema>.<view>;",
                      "ALTER DEFINER = '<owner>'@'<host>' SQL SECURITY DEFINER VIEW <schema>.<view> AS <select from SHOW CREATE VIEW>;",
                      "ALTER DEFINER = '<owner>'@'<host>' EVENT <schema>.<event> ENABLE;  -- ALTER EVENT needs a clause besides DEFINER",
                      "SELECT 'ROUTINE', routine_schema, routine_name FROM information_schema.ROUTINES WHERE definer = "
                      "'<user>@<host>' UNION ALL SELECT 'VIEW', table_schema, table_name FROM information_schema.VIEWS "
                      "WHERE definer = '<user>@<host>';  -- before DROP USER"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/stored-objects-security.html#stored-objects-security-orphan-objects",
                    "https://dev.mysql.com/doc/refman/8.0/en/drop-user.html",
                    "https://mariadb.com/kb/en/stored-routine-privileges/",
                    "https://github.com/TencentBlueKing/blueking-dbm/tree/master/dbm-services/mysql/db-tools/mysql-monitor/pkg/itemscollect/definer"],
    ),
    timeout_s=10,
)
