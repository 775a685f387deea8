from checks.judges import rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold
from dbpatrol.results import Outcome

_rows = rows_judge([], problem="public", flag=lambda row, ctx: (Outcome.WARNING, "public"))


@uses("risky_packages")
def judge(rows, th, ctx):
    risky = {str(p).upper() for p in th["risky_packages"].value or ()}
    return _rows([r for r in rows if str(r.get("package_name") or "").upper() in risky], th, ctx)


SPEC = CheckSpec(
    code="SEC003",
    name="public_execute_on_risky_packages",
    title=T("Oracle EXECUTE on risky SYS packages granted to PUBLIC", "Oracle 高风险 SYS 包的 EXECUTE 权限授予了 PUBLIC"),
    category="security",
    tier="weekly",
    engines={"oracle": EngineSupport(container="any", min_version="19", privilege="SELECT ON DBA_TAB_PRIVS")},
    columns=("owner", "package_name", "grantor"),
    thresholds=(
        Threshold(name="risky_packages", unit="SYS package", kind="list",
                  value=("UTL_FILE", "UTL_TCP", "UTL_HTTP", "UTL_SMTP", "UTL_MAIL", "UTL_INADDR", "UTL_DBWS", "UTL_ORAMTS",
                         "HTTPURITYPE", "DBMS_ADVISOR", "DBMS_CRYPTO", "DBMS_JAVA", "DBMS_JAVA_TEST", "DBMS_JOB",
                         "DBMS_LDAP", "DBMS_LOB", "DBMS_SQL", "DBMS_SYS_SQL", "DBMS_BACKUP_RESTORE",
                         "DBMS_AQADM_SYSCALLS", "DBMS_FILE_TRANSFER", "DBMS_IJOB", "DBMS_XMLGEN", "DBMS_XMLQUERY",
                         "DBMS_SCHEDULER", "DBMS_RANDOM"),
                  rationale="CIS Oracle Database 19c Benchmark, section 5.1.1 (revoke EXECUTE from PUBLIC on network, "
                            "file, crypto, SQL-building and job packages; catalog ORA-SEC-05). Revoke only after checking "
                            "applications do not rely on the PUBLIC grant"),
    ),
    judge=judge,
    messages={
        "ok": T("PUBLIC has EXECUTE on none of the listed SYS packages", "PUBLIC 未拥有所列 SYS 包的 EXECUTE 权限"),
        "public": T("PUBLIC can EXECUTE {total} listed SYS package(s), e.g. {owner}.{package_name}",
                    "PUBLIC 可执行 {total} 个所列 SYS 包，例如 {owner}.{package_name}"),
    },
    remediation=RemediationSpec(
        text=T("Grant EXECUTE to the users that need the package, then REVOKE EXECUTE ON SYS.<package> FROM PUBLIC; "
               "test first — some Oracle components and applications rely on the PUBLIC grant of DBMS_LOB, "
               "DBMS_SQL or DBMS_RANDOM (remove those from risky_packages where so).",
               "先将 EXECUTE 授予确实需要的用户，再执行 REVOKE EXECUTE ON SYS.<package> FROM PUBLIC；务必先测试——部分 Oracle "
               "组件和应用依赖 DBMS_LOB、DBMS_SQL 或 DBMS_RANDOM 的 PUBLIC 授权（如是，将其从 risky_packages 中移除）。"),
        commands={"oracle": ["REVOKE EXECUTE ON SYS.UTL_FILE FROM PUBLIC;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_TAB_PRIVS.html"],
    ),
    timeout_s=20,
    object_key=("owner", "package_name"),
)
