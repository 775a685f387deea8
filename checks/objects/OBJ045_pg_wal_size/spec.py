from decimal import Decimal

from checks.judges import EVIDENCE_LIMIT, num, uses
from checks.spec import CheckSpec, EngineSupport, RemediationSpec, T, Threshold, Verdict
from dbpatrol.results import Outcome


def _plain(row: dict) -> dict:
    """A row's values for a message: driver Decimals as numbers, so they print like the evidence does."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def _pretty(v) -> str:
    """A size as a DBA reads it (pg_size_pretty's 1024 steps): '812 kB', '22.6 MB', '1.24 GB'."""
    n = num(v) or 0
    for unit, size in (("TB", 1024 ** 4), ("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if abs(n) >= size:
            q = n / size
            return f"{q:.2f} {unit}" if q < 10 else f"{q:.1f} {unit}" if q < 100 else f"{q:.0f} {unit}"
    return f"{int(n)} bytes"


def _keep(v, unlimited: str) -> str:
    """max_slot_wal_keep_size as shown: -1 is no limit."""
    n = num(v)
    if n is not None and n < 0:
        return unlimited
    return "—" if v is None else str(v)


@uses("soft_limit_pct", "wal_gb")
def judge(rows, th, ctx) -> Verdict:
    """The one row against the configured soft limit (max_wal_size + wal_keep_size) and, when a site sets
    it, an absolute size; the message names what holds the WAL: a slot, the archiver, or neither."""
    if not rows:
        return Verdict(outcome=Outcome.OK, message="ok", params={}, evidence=[])
    row = rows[0]
    relative = th["soft_limit_pct"].classify(num(row.get("soft_limit_pct")))
    absolute = th["wal_gb"].classify(num(row.get("wal_gb")))
    outcome = Outcome.worst([relative, absolute])
    wal, limit = num(row.get("wal_bytes")) or 0, num(row.get("max_wal_size_bytes")) or 0
    slot = num(row.get("slot_retained_bytes")) or 0
    params = {**_plain(row), "wal": _pretty(wal), "soft_limit": _pretty(row.get("soft_limit_bytes")),
              "max_wal_size": _pretty(limit), "wal_keep_size": _pretty(row.get("wal_keep_size_bytes")),
              "slot_retained": _pretty(slot), "since_checkpoint": _pretty(row.get("since_checkpoint_bytes")),
              "value": num(row.get("soft_limit_pct")), "archive_ready": int(num(row.get("archive_ready")) or 0),
              "slot_name": row.get("slot_name") or "—",
              # booleans and -1 as words, per language (nit 26)
              "slot_active": "yes" if row.get("slot_active") else "no", "slot_active_zh": "是" if row.get("slot_active") else "否",
              "max_slot_wal_keep_size": _keep(row.get("max_slot_wal_keep_size"), "unlimited"),
              "max_slot_wal_keep_size_zh": _keep(row.get("max_slot_wal_keep_size"), "不限")}
    if outcome is Outcome.OK:
        message = "ok"
    elif absolute.rank > relative.rank:
        message = "absolute"
    elif row.get("slot_name") and slot > limit:  # the oldest slot alone holds more than checkpoints keep
        message = "slot"
    elif params["archive_ready"] > 0:
        message = "archiver"
    else:
        message = "problem"
    return Verdict(outcome=outcome, message=message, params=params, evidence=rows[:EVIDENCE_LIMIT])


SPEC = CheckSpec(
    code="OBJ045",
    name="pg_wal_size",
    title=T("pg_wal directory larger than the WAL the server is set to keep", "pg_wal 目录超过服务器配置应保留的 WAL"),
    category="objects",
    tier="weekly",
    engines={
        # pg_ls_waldir() and pg_ls_archive_statusdir() are granted to pg_monitor
        "postgresql": EngineSupport(min_version="13", privilege="pg_monitor"),
    },
    columns=("role", "wal_bytes", "wal_gb", "wal_segments", "max_wal_size_bytes", "wal_keep_size_bytes",
             "soft_limit_bytes", "soft_limit_pct", "since_checkpoint_bytes", "slot_name", "slot_type", "slot_active",
             "slot_retained_bytes", "max_slot_wal_keep_size", "archive_ready"),
    object_key=(),  # the instance's one pg_wal directory
    thresholds=(
        Threshold(name="soft_limit_pct", unit="% of max_wal_size + wal_keep_size", warning=150, critical=300,
                  direction="above",
                  rationale="PostgreSQL WAL Configuration: max_wal_size is a soft limit — a busy server recycles up to "
                            "it (measured: exactly 100 % after a write burst) and overshoots briefly while a spread "
                            "checkpoint completes; beyond that only a failing archiver, wal_keep_size or a replication "
                            "slot hold WAL (PMM stale_replication_slot flags slot retention > max_wal_size, PG-RUN-09). "
                            "1.5× leaves the overshoot, 3× means WAL is not being recycled. Relative, because pgwatch's "
                            "absolute 1 GB / 10 GB (PG-OBJ-15) sits at the default max_wal_size and stays red on a "
                            "server set to 64 GB"),
        Threshold(name="wal_gb", unit="GB", warning=None, critical=None, direction="above",
                  rationale="unset by default: an absolute size only means something against the pg_wal filesystem, "
                            "which the OS collector reads (PG-OBJ-14); pg-healthcheck's wal_dir 20/50 GB advice is 40 % / "
                            "70 % of the pg_wal partition — set e.g. OBJ045.wal_gb=40/70 for a 100 GB partition"),
    ),
    judge=judge,
    messages={
        "ok": T("pg_wal holds {wal} in {wal_segments} segment(s), {value}% of the {soft_limit} this {role} is set to "
                "keep (max_wal_size {max_wal_size} + wal_keep_size {wal_keep_size})",
                "pg_wal 中有 {wal}（{wal_segments} 个段文件），为配置应保留量 {soft_limit}（max_wal_size "
                "{max_wal_size} + wal_keep_size {wal_keep_size}）的 {value}%"),
        "absolute": T("pg_wal holds {wal} (threshold {wal_gb_warning} GB set for this site), {value}% of the "
                      "{soft_limit} this {role} is set to keep; oldest slot {slot_name} retains {slot_retained}, "
                      "{archive_ready} segment(s) wait for the archiver",
                      "pg_wal 中有 {wal}（本站点设定的阈值 {wal_gb_warning} GB），为配置应保留量 {soft_limit} 的 {value}%；"
                      "最旧的复制槽 {slot_name} 保留了 {slot_retained}，有 {archive_ready} 个段文件在等待归档"),
        "slot": T("pg_wal holds {wal}, {value}% of the {soft_limit} this {role} is set to keep (threshold "
                  "{soft_limit_pct_warning}%): replication slot {slot_name} ({slot_type}, "
                  "active: {slot_active}) alone retains {slot_retained} (max_slot_wal_keep_size {max_slot_wal_keep_size})",
                  "pg_wal 中有 {wal}，为配置应保留量 {soft_limit} 的 {value}%（阈值 {soft_limit_pct_warning}%）："
                  "复制槽 {slot_name}（{slot_type}，活动：{slot_active_zh}）单独就保留了 "
                  "{slot_retained}（max_slot_wal_keep_size 为 {max_slot_wal_keep_size_zh}）"),
        "archiver": T("pg_wal holds {wal}, {value}% of the {soft_limit} this {role} is set to keep (threshold "
                      "{soft_limit_pct_warning}%): {archive_ready} segment(s) wait for the "
                      "archiver (.ready), so they cannot be recycled — see BAK001/BAK002",
                      "pg_wal 中有 {wal}，为配置应保留量 {soft_limit} 的 {value}%（阈值 {soft_limit_pct_warning}%）："
                      "有 {archive_ready} 个段文件在等待归档（.ready），无法回收——参见 "
                      "BAK001/BAK002"),
        "problem": T("pg_wal holds {wal}, {value}% of the {soft_limit} this {role} is set to keep (threshold "
                     "{soft_limit_pct_warning}%); no slot or archive backlog explains it: "
                     "{since_checkpoint} written since the last checkpoint — heavy load or checkpoints falling behind",
                     "pg_wal 中有 {wal}，为配置应保留量 {soft_limit} 的 {value}%（阈值 {soft_limit_pct_warning}%）；"
                     "复制槽和归档积压都不能解释：自上次检查点以来写入了 {since_checkpoint}"
                     "——负载过重或检查点跟不上"),
    },
    remediation=RemediationSpec(
        text=T("Find what holds the WAL before the filesystem fills (a full pg_wal stops the server): a slot whose "
               "consumer is gone (drop it, or cap slots with max_slot_wal_keep_size), a failing archive_command (fix "
               "it; never delete WAL files by hand), or a checkpoint that cannot keep up (raise max_wal_size only "
               "with the disk to hold it).",
               "在文件系统写满之前找出占住 WAL 的原因（pg_wal 写满会导致实例停止）：消费者已不存在的复制槽（删除它，或用 "
               "max_slot_wal_keep_size 限制复制槽保留量）、失败的 archive_command（修复它；切勿手工删除 WAL 文件），或跟不上"
               "的检查点（只有磁盘容得下时才调大 max_wal_size）。"),
        commands={
            "postgresql": [
                "SELECT count(*), pg_size_pretty(sum(size)) FROM pg_ls_waldir();",
                "SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) "
                "FROM pg_replication_slots ORDER BY restart_lsn;",
                "SELECT * FROM pg_stat_archiver;",
                "ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf();",
            ],
        },
        references=["https://www.postgresql.org/docs/current/wal-configuration.html",
                    "https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-GENFILE",
                    "https://www.postgresql.org/docs/current/runtime-config-replication.html#GUC-MAX-SLOT-WAL-KEEP-SIZE"],
    ),
    timeout_s=5,
)
