from checks.judges import any_row
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T
from dbpatrol.results import Outcome

SPEC = CheckSpec(
    code="CFG010",
    name="extensions_outdated",
    title=T("Extensions not updated to the installed packages' version", "扩展未更新到已安装软件包的版本"),
    category="config",
    tier="monthly",
    scope="database",
    engines={"postgresql": EngineSupport(min_version="9.1", privilege="login")},
    columns=("name", "installed_version", "default_version"),
    object_key=("name",),
    # PMM postgresql_extension_check (warning: 'installed with an outdated version … a newer version is
    # available'), postgres-checkup A005: any row.
    judge=any_row(Outcome.WARNING, problem="outdated"),
    messages={
        "ok": T("Every extension in this database is at the version its installed packages provide",
                "本数据库中的每个扩展都已是已安装软件包提供的版本"),
        "outdated": T("{count} extension(s) behind the installed packages, e.g. {name} {installed_version} (packages "
                      "provide {default_version}): the fixes and functions of the newer version are not in use",
                      "{count} 个扩展落后于已安装的软件包，例如 {name} {installed_version}（软件包提供 {default_version}）："
                      "新版本的修复与函数未被使用"),
    },
    remediation=RemediationSpec(
        text=T("Read the extension's release notes, then ALTER EXTENSION … UPDATE in each database that has it (a "
               "catalog change, usually instant; some updates rebuild objects). No restart.",
               "阅读扩展的发行说明后，在每个安装了它的数据库中执行 ALTER EXTENSION … UPDATE（目录变更，通常瞬间完成；"
               "个别更新会重建对象）。无需重启。"),
        commands={"postgresql": ["ALTER EXTENSION <name> UPDATE;  -- in each database; to default_version"]},
        references=["https://www.postgresql.org/docs/current/sql-alterextension.html"],
    ),
    timeout_s=5,
)
