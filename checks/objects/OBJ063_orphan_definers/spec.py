from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


def _rate(row) -> tuple[Outcome, str]:
    runs_as_definer = str(row.get("security_type") or "").upper() == "DEFINER"
    enabled = str(row.get("status") or "ENABLED").upper() == "ENABLED"  # views and routines have no status
    return (Outcome.CRITICAL, "broken") if runs_as_definer and enabled else (Outcome.WARNING, "latent")


# An event's repair names a new owner and keeps the state it is in: ALTER EVENT needs a clause besides
# DEFINER, and ENABLE on a DISABLED event would switch the job on (on a replica, a second run).
EVENT_STATE_CLAUSE = {"ENABLED": "ENABLE", "DISABLED": "DISABLE", "SLAVESIDE_DISABLED": "DISABLE ON SLAVE",
                      "REPLICA_SIDE_DISABLED": "DISABLE ON REPLICA"}


def _ident(name) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def repair_sql(row, engine: str) -> str | None:
    """An event's ALTER DEFINER statement keeping its status (views and routines: None, see the text).
    MySQL before 8.0.22 and MariaDB spell a replica-side one DISABLE ON SLAVE."""
    if str(row.get("object_type") or "").upper() != "EVENT":
        return None
    status = str(row.get("status") or "").upper()
    clause = EVENT_STATE_CLAUSE.get(status)
    if clause is None:
        return None
    if clause == "DISABLE ON REPLICA" and engine != "mysql":
        clause = "DISABLE ON SLAVE"
    return (f"ALTER DEFINER = '<owner>'@'<host>' EVENT {_ident(row.get('object_schema'))}."
            f"{_ident(row.get('object_name'))} {clause}")


@uses()
def judge(rows, th, ctx) -> Verdict:
    if not rows:
        return Verdict(outcome=Outcome.OK, message="ok", params={"count": 0, "total": 0}, evidence=[], objects={})
    rows = [{**r, "repair_sql": repair_sql(r, ctx.engine)} if str(r.get("object_type")).upper() == "EVENT" else r
            for r in rows]
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
               "the definition from SHOW CREATE VIEW; events: ALTER DEFINER = … EVENT with the clause that keeps the event's "
               "current state (each event's repair_sql: ENABLE only an ENABLED one, DISABLE a DISABLED one, DISABLE ON "
               "SLAVE / ON REPLICA a replica-side one — ENABLE on a disabled event switches the job on, and on a replica "
               "runs it a second time); routines have no ALTER for the "
               "definer: re-create them from SHOW CREATE PROCEDURE/FUNCTION with the new DEFINER in one maintenance "
               "step. Before dropping an account, list what it defines (the statement below).",
               "为每个对象指定一个存在的属主账号，而不是重建缺失的账号（重建的账号会接管所有引用它的对象及其执行的内容）。视图："
               "用 SHOW CREATE VIEW 取得定义后执行 ALTER DEFINER = … VIEW；事件：ALTER DEFINER = … EVENT，并带上保持事件当前状态的子句"
               "（见每个事件的 repair_sql：仅对 ENABLED 的事件用 ENABLE，DISABLED 的用 DISABLE，从库侧禁用的用 DISABLE ON SLAVE / "
               "ON REPLICA——对已禁用的事件执行 ENABLE 会启用该作业，在从库上还会重复运行）；存储过程/函数无法修改 "
               "DEFINER：在同一维护步骤中按 SHOW CREATE PROCEDURE/FUNCTION 的结果以新 DEFINER 重建。删除账号前先列出它定义的对象"
               "（见下方语句）。"),
        commands={
            "mysql": ["SHOW CREATE VIEW <schema>.<view>;",
                      "ALTER DEFINER = '<owner>'@'<host>' SQL SECURITY DEFINER VIEW <schema>.<view> AS <select from SHOW CREATE VIEW>;",
                      "ALTER DEFINER = '<owner>'@'<host>' EVENT <schema>.<event> DISABLE;  -- the event's current state, "
                      "as its repair_sql gives it (ENABLE only if ENABLED; DISABLE ON REPLICA if replica-side)",
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
