from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, Compliance, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


KIND_ZH = {"table": "表", "view": "视图", "materialized view": "物化视图", "foreign table": "外部表", "sequence": "序列"}


@uses("write_privileges")
def judge(rows, th, ctx) -> Verdict:
    """Every relation PUBLIC holds a privilege on is at fault: CRITICAL when one of them changes data
    (write_privileges), WARNING for the others (SELECT, REFERENCES, USAGE on a sequence)."""
    writes = {str(p).upper() for p in th["write_privileges"].value or ()}
    rated = []
    for r in rows:
        # a column grant reads PRIVILEGE(column): rated as its privilege
        privs = {p.strip().split("(", 1)[0].upper() for p in str(r.get("privileges") or "").split(",") if p.strip()}
        rated.append((r, Outcome.CRITICAL if privs & writes else Outcome.WARNING))
    rated.sort(key=lambda x: -x[1].rank)
    total = int(num(rows[0].get("total")) or len(rows)) if rows else 0
    params = {"total": total, "count": total,
              "database_name": rows[0]["database_name"] if rows else ctx.facts.get("database") or "-"}
    if not rated:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=[], objects={})
    worst, outcome = rated[0]
    return Verdict(outcome=outcome, message="write" if outcome is Outcome.CRITICAL else "read",
                   params={**params, **worst, "kind_zh": KIND_ZH.get(str(worst.get("kind")), worst.get("kind"))}, evidence=[r for r, _ in rated][:EVIDENCE_LIMIT], total=total,
                   objects={ctx.object_of(r): o for r, o in rated})


SPEC = CheckSpec(
    code="SEC029",
    name="public_table_privileges",
    title=T("Tables, views or sequences granted to PUBLIC", "表、视图或序列的权限授予了 PUBLIC"),
    category="security",
    tier="weekly",
    engines={"postgresql": EngineSupport(min_version="10", privilege="login")},
    columns=("database_name", "schema_name", "relation_name", "kind", "privileges", "total"),
    object_key=("schema_name", "relation_name"),  # the finding names its database
    scope="database",
    thresholds=(
        Threshold(name="write_privileges", unit="privilege", kind="list",
                  value=("INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "MAINTAIN"),
                  rationale="privileges that change data or fire code: granted to PUBLIC they let every role, present "
                            "and future, modify it (CIS PostgreSQL 16 4.6 excessive DML privileges; pgwatch "
                            "privilege_changes tracks the same ACLs, catalog PG-SEC-09); MAINTAIN (PostgreSQL 17+, "
                            "commit ecb0fd3) lets it LOCK TABLE … ACCESS EXCLUSIVE, VACUUM FULL, CLUSTER or REINDEX "
                            "the table; SELECT/REFERENCES/USAGE warn; column grants count as their privilege"),
    ),
    judge=judge,
    messages={
        "ok": T("No table, view or sequence in {database_name} is granted to PUBLIC (current grants; changes since the "
                "last run show in the report's history)",
                "{database_name} 中没有授予 PUBLIC 的表、视图或序列（当前授权；与上次巡检相比的变化见报告的历史部分）"),
        "write": T("{count} relation(s) in {database_name} are granted to PUBLIC, e.g. {kind} "
                   "{schema_name}.{relation_name}: {privileges} — every role may change it (or, MAINTAIN, lock it "
                   "exclusively and rewrite it)",
                   "{database_name} 中有 {count} 个对象的权限授予了 PUBLIC，例如{kind_zh} {schema_name}.{relation_name}："
                   "{privileges}——所有角色都可修改它（MAINTAIN 则可对其加排他锁并重写）"),
        "read": T("{count} relation(s) in {database_name} are granted to PUBLIC, e.g. {kind} {schema_name}.{relation_name}: "
                  "{privileges} — every role, present and future, may read it",
                  "{database_name} 中有 {count} 个对象的权限授予了 PUBLIC，例如{kind_zh} {schema_name}.{relation_name}："
                  "{privileges}——现有及将来的所有角色都可读取它"),
    },
    remediation=RemediationSpec(
        text=T("Revoke the listed privileges from PUBLIC and grant them to the roles that need them (a group role per "
               "application); acknowledge a deliberate public lookup table per object.",
               "从 PUBLIC 收回所列权限，改为授予需要的角色（每个应用一个组角色）；确属有意公开的字典表可按对象确认（ack）。"),
        commands={"postgresql": [
            "REVOKE ALL ON <schema>.<relation> FROM PUBLIC;",
            "REVOKE ALL (<column>) ON <schema>.<relation> FROM PUBLIC;  -- a column grant, PRIVILEGE(column)",
            "GRANT SELECT ON <schema>.<relation> TO <app_group_role>;",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA <schema> REVOKE ALL ON TABLES FROM PUBLIC;  -- if defaults grant it",
        ]},
        references=["https://www.postgresql.org/docs/current/ddl-priv.html",
                    "https://www.postgresql.org/docs/current/sql-revoke.html"],
    ),
    compliance=(
        Compliance(framework="CIS PostgreSQL 16", item="4.6", title=T("Ensure excessive DML privileges are revoked",
                                                                     "确保收回过多的 DML 权限")),
        Compliance(framework="等保2.0", item="8.1.4.2",
                   note=T("a) accounts and privileges are assigned to the users who log in; d) least privilege",
                          "a）应对登录的用户分配账户和权限；d）授予所需的最小权限")),
    ),
    timeout_s=10,
)
