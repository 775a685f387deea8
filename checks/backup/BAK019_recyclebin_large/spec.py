from checks.judges import num, pretty_bytes, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _off(rows) -> bool:
    return any(str(r.get("recyclebin") or "").strip().upper() == "OFF" for r in rows)


@uses("share_pct", "min_space_mb", "objects")
def judge(rows, th, ctx) -> Verdict:
    held = [r for r in rows if num(r.get("objects"))]  # the empty bin's one row has no tablespace and no objects
    off = _off(rows)
    objects = int(sum(num(r.get("objects")) or 0 for r in held))
    space_mb = sum(num(r.get("space_mb")) or 0 for r in held)
    oldest = max((num(r.get("oldest_days")) for r in held if num(r.get("oldest_days")) is not None), default=None)
    base = {"bin_objects": objects, "tablespaces": len(held), "space": pretty_bytes(space_mb * 1048576),
            "oldest_days": "?" if oldest is None else oldest, "recyclebin": "OFF" if off else "ON"}
    if not held:
        return Verdict(outcome=Outcome.OK, message="empty_off" if off else "empty", params=base, evidence=[], objects={})
    floor = th["min_space_mb"].value or 0
    rated = []
    for r in held:
        big = (num(r.get("space_mb")) or 0) >= floor
        rated.append((r, th["share_pct"].classify(num(r.get("share_pct"))) if big else Outcome.OK))
    bad = sorted((x for x in rated if x[1] is not Outcome.OK), key=lambda x: -(num(x[0].get("share_pct")) or 0))
    many = th["objects"].classify(objects)
    objs = {ctx.object_of(r): o for r, o in rated if r.get("ts_name") is not None and o is not Outcome.OK}
    if bad:
        row, outcome = bad[0]
        outcome = outcome if outcome.rank >= many.rank else many
        params = {**row, **base, "ts_space": pretty_bytes((num(row.get("space_mb")) or 0) * 1048576),
                  "count": len(bad)}
        return Verdict(outcome=outcome, message="large", params=params, evidence=[b[0] for b in bad] + [
            r for r, o in rated if o is Outcome.OK], objects=objs)
    if many is not Outcome.OK:
        return Verdict(outcome=many, message="many", params=base, evidence=held, objects=objs)
    return Verdict(outcome=Outcome.OK, message="off" if off else "ok", params=base, evidence=held, objects={})


SPEC = CheckSpec(
    code="BAK019",
    name="recyclebin_large",
    title=T("Oracle recycle bin holds much space or many dropped objects (state now)", "Oracle 回收站占用空间大或对象过多（当前状态）"),
    category="backup",
    tier="daily",
    engines={"oracle": EngineSupport(min_version="19", container="any",
                                     privilege="SELECT ON DBA_RECYCLEBIN, SELECT ON DBA_TABLESPACES, SELECT ON DBA_DATA_FILES, "
                                               "SELECT ON V_$PARAMETER")},
    columns=("recyclebin", "ts_name", "objects", "tables", "space_mb", "ts_size_mb", "share_pct", "oldest_drop",
             "oldest_days"),
    thresholds=(
        Threshold(name="share_pct", unit="% of the tablespace's data files", warning=20, direction="above",
                  rationale="no anchor gives a level (catalog ORA-BAK-07 names the recycle bin's size; the inspect4oracle "
                            "backup module lists its objects without one): 20 % of a tablespace's allocated size held by "
                            "dropped objects is ours, chosen high so that a routine bin is not reported. No critical level: "
                            "the database itself purges the bin, oldest first, when a tablespace needs the space "
                            "('Recycle Bin Capacity and Space Pressure', Backup and Recovery Advanced User's Guide 10.2 "
                            "flashptr004, as quoted on public pages; the 19c guide was not read here), so "
                            "a full bin alone does not stop work"),
        Threshold(name="min_space_mb", unit="MB", kind="guard", value=1024,
                  rationale="a tablespace's share is rated only when the bin holds at least 1 GB in it (ours): a small "
                            "USERS tablespace with a few dropped tables is no finding"),
        Threshold(name="objects", unit="objects", warning=10000, direction="above",
                  rationale="ours, no anchor gives a level: every dropped object stays in the dictionary (RECYCLEBIN$ "
                            "and its segments) until purged; very large bins are reported to slow dictionary and free-space "
                            "queries and to cost library cache locks when space pressure purges them (anbob.com/archives/6722, "
                            "two cases; not verified here)"),
    ),
    judge=judge,
    messages={
        "ok": T("Recycle bin: {bin_objects} object(s), {space} in {tablespaces} tablespace(s), oldest dropped {oldest_days} "
                "day(s) ago; none above the levels (state now)",
                "回收站：{bin_objects} 个对象，共 {space}，分布于 {tablespaces} 个表空间，最早删除于 {oldest_days} 天前；均未超过阈值（当前状态）"),
        "off": T("RECYCLEBIN is OFF: dropped objects bypass the bin and FLASHBACK TABLE ... TO BEFORE DROP cannot "
                 "bring them back; the bin still holds {bin_objects} object(s), {space}, dropped before it was turned off "
                 "(oldest {oldest_days} day(s) ago); none above the levels (state now)",
                 "RECYCLEBIN 为 OFF：删除的对象不进入回收站，无法用 FLASHBACK TABLE ... TO BEFORE DROP 恢复；回收站中仍有关闭前"
                 "删除的 {bin_objects} 个对象，共 {space}（最早 {oldest_days} 天前）；均未超过阈值（当前状态）"),
        "empty": T("Recycle bin is empty (RECYCLEBIN ON; state now)", "回收站为空（RECYCLEBIN 为 ON；当前状态）"),
        "empty_off": T("Recycle bin is empty and RECYCLEBIN is OFF: dropped objects are not kept, FLASHBACK TABLE ... "
                       "TO BEFORE DROP cannot bring a dropped table back (state now)",
                       "回收站为空且 RECYCLEBIN 为 OFF：删除的对象不会保留，无法用 FLASHBACK TABLE ... TO BEFORE DROP 恢复误删的表（当前状态）"),
        "large": T("Dropped objects hold {ts_space} in tablespace {ts_name}, {share_pct}% of its {ts_size_mb} MB "
                   "({bin_objects} object(s) in the bin in all, {space}, oldest dropped {oldest_days} day(s) ago; RECYCLEBIN "
                   "{recyclebin}; state now)",
                   "已删除对象在表空间 {ts_name} 中占用 {ts_space}，为其 {ts_size_mb} MB 的 {share_pct}%（回收站共 {bin_objects} 个"
                   "对象，{space}，最早删除于 {oldest_days} 天前；RECYCLEBIN 为 {recyclebin}；当前状态）"),
        "many": T("The recycle bin holds {bin_objects} objects ({space} in {tablespaces} tablespace(s), oldest dropped "
                  "{oldest_days} day(s) ago; RECYCLEBIN {recyclebin}; state now)",
                  "回收站中有 {bin_objects} 个对象（{space}，分布于 {tablespaces} 个表空间，最早删除于 {oldest_days} 天前；"
                  "RECYCLEBIN 为 {recyclebin}；当前状态）"),
    },
    remediation=RemediationSpec(
        text=T("Look at what is in the bin (owner, original name, drop time) and ask the owners whether any dropped "
               "table is still wanted: FLASHBACK TABLE <owner>.<name> TO BEFORE DROP brings it back only while it is in "
               "the bin. Purging is irreversible: a purged object cannot be recovered except from a backup. Purge "
               "selectively first (PURGE TABLESPACE <ts> [USER <u>], which needs DROP TABLESPACE or SYSDBA, or PURGE TABLE <owner>.\"BIN$...\", which needs "
               "DROP ANY TABLE when not the owner); PURGE DBA_RECYCLEBIN empties every user's bin and "
               "needs SYSDBA or the PURGE DBA_RECYCLEBIN system privilege. DBA_RECYCLEBIN shows the current container's bin only: in a CDB, connect to the container the finding names before looking or purging. Dropped tables stay readable in the bin: a "
               "table of customer data dropped without PURGE is still there. RECYCLEBIN OFF may be a site's choice; turning it back on is ALTER SYSTEM SET recyclebin = ON DEFERRED (new "
               "sessions).",
               "先查看回收站内容（属主、原名、删除时间），并向属主确认是否仍需要某张已删除的表：只有在回收站中时才能用 "
               "FLASHBACK TABLE <属主>.<表名> TO BEFORE DROP 恢复。清除不可逆：已清除的对象只能从备份恢复。应先有选择地清除"
               "（PURGE TABLESPACE <表空间> [USER <用户>]，需 DROP TABLESPACE 或 SYSDBA 权限；或 PURGE TABLE <属主>.\"BIN$...\"，非属主需 DROP ANY TABLE 权限）；"
               "PURGE DBA_RECYCLEBIN 清空所有用户的回收站，需要 SYSDBA 或 PURGE DBA_RECYCLEBIN 系统权限。DBA_RECYCLEBIN 只显示当前容器的回收站：CDB 中查看或清除前须先连接到发现所指的容器。回收站中的表仍可"
               "读取：未加 PURGE 删除的客户数据表仍在其中。RECYCLEBIN 为 OFF 可能是站点有意的选择；重新开启为 "
               "ALTER SYSTEM SET recyclebin = ON DEFERRED（对新会话生效）。"),
        commands={"oracle": [
            "SELECT owner, original_name, object_name, type, ts_name, droptime, space FROM dba_recyclebin "
            "ORDER BY space DESC FETCH FIRST 50 ROWS ONLY;",
            "FLASHBACK TABLE <owner>.<original_name> TO BEFORE DROP;",
            "PURGE TABLESPACE <ts> USER <owner>;    -- irreversible; DROP TABLESPACE or SYSDBA",
            "PURGE DBA_RECYCLEBIN;    -- irreversible; SYSDBA or the PURGE DBA_RECYCLEBIN privilege"]},
        references=["https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_RECYCLEBIN.html",
                    "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/PURGE.html",
                    "https://docs.oracle.com/database/121/SQLRF/statements_9020.htm"],
    ),
    timeout_s=20,
    object_key=("ts_name",),
)
