from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


@uses("flagged_time_zones")
def judge(rows, th, ctx) -> Verdict:
    """Named time zone tables loaded (PMM mysql_timezone), and the global time_zone not one the bank flags
    (SYSTEM by default: the host's zone, which a change on the host silently changes)."""
    row = rows[0] if rows else {}
    flagged = {str(v).upper() for v in th["flagged_time_zones"].value or ()}
    bad = []
    if str(row.get("time_zone") or "").upper() in flagged:
        bad.append("system")
    if (num(row.get("zone_names")) or 0) == 0:
        bad.append("no_tables")
    params = {**row, "count": len(bad)}
    if not bad:
        return Verdict(outcome=Outcome.OK, message="ok", params=params, evidence=rows)
    return Verdict(outcome=Outcome.WARNING, message=bad[0] if len(bad) == 1 else "both", params=params, evidence=rows)


SPEC = CheckSpec(
    code="CFG040",
    name="time_zone_settings",
    title=T("Time zone follows the host or time zone tables not loaded", "时区跟随主机或未加载时区表"),
    category="config",
    tier="monthly",
    engines={
        "mysql": EngineSupport(min_version="8.0", privilege="SELECT ON mysql.time_zone_name"),
        "mariadb": EngineSupport(min_version="10.3", privilege="SELECT ON mysql.time_zone_name"),
    },
    columns=("time_zone", "system_time_zone", "zone_names"),
    thresholds=(
        Threshold(name="flagged_time_zones", unit="values", kind="list", value=("SYSTEM",),
                  rationale="BlueKing mysql-monitor sys-timezone-change (a change of the host's zone changes the "
                            "server's: timestamps shift) and the MySQL manual (time_zone = SYSTEM makes every time zone "
                            "conversion a system library call, a mutex bottleneck); empty the list to accept SYSTEM"),
    ),
    judge=judge,
    messages={
        "ok": T("time_zone = {time_zone} (host: {system_time_zone}) and {zone_names} named time zones are loaded",
                "time_zone = {time_zone}（主机：{system_time_zone}），已加载 {zone_names} 个命名时区"),
        "system": T("time_zone = {time_zone}: sessions use the host's zone ({system_time_zone}), so a change on the "
                    "host shifts every timestamp and each conversion is a system call",
                    "time_zone = {time_zone}：会话使用主机时区（{system_time_zone}），主机时区一变所有时间戳都会偏移，且每次换算都是系统调用"),
        "no_tables": T("the time zone tables are empty (PMM mysql_timezone): CONVERT_TZ with zone names returns NULL "
                       "and SET time_zone = '<zone>' fails",
                       "时区表为空（PMM mysql_timezone）：使用时区名的 CONVERT_TZ 返回 NULL，SET time_zone = '<时区>' 失败"),
        "both": T("time_zone = {time_zone} (the host's {system_time_zone}: a host change shifts every timestamp) and "
                  "the time zone tables are empty (CONVERT_TZ with zone names returns NULL); {count} problem(s)",
                  "time_zone = {time_zone}（跟随主机的 {system_time_zone}：主机一改所有时间戳都会偏移），且时区表为空（使用时区名的 "
                  "CONVERT_TZ 返回 NULL）；共 {count} 个问题"),
    },
    remediation=RemediationSpec(
        text=T("Load the time zone tables from the OS's zoneinfo and set an explicit default time zone (e.g. "
               "'+00:00' or a named zone); the same on every node of a replication topology. MySQL 8: SET PERSIST; "
               "MariaDB: default_time_zone in the config file (and SET GLOBAL time_zone).",
               "从操作系统 zoneinfo 加载时区表，并设置明确的默认时区（如 '+00:00' 或命名时区），复制拓扑中的每个节点保持一致。"
               "MySQL 8：SET PERSIST；MariaDB：在配置文件中设置 default_time_zone（并 SET GLOBAL time_zone）。"),
        commands={
            "mysql": ["mysql_tzinfo_to_sql /usr/share/zoneinfo | mysql -u root mysql",
                      "SET PERSIST time_zone = '+00:00';"],
            "mariadb": ["mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb -u root mysql",
                        "SET GLOBAL time_zone = '+00:00';", "# my.cnf [mariadb]: default_time_zone = '+00:00'"],
        },
        references=["https://dev.mysql.com/doc/refman/8.0/en/time-zone-support.html",
                    "https://mariadb.com/kb/en/time-zones/"],
    ),
    timeout_s=5,
)
