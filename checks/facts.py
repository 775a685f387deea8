"""Session facts a check's applicability depends on, and the words for "does not apply".

Each adapter gathers these once per session, cheaply (checks/adapters/*.py ``gather_facts``):

=====================  ===========================================================================
fact                   meaning (None: the session could not establish it — never "false")
=====================  ===========================================================================
role                   "primary" or "standby" (PostgreSQL: in recovery; MySQL/MariaDB: a
                       replication channel is configured — not ``read_only``; Group Replication's
                       own channels do not count: every member has them)
replica                True when this server replicates from another (same source as role)
archiving              PostgreSQL: WAL archiving really runs here (archive_mode on on a primary,
                       always on a standby)
binlog                 MySQL/MariaDB: the binary log is on (``log_bin``)
performance_schema     MySQL/MariaDB: ``performance_schema`` is ON
galera                 MariaDB: a Galera node (``wsrep_on``)
group_replication      MySQL 8: an ONLINE Group Replication member (MariaDB: False);
                       ``group_replication_role`` is then "PRIMARY" or "SECONDARY"
diagnostics_pack       Oracle: the inventory declares the Diagnostics Pack (licensed_packs) and
                       ``control_management_pack_access`` includes DIAGNOSTIC (AWR/ASH allowed)
statspack              Oracle: PERFSTAT.STATS$SNAPSHOT is readable and holds a snapshot (Statspack)
cdb                    Oracle: a container database; ``container`` names the one the session is in
container_kind         Oracle: "root" (CDB$ROOT), "pdb" or "non-cdb", from USERENV CON_ID (no grant needed)
extensions             PostgreSQL: {name: version} of the extensions installed in the session's database
preload                PostgreSQL: shared_preload_libraries as a list (None: not visible)
privileges             {grant token: held?} filled lazily by ``Session.holds``
=====================  ===========================================================================

A spec names what it needs in ``EngineSupport.requires``: a fact name from ``REQUIREMENTS``, or
``extension:<name>`` / ``preload:<name>``, optionally prefixed ``not:``.
"""

from __future__ import annotations

from typing import Any, Mapping

# requirement → (English reason it does not apply, Chinese reason)
REQUIREMENTS: dict[str, tuple[str, str]] = {
    "replica": ("not a replica (no replication source configured)", "非复制从库（未配置复制源）"),
    "archiving": ("WAL archiving is off on this server", "此服务器未启用 WAL 归档"),
    "binlog": ("the binary log is off (log_bin = OFF)", "未开启二进制日志（log_bin = OFF）"),
    "performance_schema": ("performance_schema is OFF (enable it: performance_schema = ON in my.cnf and a restart)",
                           "performance_schema 未开启（启用方法：在 my.cnf 中设置 performance_schema = ON 并重启）"),
    "galera": ("not a Galera cluster node", "非 Galera 集群节点"),
    "group_replication": ("not an online Group Replication member", "非在线的组复制（Group Replication）成员"),
    "diagnostics_pack": ("the Diagnostics Pack is not declared licensed: AWR/ASH are read only when the inventory lists "
                         "licensed_packs: [diagnostics] and control_management_pack_access includes DIAGNOSTIC",
                         "未声明 Diagnostics Pack 许可：仅当清单中 licensed_packs 含 diagnostics 且 "
                         "control_management_pack_access 包含 DIAGNOSTIC 时才读取 AWR/ASH"),
    "cdb": ("not a container database (non-CDB)", "非容器数据库（non-CDB）"),
    "statspack": ("no readable Statspack snapshot (PERFSTAT.STATS$SNAPSHOT)", "没有可读的 Statspack 快照（PERFSTAT.STATS$SNAPSHOT）"),
}
NEGATED: dict[str, tuple[str, str]] = {
    "replica": ("this server is a replica", "此服务器是复制从库"),
    "archiving": ("WAL archiving is on", "已启用 WAL 归档"),
    "binlog": ("the binary log is on", "已开启二进制日志"),
    "performance_schema": ("performance_schema is ON", "performance_schema 已开启"),
    "galera": ("this server is a Galera node", "此服务器是 Galera 节点"),
    "group_replication": ("this server is a Group Replication member", "此服务器是组复制成员"),
    "diagnostics_pack": ("the Diagnostics Pack is declared licensed (AWR/ASH are used instead)",
                         "已声明 Diagnostics Pack 许可（改用 AWR/ASH）"),
    "cdb": ("this is a container database", "此数据库为容器数据库"),
    "statspack": ("Statspack snapshots are readable", "Statspack 快照可读"),
}
PREFIXED = ("extension", "preload")


def check_requirement_names(names) -> None:
    for name in names:
        base = name[4:] if name.startswith("not:") else name
        kind, _, arg = base.partition(":")
        if arg and kind in PREFIXED:
            continue
        if base not in REQUIREMENTS:
            raise ValueError(f"unknown requirement {name!r} (known: {', '.join(sorted(REQUIREMENTS))}, "
                             f"extension:<name>, preload:<name>, each optionally not:…)")


def _fact(name: str, facts: Mapping[str, Any]) -> bool | None:
    kind, _, arg = name.partition(":")
    if kind == "extension" and arg:
        ext = facts.get("extensions")
        return None if ext is None else arg in ext
    if kind == "preload" and arg:
        pre = facts.get("preload")
        return None if pre is None else arg in pre
    value = facts.get(name)
    return None if value is None else bool(value)


def unmet(requires, facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """The first requirement the facts contradict, as (en, zh) reasons; None when all hold or are unknown."""
    for req in requires:
        negate = req.startswith("not:")
        name = req[4:] if negate else req
        value = _fact(name, facts)
        if value is None or value != negate:
            continue
        kind, _, arg = name.partition(":")
        if kind == "extension":
            return ((f"extension {arg} is installed", f"已安装扩展 {arg}") if negate else
                    (f"extension {arg} is not installed in database {facts.get('database')} (CREATE EXTENSION {arg} "
                     f"there)", f"数据库 {facts.get('database')} 未安装扩展 {arg}（请在该库中 CREATE EXTENSION {arg}）"))
        if kind == "preload":
            return ((f"{arg} is in shared_preload_libraries", f"{arg} 已在 shared_preload_libraries 中") if negate else
                    (f"{arg} is not in shared_preload_libraries (add it to the list and restart the server)",
                     f"{arg} 未在 shared_preload_libraries 中（请加入该列表并重启服务器）"))
        return NEGATED[name] if negate else REQUIREMENTS[name]
    return None


def wrong_container(where: str, facts: Mapping[str, Any]) -> tuple[str, str] | None:
    """Why an Oracle check declared for ``where`` ("root" / "pdb" / "any") does not run in the
    session's container, as (en, zh); None when it runs (a non-CDB and an unknown container run all)."""
    kind, name = facts.get("container_kind"), facts.get("container") or "?"
    if where == "root" and kind == "pdb":
        return (f"runs in the CDB root (CDB$ROOT); this session is in PDB {name} (inventory the root's service for it)",
                f"该检查在 CDB 根容器（CDB$ROOT）中运行；当前会话位于 PDB {name}（请在巡检清单中配置根容器的服务名）")
    if where == "pdb" and kind == "root":
        return ("runs in each PDB; this session is in CDB$ROOT (inventory each PDB's service for it)",
                "该检查在每个 PDB 中运行；当前会话位于 CDB$ROOT（请在巡检清单中为每个 PDB 配置服务名）")
    return None
