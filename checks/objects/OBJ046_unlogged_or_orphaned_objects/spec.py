from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _pretty(v) -> str:
    """A size as a DBA reads it (pg_size_pretty's 1024 steps): '812 kB', '22.6 MB', '1.24 GB'."""
    n = num(v) or 0
    for unit, size in (("TB", 1024 ** 4), ("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if abs(n) >= size:
            q = n / size
            return f"{q:.2f} {unit}" if q < 10 else f"{q:.1f} {unit}" if q < 100 else f"{q:.0f} {unit}"
    return f"{int(n)} bytes"


TYPE_ZH = {"table": "表", "partitioned table": "分区表", "sequence": "序列", "large objects": "大对象"}


@uses("unlogged_objects", "orphan_large_objects")
def judge(rows, th, ctx) -> Verdict:
    """Unlogged relations are rated only while this primary feeds WAL copies (standbys, slots, base
    backups); large objects only when no column in the database could reference them."""
    unlogged = [r for r in rows if r.get("kind") == "unlogged"]
    lob = next((r for r in rows if r.get("kind") == "large_objects"), {})
    copies = int(num(rows[0].get("wal_copies")) or 0) if rows else 0
    n_unlogged = int(num(rows[0].get("unlogged_total")) or 0) if rows else 0
    n_lobs = int(num(lob.get("large_objects")) or 0)
    refs = int(num(lob.get("referencing_columns")) or 0)
    orphans = n_lobs if lob and refs == 0 else 0
    unlogged_outcome = th["unlogged_objects"].classify(n_unlogged) if copies else Outcome.OK
    lob_outcome = th["orphan_large_objects"].classify(orphans) if orphans else Outcome.OK
    first = unlogged[0] if unlogged else {}
    params = {"unlogged": n_unlogged, "wal_copies": copies, "large_objects": n_lobs, "referencing_columns": refs,
              "orphans": orphans, "lob_size": _pretty(lob.get("size_bytes")),
              "first": f"{first.get('schema_name')}.{first.get('object_name')}" if first else "—",
              "first_type": first.get("object_type") or "—", "first_size": _pretty(first.get("size_bytes")),
              "first_type_zh": TYPE_ZH.get(str(first.get("object_type")), first.get("object_type") or "—")}
    objects: dict[str, Outcome] = {}
    evidence: list[dict] = []
    if unlogged_outcome is not Outcome.OK:
        objects.update({ctx.object_of(r): unlogged_outcome for r in unlogged})
        evidence += unlogged
    if lob_outcome is not Outcome.OK:
        objects[ctx.object_of(lob)] = lob_outcome
        evidence.insert(0, lob)
    outcome = Outcome.worst([unlogged_outcome, lob_outcome])
    if outcome is Outcome.OK:
        message = "ok"
    elif unlogged_outcome.rank >= lob_outcome.rank:
        message = "unlogged_and_orphans" if lob_outcome is not Outcome.OK else "unlogged"
    else:
        message = "orphans"
    return Verdict(outcome=outcome, message=message, params=params,
                   evidence=(evidence or rows)[:EVIDENCE_LIMIT], total=len(evidence or rows), objects=objects)


_UNLOGGED = ("{unlogged} unlogged relation(s), e.g. {first} ({first_type}, {first_size}), while this primary feeds "
             "{wal_copies} WAL copy(ies) (standbys, physical slots, base backups, the WAL archive): unlogged data is "
             "never written to "
             "WAL, so it is empty on every standby, after a failover, after a crash and in any restore from backup")
_UNLOGGED_ZH = ("存在 {unlogged} 个 UNLOGGED 对象，例如 {first}（{first_type_zh}，{first_size}），而本主库正向 {wal_copies} 个 "
                "WAL 副本（备库、物理复制槽、基础备份、WAL 归档）输出：UNLOGGED 数据从不写入 WAL，因此在所有备库上、故障切换后、实例崩溃后"
                "以及任何从备份的恢复中都是空的")
_ORPHANS = ("{orphans} large object(s) ({lob_size} in pg_largeobject) and no column of type oid or lo in this database "
            "that could reference them: orphaned for certain (lo_unlink was never called)")
_ORPHANS_ZH = ("有 {orphans} 个大对象（pg_largeobject 中 {lob_size}），而本库没有任何 oid 或 lo 类型的列可以引用它们："
               "这些大对象必然是孤儿（从未调用 lo_unlink）")

SPEC = CheckSpec(
    code="OBJ046",
    name="unlogged_or_orphaned_objects",
    title=T("Unlogged tables on a replicated primary; orphaned large objects", "有备库的主库上存在 UNLOGGED 表；孤儿大对象"),
    category="objects",
    tier="weekly",
    engines={
        "postgresql": EngineSupport(min_version="13", privilege="login", roles=("primary",)),
    },
    scope="database",
    columns=("kind", "schema_name", "object_name", "object_type", "size_bytes", "large_objects", "referencing_columns",
             "wal_copies", "unlogged_total"),
    object_key=("schema_name", "object_name"),
    thresholds=(
        Threshold(name="unlogged_objects", unit="relations", warning=1, critical=None, direction="above",
                  rationale="digoal generate_report.sh: unlogged tables are not written to WAL, cannot reach a standby "
                            "by streaming or log shipping, are lost in a crash and not covered by PITR — not recommended; "
                            "pg-healthcheck G14-011 lists them (INFO); rated only while this primary feeds WAL copies"),
        Threshold(name="orphan_large_objects", unit="large objects", warning=1, critical=None, direction="above",
                  rationale="digoal generate_report.sh runs vacuumlo -n and calls unreferenced large objects a leak to "
                            "delete; counted here only when no oid/lo column exists (vacuumlo's referencing rule), since "
                            "checking the columns' values means reading the tables"),
    ),
    judge=judge,
    messages={
        "ok": T("{unlogged} unlogged relation(s) (rated only while this primary feeds WAL copies: {wal_copies} now); "
                "{large_objects} large object(s), {referencing_columns} oid/lo column(s) that could reference them "
                "(which ones they reference is not read: vacuumlo -n counts the orphans)",
                "{unlogged} 个 UNLOGGED 对象（仅在本主库向 WAL 副本输出时评估：当前 {wal_copies} 个）；{large_objects} "
                "个大对象，{referencing_columns} 个可能引用它们的 oid/lo 列（未读取具体引用关系：用 vacuumlo -n 统计孤儿）"),
        "unlogged": T(_UNLOGGED, _UNLOGGED_ZH),
        "unlogged_and_orphans": T(_UNLOGGED + "; and " + _ORPHANS, _UNLOGGED_ZH + "；另外" + _ORPHANS_ZH),
        "orphans": T(_ORPHANS, _ORPHANS_ZH),
    },
    remediation=RemediationSpec(
        text=T("Make tables that hold data the business needs after a failover logged (ALTER TABLE … SET LOGGED "
               "rewrites the table and writes all of it to WAL: plan for the WAL volume and an ACCESS EXCLUSIVE "
               "lock); keep unlogged only for data that can be rebuilt. Remove orphaned large objects with vacuumlo "
               "(dry run first with -n) or lo_unlink, and have applications unlink what they no longer use.",
               "对故障切换后业务仍需要的数据，把表改为 LOGGED（ALTER TABLE … SET LOGGED 会重写整表并把全部数据写入 WAL："
               "需预估 WAL 量并安排 ACCESS EXCLUSIVE 锁的窗口）；UNLOGGED 只用于可重建的数据。用 vacuumlo（先用 -n 试运行）"
               "或 lo_unlink 删除孤儿大对象，并让应用及时删除不再使用的大对象。"),
        commands={
            "postgresql": [
                "SELECT relnamespace::regnamespace, relname, relkind FROM pg_class WHERE relpersistence = 'u';",
                "ALTER TABLE <schema>.<table> SET LOGGED;  -- rewrites the table into WAL: maintenance window",
                "vacuumlo -n -v <database>   # dry run: lists the large objects it would remove",
                "SELECT lo_unlink(<oid>);",
            ],
        },
        references=["https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-UNLOGGED",
                    "https://www.postgresql.org/docs/current/vacuumlo.html",
                    "https://www.postgresql.org/docs/current/largeobjects.html"],
    ),
    timeout_s=10,
)
