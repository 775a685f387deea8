from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Verdict
from dbpatrol.results import Outcome


@uses()
def judge(rows, th, ctx) -> Verdict:
    if not rows:
        return Verdict(outcome=Outcome.OK, message="ok", params={"count": 0, "total": 0}, evidence=[], objects={})
    total = int(num(rows[0].get("total")) or len(rows))
    tables = len({(r.get("trigger_schema"), r.get("table_name")) for r in rows})
    return Verdict(outcome=Outcome.CRITICAL, message="problem", params={**rows[0], "count": total, "total": total,
                                                                         "tables": tables},
                   evidence=rows[:EVIDENCE_LIMIT], total=total)


SPEC = CheckSpec(
    code="OBJ064",
    name="orphan_trigger_definers",
    title=T("Triggers whose DEFINER account does not exist", "触发器的 DEFINER 账号不存在"),
    category="objects",
    tier="weekly",
    # Apart from OBJ063 because it needs TRIGGER, the one privilege that shows other users' triggers
    # (it also lets the holder create and drop triggers): a site that will not grant it loses only
    # this check, SKIPPED "missing privilege: TRIGGER", and keeps the views, routines and events.
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.user, TRIGGER"),
        "mariadb": EngineSupport(min_version="10.4", privilege="SELECT ON mysql.global_priv, TRIGGER"),
    },
    columns=("trigger_schema", "trigger_name", "table_name", "fires_on", "definer", "total"),
    object_key=("trigger_schema", "trigger_name"),
    judge=judge,
    messages={
        "ok": T("Every trigger names an existing definer account", "所有触发器的 DEFINER 账号都存在"),
        "problem": T("{count} trigger(s) on {tables} table(s) name a definer account that does not exist: "
                     "{trigger_schema}.{trigger_name} ({fires_on} on {table_name}, DEFINER {definer}) makes that statement "
                     "fail with ERROR 1449 — the table cannot be written",
                     "{tables} 张表上有 {count} 个触发器的 DEFINER 账号不存在：{trigger_schema}.{trigger_name}（{table_name} 上的 "
                     "{fires_on}，DEFINER {definer}）会使该语句报 ERROR 1449——这张表无法写入"),
    },
    remediation=RemediationSpec(
        text=T("Re-create each trigger with an existing owner account, the body from SHOW CREATE TRIGGER (there is no "
               "ALTER TRIGGER), without a moment when the table has no trigger — writes in between would bypass an "
               "audit or denormalisation trigger. MariaDB: CREATE OR REPLACE DEFINER = … TRIGGER replaces it in one "
               "statement. MySQL 8: create the copy under a new name FOLLOWS the old one (both fire for a moment, so its "
               "body must tolerate running twice, or do it under LOCK TABLES … WRITE), then DROP the old trigger. Do not "
               "re-create the missing account instead: it would inherit every object that names it. Before dropping an "
               "account, list the triggers it defines.",
               "以存在的属主账号重建每个触发器（没有 ALTER TRIGGER，定义取自 SHOW CREATE TRIGGER），且表上不能有一刻没有触发器——"
               "其间的写入会绕过审计或冗余维护触发器。MariaDB：CREATE OR REPLACE DEFINER = … TRIGGER 一条语句完成替换。MySQL 8："
               "以新名称创建副本并 FOLLOWS 旧触发器（短时间内两者都会触发，因此其逻辑须能容忍执行两次，或在 LOCK TABLES … WRITE "
               "下进行），再 DROP 旧触发器。不要改为重建缺失的账号：它会接管所有引用它的对象。删除账号前先列出它定义的触发器。"),
        commands={
            "mariadb": ["SHOW CREATE TRIGGER <schema>.<trigger>;",
                        "CREATE OR REPLACE DEFINER = '<owner>'@'<host>' TRIGGER <schema>.<trigger> <timing> <event> ON "
                        "<table> FOR EACH ROW <body from SHOW CREATE TRIGGER>;  -- one statement: no gap",
                        "SELECT trigger_schema, trigger_name FROM information_schema.TRIGGERS WHERE definer = '<user>@<host>';"
                        "  -- before DROP USER"],
            "mysql": ["SHOW CREATE TRIGGER <schema>.<trigger>;",
                      "CREATE DEFINER = '<owner>'@'<host>' TRIGGER <schema>.<trigger>_v2 <timing> <event> ON <table> FOR EACH "
                      "ROW FOLLOWS <trigger> <body from SHOW CREATE TRIGGER>;  -- the copy first: no gap",
                      "DROP TRIGGER <schema>.<trigger>;",
                      "SELECT trigger_schema, trigger_name FROM information_schema.TRIGGERS WHERE definer = '<user>@<host>';"
                      "  -- before DROP USER"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/stored-objects-security.html#stored-objects-security-orphan-objects",
                    "https://dev.mysql.com/doc/refman/8.0/en/information-schema-triggers-table.html",
                    "https://mariadb.com/kb/en/trigger-overview/",
                    "https://github.com/TencentBlueKing/blueking-dbm/tree/master/dbm-services/mysql/db-tools/mysql-monitor/pkg/itemscollect/definer"],
    ),
    timeout_s=10,
)
