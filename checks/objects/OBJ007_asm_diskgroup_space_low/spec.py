from checks.judges import num, rows_judge, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _flag(row, ctx):
    if (num(row.get("offline_disks")) or 0) > 0:
        return Outcome.CRITICAL, "offline"
    if num(row.get("usable_file_mb")) is not None and num(row.get("usable_file_mb")) < 0:
        return Outcome.CRITICAL, "no_redundancy"
    return None


_rows = rows_judge([("used_pct", "used_pct")], problem="full", flag=_flag)


def used_pct(row):
    """Space used out of what the disk group has for files once the reserve to restore redundancy after a
    disk failure (REQUIRED_MIRROR_FREE_MB) is set aside: (TOTAL_MB - FREE_MB) / (TOTAL_MB - REQUIRED_MIRROR_FREE_MB).
    FREE_MB is raw space, mirror copies included, so in a NORMAL / HIGH group the plain share understates
    how full it is (4 TB raw, 1 TB reserve, 1.4 TB free: 65 % raw, 87 % of the space files can use).
    EXTERN, FLEX and EXTENDED groups report no reserve (0): the plain share. None when not computable."""
    total, free, reserve = (num(row.get(k)) for k in ("total_mb", "free_mb", "required_mirror_free_mb"))
    if total is None or free is None:
        return None
    room = total - (reserve or 0)
    if room <= 0 or free < (reserve or 0):
        return None  # less free than the reserve: USABLE_FILE_MB is negative, rated (critical) by _flag
    return round(100 * (total - free) / room, 1)


@uses("used_pct")
def judge(rows, th, ctx):
    if not rows:
        return Verdict(outcome=Outcome.SKIPPED, message="no_asm", params={}, evidence=[])
    return _rows([{**r, "used_pct": used_pct(r)} for r in rows], th, ctx)


SPEC = CheckSpec(
    code="OBJ007",
    name="asm_diskgroup_space_low",
    title=T("Oracle ASM disk group nearly full, without redundancy headroom, or with offline disks",
            "Oracle ASM 磁盘组空间不足、冗余余量不足或有离线磁盘"),
    category="objects",
    tier="weekly",
    # ASM disk groups serve the whole CDB: read in the root (a non-CDB runs it as it is).
    engines={"oracle": EngineSupport(min_version="19", privilege="SELECT ON V_$ASM_DISKGROUP_STAT", container="root")},
    columns=("diskgroup", "state", "redundancy", "total_mb", "free_mb", "usable_file_mb", "required_mirror_free_mb",
             "offline_disks", "raw_used_pct"),
    thresholds=(
        Threshold(name="used_pct", unit="% used", warning=85, critical=97, direction="above",
                  rationale="catalog ORA-OBJ-08 (inspect4oracle storage module) names no level; 85/97 % as Oracle's "
                            "default tablespace space alert (catalog ORA-OBJ-05), of the space left for files once "
                            "REQUIRED_MIRROR_FREE_MB is reserved (Oracle ASM Administrator's Guide 19c, 'Managing "
                            "Capacity in Disk Groups': a NORMAL group keeps its largest failure group free, a HIGH "
                            "group its two largest), not of raw TOTAL_MB. Independently of it, offline disks "
                            "or a negative USABLE_FILE_MB are critical (Oracle ASM Administrator's Guide 19c: no room "
                            "to restore redundancy after a disk failure)"),
    ),
    judge=judge,
    object_key=("diskgroup",),
    messages={
        "ok": T("Every ASM disk group has room ({used_pct}% of its space for files used at most, below {used_pct_warning}%), no offline "
                "disk and room to restore redundancy",
                "所有 ASM 磁盘组空间充足（可用于文件的空间最多已用 {used_pct}%，低于 {used_pct_warning}%），无离线磁盘，且有恢复冗余的余量"),
        "full": T("ASM disk group {diskgroup} is {used_pct}% used of the space it has for files once the "
                  "{required_mirror_free_mb} MB reserve to restore {redundancy} redundancy is set aside "
                  "({raw_used_pct}% of raw capacity: {free_mb} MB free of {total_mb} MB; {usable_file_mb} MB "
                  "usable for new files)",
                  "ASM 磁盘组 {diskgroup} 扣除恢复 {redundancy} 冗余所需的 {required_mirror_free_mb} MB 预留后，"
                  "可用于文件的空间已用 {used_pct}%（按原始容量为 {raw_used_pct}%：总 {total_mb} MB，剩余 {free_mb} MB；"
                  "可用于新文件 {usable_file_mb} MB）"),
        "offline": T("ASM disk group {diskgroup} has {offline_disks} offline disk(s) ({redundancy} redundancy): "
                     "it runs without its mirror until they are back or dropped",
                     "ASM 磁盘组 {diskgroup}（{redundancy} 冗余）有 {offline_disks} 块离线磁盘：在其恢复或被删除前该组没有镜像保护"),
        "no_redundancy": T("ASM disk group {diskgroup} has a negative USABLE_FILE_MB ({usable_file_mb} MB): after a "
                           "disk failure there is not enough free space ({free_mb} MB free, {required_mirror_free_mb} "
                           "MB required) to restore redundancy",
                           "ASM 磁盘组 {diskgroup} 的 USABLE_FILE_MB 为负（{usable_file_mb} MB）：磁盘故障后没有足够空间"
                           "（剩余 {free_mb} MB，需要 {required_mirror_free_mb} MB）恢复冗余"),
        "no_asm": T("not applicable: this instance uses no ASM disk group (V$ASM_DISKGROUP_STAT lists none connected); "
                    "file-system space is OSH001's",
                    "不适用：此实例未使用 ASM 磁盘组（V$ASM_DISKGROUP_STAT 中没有已连接的磁盘组）；文件系统空间由 OSH001 检查"),
    },
    remediation=RemediationSpec(
        text=T("Add disks to the disk group (ALTER DISKGROUP … ADD DISK, as the ASM administrator, in the ASM "
               "instance) or move files off it; bring offline disks online (ALTER DISKGROUP … ONLINE DISK) or "
               "replace them before DISK_REPAIR_TIME drops them.",
               "（由 ASM 管理员在 ASM 实例中）为磁盘组添加磁盘（ALTER DISKGROUP … ADD DISK）或迁出文件；"
               "将离线磁盘重新上线（ALTER DISKGROUP … ONLINE DISK），或在 DISK_REPAIR_TIME 到期被删除前更换。"),
        commands={"oracle": [
            "SELECT name, state, type, total_mb, free_mb, required_mirror_free_mb, usable_file_mb, offline_disks "
            "FROM v$asm_diskgroup_stat;",
            "-- in the ASM instance, as SYSASM: ALTER DISKGROUP <dg> ADD DISK '<path>' REBALANCE POWER 4;",
            "-- in the ASM instance, as SYSASM: ALTER DISKGROUP <dg> ONLINE DISK <disk>;"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-ASM_DISKGROUP.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/ostmg/manage-diskgroups.html"],
    ),
    timeout_s=10,
)
