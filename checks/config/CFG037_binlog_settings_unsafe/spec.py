from checks.judges import Expect, expected_settings
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold

SPEC = CheckSpec(
    code="CFG037",
    name="binlog_settings_unsafe",
    title=T("Binary log format not row-based, minimal row images or no checksums", "二进制日志非行格式、行镜像为 MINIMAL 或无校验和"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="USAGE", requires=("binlog",)),
        "mariadb": EngineSupport(min_version="10.3", privilege="USAGE", requires=("binlog",)),
    },
    columns=("name", "setting"),
    object_key=("name",),
    thresholds=(
        Threshold(name="binlog_format", unit="values", kind="list", value=("ROW",),
                  rationale="catalog MY-CFG-08 (binlog_format=ROW; MySQL 8's default, MariaDB's is MIXED): statement "
                            "and mixed events replay nondeterministic statements differently on replicas"),
        Threshold(name="row_image", unit="values", kind="list", value=("FULL", "NOBLOB"),
                  rationale="PMM mysql_config_binlog_row_image (warning when MINIMAL: 'better option to recover data in "
                            "case of data corruption')"),
        Threshold(name="checksum", unit="values", kind="list", value=("CRC32",),
                  rationale="PMM mysql_config_binlogs_checksummed (warning when NONE)"),
    ),
    judge=expected_settings(
        Expect("binlog_format", allowed="binlog_format", message="format"),
        Expect("binlog_row_image", allowed="row_image", message="image"),
        Expect("binlog_checksum", allowed="checksum", message="checksum"),
    ),
    messages={
        "ok": T("The binary log is row-based with full row images and CRC32 checksums ({total} settings read)",
                "二进制日志为行格式、完整行镜像并带 CRC32 校验和（读取 {total} 项设置）"),
        "format": T("binlog_format = {setting} (expected {expected}): statement-based events can replay differently on "
                    "replicas and in point-in-time recovery; {count} setting(s) at fault",
                    "binlog_format = {setting}（应为 {expected}）：基于语句的事件在从库和时间点恢复中可能回放出不同的结果；"
                    "共 {count} 项设置有问题"),
        "image": T("binlog_row_image = {setting} (expected {expected}): row events carry only the changed columns, too "
                   "little to repair or audit data from the binlog; {count} setting(s) at fault",
                   "binlog_row_image = {setting}（应为 {expected}）：行事件只记录被修改的列，无法据此修复或审计数据；"
                   "共 {count} 项设置有问题"),
        "checksum": T("binlog_checksum = {setting} (expected {expected}): a corrupted binlog event is not detected "
                      "before replicas apply it; {count} setting(s) at fault",
                      "binlog_checksum = {setting}（应为 {expected}）：损坏的 binlog 事件在从库应用前无法被发现；"
                      "共 {count} 项设置有问题"),
    },
    remediation=RemediationSpec(
        text=T("All three are dynamic; a format change applies to new sessions, so change it when replicas and "
               "binlog consumers (CDC tools) are ready for row events. MySQL 8: SET PERSIST; MariaDB: SET GLOBAL and "
               "the config file.",
               "三者均可在线修改；格式变更只对新会话生效，应在从库与 binlog 消费方（CDC 工具）能处理行事件时修改。MySQL 8："
               "SET PERSIST；MariaDB：SET GLOBAL 并写入配置文件。"),
        commands={
            "mysql": ["SET PERSIST binlog_format = 'ROW';", "SET PERSIST binlog_row_image = 'FULL';",
                      "SET PERSIST binlog_checksum = 'CRC32';"],
            "mariadb": ["SET GLOBAL binlog_format = 'ROW';", "SET GLOBAL binlog_row_image = 'FULL';",
                        "SET GLOBAL binlog_checksum = 'CRC32';",
                        "# my.cnf [mariadb]: binlog_format = ROW, binlog_row_image = FULL, binlog_checksum = CRC32"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html",
                    "https://mariadb.com/kb/en/binary-log-formats/"],
    ),
    timeout_s=5,
)
