from checks.judges import num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _truthy(v) -> bool:
    return v is True or str(v).lower() in ("1", "true", "t", "yes")


def _rate(row, th):
    if not row.get("archive_max"):
        # nothing archived by the server yet either (a new cluster): nothing is missing
        return (Outcome.CRITICAL, "no_archive") if row.get("last_archived_wal") else (Outcome.OK, "nothing_archived")
    if row.get("backup_wal_in_archive") is not None and not _truthy(row.get("backup_wal_in_archive")):
        return Outcome.CRITICAL, "backup_wal_missing"
    if _truthy(row.get("archived_not_in_repo")):
        return Outcome.CRITICAL, "archived_elsewhere"
    outcome = th["segments_behind"].classify(num(row.get("segments_behind")))
    return (outcome, "behind") if outcome is not Outcome.OK else (Outcome.OK, "ok")


@uses("segments_behind")
def judge(rows, th, ctx) -> Verdict:
    rated = sorted(((r, *_rate(r, th)) for r in rows), key=lambda x: -x[1].rank)
    row, outcome, message = rated[0]
    params = {**row, "segments_behind": int(num(row.get("segments_behind")) or 0),
              "backup_label": row.get("backup_label") or "-", "last_archived_wal": row.get("last_archived_wal") or "-"}
    return Verdict(outcome=outcome, message=message, params=params, evidence=[r for r, _, _ in rated],
                   objects={ctx.object_of(r): o for r, o, _ in rated})


SPEC = CheckSpec(
    code="BAK017",
    name="pgbackrest_archive_gap",
    title=T("pgBackRest's WAL archive behind the server, or not covering the newest backup",
            "pgBackRest 的 WAL 归档落后于服务器，或未覆盖最近一次备份"),
    category="backup",
    tier="daily",
    engines={
        # the WAL now (pg_current_wal_lsn) is a primary's; archiving off: pgBackRest's archive is not fed (BAK003)
        "postgresql": EngineSupport(min_version="10", privilege="login", roles=("primary",), requires=("archiving",)),
    },
    columns=("stanza", "repo_key", "archive_id", "archive_min", "archive_max", "wal_completed", "last_archived_wal",
             "segments_behind", "archived_not_in_repo", "backup_label", "backup_wal_start", "backup_wal_stop",
             "backup_wal_in_archive", "note"),
    thresholds=(
        Threshold(name="segments_behind", unit="WAL segments", warning=100, critical=500, direction="above",
                  rationale="completed WAL segments on the server that are not in the stanza's archive (archive.max of "
                            "pgbackrest info against pg_walfile_name(pg_current_wal_lsn())): the quantity pg-healthcheck "
                            "G02-003 counts as .ready files, with its wal_ready_warn_count 100 / wal_ready_critical_count 500 "
                            "(catalog PG-BAK-02); PITR cannot reach past the archive's newest segment"),
    ),
    judge=judge,
    messages={
        "ok": T("pgBackRest stanza {stanza} archive {archive_id}: WAL {archive_min} … {archive_max} in the repository, "
                "{segments_behind} completed segment(s) behind the server (its newest completed segment "
                "{wal_completed}); the newest backup {backup_label} has its WAL there",
                "pgBackRest stanza {stanza} 归档 {archive_id}：仓库中有 WAL {archive_min} … {archive_max}，落后服务器 "
                "{segments_behind} 个已完成的段（服务器最新完成的段为 {wal_completed}）；最近一次备份 {backup_label} "
                "所需的 WAL 均在其中"),
        "behind": T("pgBackRest stanza {stanza} archive {archive_id}: the repository's newest WAL is {archive_max}, "
                    "{segments_behind} completed segment(s) behind the server (its newest completed segment "
                    "{wal_completed}; threshold {segments_behind_warning} / {segments_behind_critical}): point-in-time "
                    "recovery stops there",
                    "pgBackRest stanza {stanza} 归档 {archive_id}：仓库中最新的 WAL 为 {archive_max}，落后服务器 "
                    "{segments_behind} 个已完成的段（服务器最新完成的段为 {wal_completed}；阈值 {segments_behind_warning} / "
                    "{segments_behind_critical}）：时间点恢复只能到此为止"),
        "nothing_archived": T("pgBackRest stanza {stanza}: no WAL in the repository's archive yet, and the server has "
                              "archived none (newest completed segment {wal_completed}): nothing is missing yet",
                              "pgBackRest stanza {stanza}：仓库归档中尚无 WAL，服务器也尚未归档任何段（最新完成的段为 "
                              "{wal_completed}）：目前没有缺失"),
        "no_archive": T("pgBackRest stanza {stanza}: no WAL at all in the repository's archive for this cluster, though "
                        "the server reports {last_archived_wal} archived: WAL goes elsewhere, and no backup can be "
                        "restored to consistency",
                        "pgBackRest stanza {stanza}：仓库归档中没有本集群的任何 WAL，而服务器报告已归档 {last_archived_wal}："
                        "WAL 被发送到了别处，任何备份都无法恢复到一致状态"),
        "backup_wal_missing": T("pgBackRest stanza {stanza} archive {archive_id}: the newest good backup {backup_label} needs "
                                "WAL {backup_wal_start} … {backup_wal_stop}, which is not inside the archive's "
                                "{archive_min} … {archive_max}: that backup cannot be restored to consistency",
                                "pgBackRest stanza {stanza} 归档 {archive_id}：最近一次成功备份 {backup_label} 需要 WAL "
                                "{backup_wal_start} … {backup_wal_stop}，不在归档范围 {archive_min} … {archive_max} 内："
                                "该备份无法恢复到一致状态"),
        "archived_elsewhere": T("pgBackRest stanza {stanza} archive {archive_id}: the server reports {last_archived_wal} "
                                "archived, but the repository's newest WAL is {archive_max}: archive_command sends WAL "
                                "somewhere else (another stanza or repository), so this stanza's backups cannot be "
                                "recovered past {archive_max}",
                                "pgBackRest stanza {stanza} 归档 {archive_id}：服务器报告已归档 {last_archived_wal}，但仓库中"
                                "最新的 WAL 为 {archive_max}：archive_command 把 WAL 发送到了别处（其他 stanza 或仓库），"
                                "该 stanza 的备份无法恢复到 {archive_max} 之后"),
    },
    remediation=RemediationSpec(
        text=T("Compare archive_command's --stanza (and --config / repository) with the stanza backed up; run pgbackrest "
               "check (it pushes a segment and waits for it in the repository). A backup whose WAL is not in the archive "
               "was taken with archive-check off or lost its WAL to an expire: take a new backup. A growing gap with "
               "archiving succeeding on the server means WAL goes elsewhere; with it failing, see BAK001 / BAK002.",
               "对比 archive_command 中的 --stanza（及 --config / 仓库）与实际备份的 stanza；运行 pgbackrest check（它会推送一个段"
               "并等待其出现在仓库中）。备份所需 WAL 不在归档中，说明备份时关闭了 archive-check 或 WAL 已被 expire 删除："
               "请重新备份。若服务器端归档成功而差距仍在扩大，说明 WAL 被发送到了别处；若归档失败，见 BAK001 / BAK002。"),
        commands={"postgresql": ["pgbackrest --stanza=<stanza> check", "pgbackrest --stanza=<stanza> info",
                                 "SHOW archive_command;", "SELECT * FROM pg_stat_archiver;"]},
        references=["https://pgbackrest.org/command.html#command-check",
                    "https://pgbackrest.org/user-guide.html#quickstart/configure-archiving"],
    ),
    timeout_s=30,
    basis="current",
    object_key=("stanza", "repo_key"),
)
