from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    kind = row.get("kind")
    return (Outcome.CRITICAL, kind) if kind in ("grant", "public", "mandatory") else (Outcome.WARNING, "schema")


SPEC = CheckSpec(
    code="SEC051",
    name="test_database_present",
    title=T("Test or example databases, and database grants open to every account", "存在测试或示例数据库，或对所有账号开放的库级授权"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.3",
                                 privilege="SHOW DATABASES, SELECT ON mysql.db, SELECT ON mysql.tables_priv"),
        "mysql": EngineSupport(min_version="8.0",
                               privilege="SHOW DATABASES, SELECT ON mysql.db, SELECT ON mysql.tables_priv"),
    },
    columns=("object", "kind", "name", "host_name", "privileges", "total"),
    object_key=("object",),
    thresholds=(
        Threshold(name="allowed_schemas", unit="objects", kind="list", value=(),
                  rationale="a business schema that happens to be called test_… is listed here as 'schema test_…' "
                            "(the finding's object); none by default"),
    ),
    judge=rated_judge(_rate, allowed="allowed_schemas", key="object"),
    messages={
        "ok": T("No test or example database, and no database grant open to every account ({exempt} approved)",
                "没有测试或示例数据库，也没有对所有账号开放的库级授权（已批准 {exempt} 个）"),
        "grant": T("Every account, anonymous included, holds {privileges} on databases matching {name} (from "
                   "{host_name}); {count} finding(s): {offenders}",
                   "所有账号（包括匿名账号）都对匹配 {name} 的数据库拥有 {privileges}（来源 {host_name}）；共 {count} 项：{offenders}"),
        "public": T("GRANT … TO PUBLIC: every account holds {privileges} on {name}; {count} finding(s): {offenders}",
                    "GRANT … TO PUBLIC：所有账号都对 {name} 拥有 {privileges}；共 {count} 项：{offenders}"),
        "mandatory": T("A role in mandatory_roles holds {privileges} on {name}: every account has it (active at login "
                       "under activate_all_roles_on_login, else by SET ROLE); {count} finding(s): {offenders}",
                       "mandatory_roles 中的角色对 {name} 拥有 {privileges}：所有账号都被授予该角色（开启 "
                       "activate_all_roles_on_login 时登录即生效，否则可通过 SET ROLE 启用）；共 {count} 项：{offenders}"),
        "schema": T("{count} test or example database(s) on the server, e.g. {name}: {offenders}",
                    "服务器上有 {count} 个测试或示例数据库，例如 {name}：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Drop test and example databases from production servers (after checking nothing uses them). Take "
               "grants to every account away: MariaDB REVOKE … FROM PUBLIC; a role in mysql's mandatory_roles: take "
               "it out of the variable, or REVOKE the privilege from the role; grants with an empty user name cannot "
               "be named by REVOKE — DROP USER ''@'<host>' when that anonymous account exists, else delete the mysql.db "
               "rows (mysql_secure_installation / mariadb-secure-installation does both). On a Galera node edits of "
               "the grant tables are not replicated (they are Aria unless wsrep_mode has REPLICATE_ARIA): prefer "
               "REVOKE / DROP USER, or run the DELETE on every node.",
               "在确认无人使用后，从生产服务器删除测试与示例数据库。收回对所有账号开放的授权：MariaDB 用 REVOKE … FROM PUBLIC；"
               "MySQL mandatory_roles 中的角色：将其移出该变量，或从该角色收回权限；用户名为空的授权无法在 REVOKE 中指定——若该匿名"
               "账号存在则 DROP USER ''@'<host>'，否则删除 mysql.db 中的对应行（mysql_secure_installation / "
               "mariadb-secure-installation 会同时完成这两项）。在 Galera 节点上，直接修改授权表不会被复制（它们是 Aria 表，除非 "
               "wsrep_mode 含 REPLICATE_ARIA）：优先使用 REVOKE / DROP USER，或在每个节点上执行 DELETE。"),
        commands={
            "mariadb": ["DROP DATABASE test;",
                        "REVOKE ALL PRIVILEGES ON <db>.* FROM PUBLIC;  -- a grant to PUBLIC (10.11+)",
                        "DELETE FROM mysql.db WHERE User = '' AND Db IN ('test', 'test\\\\_%'); FLUSH PRIVILEGES;  "
                        "-- Galera: on every node"],
            "mysql": ["DROP DATABASE test;",
                      "SET PERSIST mandatory_roles = '<the roles without this one>';  -- or REVOKE … ON <db>.* FROM <role>",
                      "DELETE FROM mysql.db WHERE User = '' AND Db IN ('test', 'test\\\\_%'); FLUSH PRIVILEGES;"],
        },
        references=["https://docs.percona.com/percona-monitoring-and-management/3/advisors/checks/mysql-test-database.html",
                    "https://mariadb.com/kb/en/mariadb-secure-installation/",
                    "https://dev.mysql.com/doc/refman/8.0/en/mysql-secure-installation.html"],
    ),
    compliance=(
        cis_mysql("4.2", "Ensure Example or Test Databases are Not Installed on Production Servers",
                  "确保生产服务器未安装示例或测试数据库"),
        cis_mariadb("4.2", "Ensure Example or Test Databases are Not Installed on Production Servers",
                    "确保生产服务器未安装示例或测试数据库"),
        dengbao("8.1.4.2", "b) defaults removed: no test database open to every account",
                "b）删除默认设置：不存在对所有账号开放的测试库"),
    ),
    timeout_s=5,
)
