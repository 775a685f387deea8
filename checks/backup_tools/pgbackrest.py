"""pgBackRest's own record of a PostgreSQL instance: ``pgbackrest info --output=json`` for its stanza.

**Which stanza.** The inventory's ``backup: {tool: pgbackrest, stanza: NAME, config: PATH}`` on the
instance (dbpatrol/inventory.py BackupTool; the runner hands it to the session as ``session.backup``),
else the ``--stanza=`` (and ``--config=``) of a ``pgbackrest`` call in ``archive_command`` (a primary)
or ``restore_command`` (a standby), read by SQL — only those two words are kept, never the command text
(it may carry credentials). Neither: the checks do not apply (SKIPPED, saying how to name one).

**Where it runs.** ``pgbackrest info`` reads the repository and the configuration on the database host;
dbpatrol runs it there as one fixed argv (checks/commands.py): over the SSH command collector when one
is attached to the session, else on this machine when the instance's address is a loopback address,
else SKIPPED "not inspected" with the reason. The argv is fixed words plus the stanza and the config
path, both validated (:func:`check_stanza`, :func:`check_config`): no shell, no word from elsewhere.
It logs nothing on the host (``--log-level-file=off``, console off, warnings to stderr).

**Which cluster.** The stanza's ``db`` list carries each cluster's ``system-id``; only backups of the
database ids whose system-id is this server's (``pg_control_system()``) count, so a stanza pointing at
another cluster, or the backups of the cluster before a ``pg_upgrade``, are never taken for this one's.

**What pgBackRest records.** ``backup`` lists the *completed* backups (label, type full/diff/incr,
start/stop times, WAL range, ``error``: true when page checksum errors were found while copying).
A backup that failed or was killed leaves no entry (measured with 2.45: a backup stopped by
archive-timeout after copying its files left neither an entry nor a directory in the repository), so a
failed run shows as a missing one. ``status`` is the stanza's own health (0 ok, 1 missing stanza path,
2 no valid backups, 3 missing stanza data, 4 mixed across repositories, 5 database mismatch across
repositories, 99 other: the repository could not be read, per repository in ``repo[].status``);
``status.lock.backup.held``: a backup or expire is running now. ``archive[]`` gives the WAL range
(min, max) in the repository per database id: not whether segments inside it are missing (that is
``pgbackrest verify``, which reads every file, and is not run).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from checks import commands
from checks.collect import CollectContext, CollectSkip

from . import age_row, iso, window_row

TOOL = "pgbackrest"
_STANZA = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_CALL = re.compile(r"(?:^|[\s/;&|('\"])pgbackrest(?P<args>(?:\s+[^;&|\n]*)?)")
_OPT = r"--{name}(?:=|\s+)(?P<q>['\"]?)(?P<v>[^\s'\"]+)(?P=q)"
_WAL = re.compile(r"^[0-9A-F]{24}$")
# the stanza cannot be read at all: no backups or archive are known, the other checks say so and point here
UNREADABLE = {1: "missing stanza path", 3: "missing stanza data", 5: "database mismatch across repos", 99: "other"}


def check_stanza(v: str) -> str:
    """A stanza name fit to be one argv word: letters, digits, '_', '.', '-', not starting with '-'."""
    if not isinstance(v, str) or not _STANZA.fullmatch(v):
        raise ValueError("a stanza name is letters, digits, '_', '.' and '-' (at most 64, not starting with '-')")
    return v


def check_config(v: str) -> str:
    """An absolute path to pgbackrest.conf, one argv word: printable, no '..' step."""
    if not isinstance(v, str) or not v.startswith("/") or not v.isprintable() or len(v) > 1024 or "/../" in f"{v}/":
        raise ValueError("the pgBackRest configuration is an absolute path (/etc/pgbackrest/pgbackrest.conf)")
    return v


def from_command(text: str | None) -> tuple[str, str | None] | None:
    """(stanza, config) of the first ``pgbackrest … --stanza=NAME`` call in a command line, or None.
    Words that are not a valid stanza / absolute path are not taken."""
    for call in _CALL.finditer(text or ""):
        args = call.group("args")
        stanza = re.search(_OPT.format(name="stanza"), args)
        if not stanza or not _STANZA.fullmatch(stanza.group("v")):
            continue
        config = re.search(_OPT.format(name="config"), args)
        path = config.group("v") if config else None
        try:
            path = check_config(path) if path else None
        except ValueError:
            path = None
        return stanza.group("v"), path
    return None


SERVER_SQL = """
SELECT current_setting('archive_command')                                  AS archive_command,
       coalesce(current_setting('restore_command', true), '')               AS restore_command,
       (SELECT system_identifier::text FROM pg_control_system())             AS system_id,
       pg_is_in_recovery()                                                   AS in_recovery,
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE pg_walfile_name(pg_current_wal_lsn()) END                   AS wal_file,
       -- at a segment boundary (right after a switch) pg_walfile_name names the segment just completed
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE (pg_walfile_name_offset(pg_current_wal_lsn())).file_offset = 0 END AS wal_at_boundary,
       (SELECT setting::bigint * CASE unit WHEN 'B' THEN 1 WHEN 'kB' THEN 1024 WHEN '8kB' THEN 8192
                                           WHEN 'MB' THEN 1048576 ELSE 1 END
        FROM pg_settings WHERE name = 'wal_segment_size')                   AS wal_segment_bytes,
       (SELECT last_archived_wal FROM pg_stat_archiver)                      AS last_archived_wal
"""


@dataclass
class Stanza:
    """One ``pgbackrest info`` read for this instance, with what the server said about itself."""

    name: str
    config: str | None
    found_in: str  # inventory | archive_command | restore_command
    where: str
    data: dict[str, Any]
    server: dict[str, Any]
    argv: tuple[str, ...] = ()
    db_keys: set = field(default_factory=set)  # (db id, repo key) of this server's cluster

    @property
    def status_code(self) -> int | None:
        code = (self.data.get("status") or {}).get("code")
        return int(code) if code is not None else None

    @property
    def status_message(self) -> str:
        return str((self.data.get("status") or {}).get("message") or "")

    @property
    def running(self) -> bool:
        return bool((((self.data.get("status") or {}).get("lock") or {}).get("backup") or {}).get("held"))

    @property
    def repo_status(self) -> str:
        return "; ".join(f"repo{r.get('key')}: {(r.get('status') or {}).get('code')} {(r.get('status') or {}).get('message')}"
                         for r in self.data.get("repo") or [])

    @property
    def matches_server(self) -> bool:
        return bool(self.db_keys) or not self.data.get("db")

    def stanza_system_ids(self) -> list[str]:
        return sorted({str(d.get("system-id")) for d in self.data.get("db") or []})

    def backups(self) -> list[dict[str, Any]]:
        """This cluster's completed backups: label, kind, start/stop epochs, good, error, WAL range."""
        out = []
        for b in self.data.get("backup") or []:
            db = b.get("database") or {}
            if (db.get("id"), db.get("repo-key")) not in self.db_keys:
                continue
            ts = b.get("timestamp") or {}
            errored = b.get("error") is True
            out.append({"label": b.get("label"), "kind": b.get("type"), "start": ts.get("start"), "stop": ts.get("stop"),
                        "good": not errored, "repo": db.get("repo-key"),
                        "error": ("page checksum errors found while copying" +
                                  (f": {', '.join(map(str, b['error-list'][:5]))}" if b.get("error-list") else ""))
                        if errored else None,
                        "wal_start": (b.get("archive") or {}).get("start"), "wal_stop": (b.get("archive") or {}).get("stop"),
                        "version": (b.get("backrest") or {}).get("version")})
        return sorted(out, key=lambda b: b["stop"] or 0)

    def archives(self) -> list[dict[str, Any]]:
        return [a for a in self.data.get("archive") or []
                if ((a.get("database") or {}).get("id"), (a.get("database") or {}).get("repo-key")) in self.db_keys]

    def repos(self) -> list[tuple[Any, str]]:
        """(repo key, its status words) of each repository pgBackRest lists (one (None, '') when it lists none)."""
        out = [(r.get("key"), f"{(r.get('status') or {}).get('code')} {(r.get('status') or {}).get('message')}")
               for r in self.data.get("repo") or []]
        return out or [(None, "")]

    def source(self, repo=None) -> str:
        """'stanza NAME', with ' repoN' when the stanza has more than one repository: each is judged apart, so
        one stale or unreadable repository is not hidden behind another's fresh backups."""
        return f"stanza {self.name}" + (f" repo{repo}" if repo is not None and len(self.repos()) > 1 else "")


def _stanza_of(ctx: CollectContext, server: dict[str, Any]) -> tuple[str, str | None, str]:
    configured = getattr(ctx.session, "backup", None)
    if configured is not None and getattr(configured, "tool", None) == TOOL:
        return check_stanza(configured.stanza), (check_config(configured.config) if configured.config else None), "inventory"
    for setting in ("archive_command", "restore_command"):
        found = from_command(server.get(setting))
        if found:
            return found[0], found[1], setting
    raise CollectSkip("not_applicable",
                      "no pgBackRest stanza for this instance: the inventory names none (a backup: block with tool: "
                      "pgbackrest and stanza: NAME) and neither archive_command nor restore_command runs pgbackrest "
                      "--stanza=…",
                      "此实例没有 pgBackRest stanza：巡检清单未配置（backup: 块，tool: pgbackrest，stanza: 名称），"
                      "archive_command 与 restore_command 也未调用 pgbackrest --stanza=…")


def argv(stanza: str, config: str | None) -> list[str]:
    return [TOOL, "--output=json", "--log-level-console=off", "--log-level-stderr=warn", "--log-level-file=off",
            f"--stanza={check_stanza(stanza)}", *([f"--config={check_config(config)}"] if config else []), "info"]


def _read(ctx: CollectContext) -> Stanza:
    server = ctx.run(SERVER_SQL)[0]
    name, config, found_in = _stanza_of(ctx, server)
    words = argv(name, config)
    result, where = commands.run(ctx.session, TOOL, words, ctx.timeout_s)
    if result.exit_status in (126, 127):
        raise CollectSkip("unreachable", f"pgbackrest is not installed (or not executable) on {where}: {result.error}",
                          f"{where} 上未安装 pgbackrest（或不可执行）：{result.error}")
    if result.exit_status != 0:
        raise CollectSkip("unreachable", f"pgbackrest info for stanza {name} failed on {where} (exit {result.exit_status}): "
                                         f"{result.error}",
                          f"在 {where} 上执行 stanza {name} 的 pgbackrest info 失败（退出码 {result.exit_status}）：{result.error}")
    try:
        doc = json.loads(result.stdout.decode("utf-8", "replace"))
    except ValueError as exc:
        raise RuntimeError(f"pgbackrest info did not print JSON ({exc})") from None
    data = next((s for s in doc if isinstance(s, dict) and s.get("name") == name), None) if isinstance(doc, list) else None
    if data is None:
        raise RuntimeError(f"pgbackrest info printed no stanza {name}")
    stanza = Stanza(name, config, found_in, where, data, server, tuple(words))
    sid = str(server.get("system_id"))
    stanza.db_keys = {(d.get("id"), d.get("repo-key")) for d in data.get("db") or [] if str(d.get("system-id")) == sid}
    return stanza


def read(ctx: CollectContext) -> Stanza:
    """This instance's stanza as pgBackRest reports it, read once per inspection (ctx.memo)."""

    def compute():
        try:
            return _read(ctx)
        except Exception as exc:  # noqa: BLE001 - kept and raised to every check that asks (one timeout, not four)
            return exc

    got = ctx.memo(("pgbackrest-info",), compute)
    if isinstance(got, BaseException):
        raise got
    return got


def readable(ctx: CollectContext) -> Stanza:
    """The stanza, for the checks that read its backups or archive: SKIPPED (not inspected) when it
    describes another cluster or pgBackRest cannot read it — BAK016 reports those."""
    s = read(ctx)
    if not s.matches_server:
        raise CollectSkip("unreachable", f"stanza {s.name} describes another cluster (system-id "
                                         f"{', '.join(s.stanza_system_ids())}, this server "
                                         f"{s.server.get('system_id')}): its backups are not this server's (see BAK016)",
                          f"stanza {s.name} 记录的是另一个集群（system-id {', '.join(s.stanza_system_ids())}，本服务器为 "
                          f"{s.server.get('system_id')}）：其中的备份不属于本服务器（见 BAK016）")
    if s.status_code in UNREADABLE:
        raise CollectSkip("unreachable", f"pgBackRest cannot read stanza {s.name} (status {s.status_code} "
                                         f"{s.status_message}; {s.repo_status}): see BAK016",
                          f"pgBackRest 无法读取 stanza {s.name}（状态 {s.status_code} {s.status_message}；{s.repo_status}）："
                          f"见 BAK016")
    return s


def _note(s: Stanza) -> str:
    return f"read on {s.where} (stanza from {s.found_in.replace('_', ' ')})"


# ----- the rows of each check -----------------------------------------------------------------------

def _per_repo(s: Stanza):
    """(repo key, note, that repository's backups) for each repository of the stanza."""
    backups = s.backups()
    repos = s.repos()
    for key, status in repos:
        mine = [b for b in backups if key is None or b["repo"] == key]
        note = _note(s) + (f"; repo{key} status {status}" if len(repos) > 1 else "")
        yield key, note, mine


def age_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    s = readable(ctx)
    rows = []
    for key, note, backups in _per_repo(s):
        good = [b for b in backups if b["good"]]
        rows.append(age_row(TOOL, s.source(key), good, len(backups) - len(good), ctx.window_end, note))
    return rows


def window_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    s = readable(ctx)
    # pgBackRest records completed backups only: a failed attempt is not in info (records_failures False)
    return [window_row(TOOL, s.source(key), backups, ctx.window_start, ctx.window_end, records_failures=False,
                       running_now=s.running, note=note)
            for key, note, backups in _per_repo(s)]


def status_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    s = read(ctx)
    backups = s.backups()
    return [{"stanza": s.name, "status_code": s.status_code, "status_message": s.status_message,
             "repo_status": s.repo_status, "backup_running": s.running, "system_id_match": s.matches_server,
             "stanza_system_ids": ", ".join(s.stanza_system_ids()), "server_system_id": s.server.get("system_id"),
             "pgbackrest_version": backups[-1]["version"] if backups else None, "note": _note(s)}]


def _segno(name: str, seg_bytes: int) -> int:
    per = 0x100000000 // seg_bytes
    return int(name[8:16], 16) * per + int(name[16:24], 16)


def _completed(wal_file: str | None, at_boundary, seg_bytes: int) -> str | None:
    """The server's newest completed WAL segment: the one pg_walfile_name names at a segment boundary
    (it names the segment an LSN ends), else the one before the segment being written."""
    if not wal_file or not _WAL.fullmatch(wal_file):
        return None
    n = _segno(wal_file, seg_bytes) - (0 if at_boundary else 1)
    per = 0x100000000 // seg_bytes
    return f"{wal_file[:8]}{n // per:08X}{n % per:08X}" if n >= 0 else None


def archive_rows(ctx: CollectContext) -> list[dict[str, Any]]:
    s = readable(ctx)
    seg = int(s.server.get("wal_segment_bytes") or 16 << 20)
    done = _completed(s.server.get("wal_file"), s.server.get("wal_at_boundary"), seg)
    archived = str(s.server.get("last_archived_wal") or "")[:24]
    archived = archived if _WAL.fullmatch(archived) else None  # not a .history file, a .partial
    good = [b for b in s.backups() if b["good"]]
    rows = []
    archives = s.archives() or [{"id": None, "min": None, "max": None, "database": {"repo-key": None}}]
    for a in archives:
        repo = (a.get("database") or {}).get("repo-key")
        lo, hi = a.get("min"), a.get("max")
        newest = next((b for b in reversed(good) if repo is None or b["repo"] == repo), None)
        behind = None
        if done and hi and _WAL.fullmatch(hi):
            behind = max(0, _segno(done, seg) - _segno(hi, seg))
        in_archive = None
        if newest and newest["wal_start"] and newest["wal_stop"]:
            in_archive = bool(lo and hi and lo <= newest["wal_start"] and newest["wal_stop"] <= hi)
        rows.append({"stanza": s.name, "repo_key": repo, "archive_id": a.get("id"), "archive_min": lo, "archive_max": hi,
                     "wal_completed": done, "last_archived_wal": archived, "segments_behind": behind,
                     "archived_not_in_repo": bool(archived and hi and _segno(archived, seg) > _segno(hi, seg))
                     if archived and hi else (bool(archived) and not hi),
                     "backup_label": newest and newest["label"], "backup_wal_start": newest and newest["wal_start"],
                     "backup_wal_stop": newest and newest["wal_stop"], "backup_wal_in_archive": in_archive,
                     "note": _note(s)})
    return rows


__all__ = ["Stanza", "age_rows", "archive_rows", "argv", "check_config", "check_stanza", "from_command", "iso", "read",
           "status_rows", "window_rows"]
