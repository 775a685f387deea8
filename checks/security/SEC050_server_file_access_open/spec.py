from checks.judges import Expect, expected_settings
from checks.security._mysql import cis_mariadb, cis_mysql, dengbao
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="SEC050",
    name="server_file_access_open",
    title=T("Server file access not confined (local_infile, secure_file_priv)", "服务器文件访问未受限（local_infile、secure_file_priv）"),
    category="security",
    tier="weekly",
    engines={
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE"),
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE"),
    },
    columns=("name", "setting", "path"),
    object_key=("name",),
    thresholds=(
        Threshold(name="allowed_local_infile", unit="values", kind="list", value=("OFF",),
                  rationale="PMM mysql_config_local_infile; CIS MySQL 8.0 / MariaDB 10.11 4.4: 0 unless LOAD DATA "
                            "LOCAL is in use"),
        Threshold(name="allowed_secure_file_priv", unit="values", kind="list", value=("disabled", "directory"),
                  rationale="PMM mysql_configuration_secure_file_priv_empty; CIS MySQL 8.0 4.8 / MariaDB 10.11 4.7: "
                            "NULL or a path, never empty (on MariaDB unset is unrestricted too, measured)"),
    ),
    judge=expected_settings(
        Expect("local_infile", allowed="allowed_local_infile", message="local_infile"),
        Expect("secure_file_priv", allowed="allowed_secure_file_priv", message="secure_file_priv"),
    ),
    messages={
        "ok": T("Server file access is confined: local_infile OFF, secure_file_priv restricted ({total} settings read)",
                "服务器文件访问已受限：local_infile 为 OFF，secure_file_priv 已限制（读取 {total} 项设置）"),
        "local_infile": T("local_infile = {setting}: the server accepts LOAD DATA LOCAL, so whoever can run SQL through "
                          "a client (an application account, SQL injection in a web tier) can upload any file that "
                          "client's host can read into a table; {count} setting(s) off",
                          "local_infile = {setting}：服务器接受 LOAD DATA LOCAL，能通过客户端执行 SQL 的人（应用账号、Web 层的 SQL "
                          "注入）可把该客户端主机上可读的任意文件上传到表中；共 {count} 项不符"),
        "secure_file_priv": T("secure_file_priv is {setting}: accounts with FILE can read and write files anywhere the "
                              "database server's OS user can (LOAD_FILE, SELECT … INTO OUTFILE); {count} setting(s) off",
                              "secure_file_priv 未限制（{setting}）：持有 FILE 权限的账号可在数据库服务器 OS 用户可达的任意位置读写文件"
                              "（LOAD_FILE、SELECT … INTO OUTFILE）；共 {count} 项不符"),
    },
    remediation=RemediationSpec(
        text=T("Turn local_infile off unless an application loads client files (dynamic; persist it). Confine "
               "secure_file_priv to an import/export directory, or on MySQL set it to NULL to turn server-side file "
               "access off (static: config file and restart). Keep FILE for administrators only (CIS 5.2).",
               "除非应用需要加载客户端文件，否则关闭 local_infile（可在线修改，并写入配置）。将 secure_file_priv 限定为专用的导入导出目录，"
               "MySQL 可设为 NULL 以完全关闭服务器端文件访问（静态参数：修改配置文件并重启）。FILE 权限仅授予管理员（CIS 5.2）。"),
        commands={
            "mariadb": ["SET GLOBAL local_infile = OFF;",
                        "# my.cnf [mariadb]: local_infile = 0, secure_file_priv = /var/lib/mysql-files (restart)"],
            "mysql": ["SET PERSIST local_infile = OFF;",
                      "# my.cnf [mysqld]: secure_file_priv = /var/lib/mysql-files, or secure_file_priv = NULL to disable (restart)"],
        },
        references=["https://docs.percona.com/percona-platform/advisors/checks/mysql_configuration_secure_file_priv_empty.html",
                    "https://mariadb.com/kb/en/server-system-variables/#secure_file_priv",
                    "https://dev.mysql.com/doc/refman/8.0/en/load-data-local-security.html"],
    ),
    compliance=(
        cis_mysql("4.4", "Harden Usage for 'local_infile' on MySQL Clients", "加固 MySQL 客户端对 local_infile 的使用"),
        cis_mysql("4.8", "Ensure the 'secure_file_priv' is Configured Correctly", "确保 secure_file_priv 配置正确"),
        cis_mariadb("4.4", "Harden Usage for 'local_infile' on MariaDB Clients", "加固 MariaDB 客户端对 local_infile 的使用"),
        cis_mariadb("4.7", "Ensure the 'secure_file_priv' is Configured Correctly", "确保 secure_file_priv 配置正确"),
        dengbao("8.1.4.2", "f) access control reaches files: server-side file access is confined",
                "f）访问控制的粒度应达到文件级：服务器端文件访问受限"),
    ),
    timeout_s=5,
)
