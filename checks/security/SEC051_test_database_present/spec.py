from checks.security._mysql import cis_mariadb, cis_mysql, dengbao, rated_judge
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome


def _rate(row, th, ctx):
    return (Outcome.CRITICAL, "grant") if row.get("kind") == "grant" else (Outcome.WARNING, "schema")


SPEC = CheckSpec(
    code="SEC051",
    name="test_database_present",
    title=T("Test or example databases, and database grants open to every account", "存在测试或示例数据库，或对所有账号开放的库级授权"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.3", privilege="SHOW DATABASES, SELECT ON mysql.db"),
        "mysql": EngineSupport(min_version="8.0", privilege="SHOW DATABASES, SELECT ON mysql.db"),
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
        "schema": T("{count} test or example database(s) on the server, e.g. {name}: {offenders}",
                    "服务器上有 {count} 个测试或示例数据库，例如 {name}：{offenders}"),
    },
    remediation=RemediationSpec(
        text=T("Drop test and example databases from production servers (after checking nothing uses them) and "
               "delete database grants with an empty user name — REVOKE cannot name them; "
               "mysql_secure_installation / mariadb-secure-installation does both.",
               "在确认无人使用后，从生产服务器删除测试与示例数据库，并删除用户名为空的库级授权（REVOKE 无法指定它们）；"
               "mysql_secure_installation / mariadb-secure-installation 会同时完成这两项。"),
        commands={
            "mariadb": ["DROP DATABASE test;",
                        "DELETE FROM mysql.db WHERE User = '' AND Db IN ('test', 'test\\\\_%'); FLUSH PRIVILEGES;"],
            "mysql": ["DROP DATABASE test;",
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
