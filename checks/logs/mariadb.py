"""MariaDB's error log (``@@log_error``), read where dbpatrol runs when the server runs there too,
else over SSH on the instance's host.

MariaDB has no SQL view of its error log (MySQL 8's ``performance_schema.error_log`` is MySQL's
alone), so the file is read directly: on this host when the instance's address is loopback (the server
runs here) and the file is readable by dbpatrol's OS user; on another host over SSH when the inventory
gives the host ``ssh:`` (dbpatrol/ssh.py: ``stat -c %s FILE`` for its size, ``dd if=FILE
iflag=skip_bytes,count_bytes skip=OFFSET count=LENGTH`` for each range the reader asks, the same byte
ranges as locally); otherwise the checks are SKIPPED "not inspected" saying why.

Lines: ``2026-12-01 13:42:43 6 [Warning] message`` (10.x: date, time, thread id, level; older
``261201 13:42:43 [ERROR] …``); lines without a time (a stack trace, mysqld_safe) belong to the entry
above. **Times are the server's local time** with no zone written: they are read in the zone whose
UTC offset the server reports now (``TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW())`` in its system
time zone) — with this host's zone rules when its offset is the same now (daylight-saving changes then
fall right), else at that fixed offset (a line written before a daylight-saving change is then off by
that change; the finding says which).

The levels ``[ERROR]`` / ``[Warning]`` / ``[Note]`` are not translated, the messages are
(``lc_messages``): a failed login is recognised by ER_ACCESS_DENIED_ERROR's text in every language
the server ships, read from its own ``errmsg.sys`` catalogs (``@@lc_messages_dir``, on this host).
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import ipaddress
import os
import re
import struct
from zoneinfo import ZoneInfo

from dbpatrol.log_offsets import FileState

from ..collect import CollectContext, CollectSkip
from . import event_rows, summary_row
from .pg_format import Reader, Record
from .pg_messages import to_regex
from .reading import LogRead, finish, group, read_file

FACTS_SQL = ("SELECT @@log_error AS log_error, @@datadir AS datadir, @@log_warnings AS log_warnings, "
             "@@lc_messages AS lc_messages, @@lc_messages_dir AS lc_messages_dir, @@basedir AS basedir, "
             "@@system_time_zone AS system_time_zone, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW()) AS utc_offset_s")
SOURCE = "mariadb.error_log"
# the English texts of the messages recognised in every language (errmsg.sys keeps them in one order)
ACCESS_DENIED = ("Access denied for user '%s'@'%s' (using password: %s)",  # ER_ACCESS_DENIED_ERROR 1045
                 "Access denied for user '%s'@'%s'")  # ER_ACCESS_DENIED_NO_PASSWORD_ERROR 1698
_LINE = re.compile(r"^(?P<date>\d{4}-\d\d-\d\d|\d{6}) +(?P<time>\d{1,2}:\d\d:\d\d)(?: +(?P<thread>\d+))? +"
                   r"\[(?P<level>[A-Za-z]+)\] ?(?P<msg>.*)$")
_SIGNAL = re.compile(r"\bgot signal (\d+)")
LEVELS = {"ERROR": "ERROR", "WARNING": "WARNING", "NOTE": "NOTE", "SYSTEM": "SYSTEM"}


# ----- the server's own catalogs ----------------------------------------------------------------


def _texts(path: str) -> list[str]:
    """The messages of one errmsg.sys in error-number order: a 32-byte header (message count at 12,
    section count at 14), a 2-byte entry per section and per message, then the NUL-terminated texts."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 32 or data[:2] != b"\xfe\xfe":
        return []
    count, sections = struct.unpack_from("<HH", data, 12)
    texts = data[32 + 2 * sections + 2 * count:].split(b"\x00")
    return [t.decode("utf-8", "replace") for t in texts[:count]]


@functools.lru_cache(maxsize=8)
def access_denied_patterns(messages_dir: str) -> tuple[tuple[re.Pattern, ...], tuple[str, ...]]:
    """ER_ACCESS_DENIED_ERROR / _NO_PASSWORD_ERROR in every language under ``messages_dir`` (plus
    English), as regexes; and the languages read."""
    texts = {lang: _texts(p) for p in sorted(glob.glob(os.path.join(messages_dir or "", "*", "errmsg.sys")))
             for lang in [os.path.basename(os.path.dirname(p))]}
    english = texts.get("english") or []
    wanted = {english.index(m) for m in ACCESS_DENIED if m in english}
    variants = set(ACCESS_DENIED)
    for msgs in texts.values():
        variants.update(msgs[i] for i in wanted if i < len(msgs) and msgs[i])
    # MariaDB writes the templates with %-.48s-style widths in older releases: to_regex takes both
    return tuple(re.compile(to_regex(v), re.S) for v in sorted(variants)), tuple(sorted(texts))


# ----- the file ---------------------------------------------------------------------------------


class MariaReader(Reader):
    """Entries of a MariaDB error log; a line without a time continues the entry above it."""

    def __init__(self, tz):
        super().__init__(tz)
        self._pending: Record | None = None
        self._pending_end = 0

    def _close(self):
        if self._pending is not None:
            self.records.append(self._pending)
            self.consumed = self._pending_end
            self._pending = None

    def line(self, text, start, end):
        m = _LINE.match(text)
        if m is None:
            if self._pending is not None:
                self._pending.message += "\n" + text
                self._pending_end = end
            else:
                self.unparsed += 1
                self.consumed = end
            return
        self._close()
        date = m.group("date")
        try:
            naive = dt.datetime.strptime(f"{date} {m.group('time')}", "%Y-%m-%d %H:%M:%S" if "-" in date else "%y%m%d %H:%M:%S")
            at = naive.replace(tzinfo=self.tz).astimezone(dt.timezone.utc)
        except ValueError:
            at = None
        word = m.group("level")
        self._pending = Record(offset=start, logged_at=at, severity_word=f"[{word}]",
                               severity=LEVELS.get(word.upper()), sqlstate=None, message=m.group("msg"),
                               pid=m.group("thread"))
        self._pending_end = end

    def flush(self):
        self._close()


def classify(rec: Record, patterns) -> list[tuple[str, str | None, str]]:
    out = []
    first = rec.message.split("\n", 1)[0].strip()
    signal = _SIGNAL.search(first)
    if signal and rec.severity in ("ERROR", None):
        out.append(("crash", f"signal {signal.group(1)}", "message"))
    elif rec.severity == "ERROR":
        out.append(("error", None, "severity"))
    if rec.severity in ("WARNING", "NOTE", "ERROR") and any(p.fullmatch(first) for p in patterns):
        out.append(("auth_failure", "1045", "message"))
    return out


class _SshLog:
    """The log file on the instance's host, read by byte ranges over SSH (fixed ``dd`` argv)."""

    def __init__(self, ctx: CollectContext, start, end, budget: int):
        self.ctx, self.start, self.end, self.budget = ctx, start, end, budget

    def read(self, path: str, offset: int, length: int) -> bytes:
        from checks.host import run

        r = run(self.ctx, ["dd", f"if={path}", "bs=65536", "iflag=skip_bytes,count_bytes", f"skip={int(offset)}",
                           f"count={int(length)}", "status=none"], cache=False, max_bytes=int(length) + 1)
        if not r.ok:
            raise RuntimeError(f"dd {path} on the host: {r.error}")
        return r.stdout


def _remote_size(ctx: CollectContext, host: str, path: str) -> int:
    """The log's size on the instance's host over SSH; CollectSkip when there is no SSH access or the
    file cannot be read there."""
    from checks.host import access, run
    from dbpatrol.ssh import safe_path

    try:
        access(ctx)
    except CollectSkip as skip:
        raise CollectSkip("unreachable",
                          f"the error log {path} is on {host}, not on the host dbpatrol runs on, and it is read over "
                          f"SSH: {skip.en.removeprefix('not inspected: ')}",
                          f"错误日志 {path} 位于 {host}，不在 dbpatrol 所在主机上，需通过 SSH 读取："
                          f"{skip.zh.removeprefix('未巡检：')}") from None
    try:
        path = safe_path(path)
    except ValueError as exc:
        raise CollectSkip("unreachable", f"the error log path cannot be read over SSH: {exc}",
                          f"错误日志路径无法通过 SSH 读取：{exc}") from None
    st = run(ctx, ["stat", "-L", "-c", "%s", path])
    if not st.ok or not st.text.strip().isdigit():
        raise CollectSkip("unreachable", f"the error log {path} on {host} cannot be read over SSH ({st.error})",
                          f"无法通过 SSH 读取 {host} 上的错误日志 {path}（{st.error}）")
    probe = run(ctx, ["dd", f"if={path}", "bs=1", "count=1", "status=none"], cache=False)
    if not probe.ok:
        raise CollectSkip("privilege", f"read access to {path} on {host} for the ssh user ({probe.error}): e.g. add it "
                          "to the file's group (adm / mysql)",
                          f"ssh 用户对 {host} 上 {path} 的读权限（{probe.error}）：例如将其加入该文件所属组（adm / mysql）")
    return int(st.text.strip())


class _LocalLog:
    """A log file read on this host, with the same interface as the SQL reads of checks/logs/reading."""

    def __init__(self, start, end, budget: int):
        self.start, self.end, self.budget = start, end, budget

    def read(self, path: str, offset: int, length: int) -> bytes:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read(length)


def _loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain", "") or host.startswith("/"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_zone(offset_s: int) -> tuple[dt.tzinfo, str]:
    """This host's zone when its UTC offset now is the server's, else the server's fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name and os.path.islink("/etc/localtime"):
        target = os.path.realpath("/etc/localtime")
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        zone = ZoneInfo(name or "UTC")
    except (ValueError, OSError):
        zone = None
    if zone is not None:
        now = dt.datetime.now(zone).utcoffset()
        if now is not None and int(now.total_seconds()) == offset_s:
            return zone, name or "UTC"
    return dt.timezone(dt.timedelta(seconds=offset_s)), ""


def _offset_text(s: int) -> str:
    sign = "-" if s < 0 else "+"
    return f"{sign}{abs(s) // 3600:02d}:{abs(s) % 3600 // 60:02d}"


def read_log(ctx: CollectContext) -> LogRead:
    facts = ctx.run(FACTS_SQL)[0]
    log_error = str(facts.get("log_error") or "").strip()
    if not log_error or log_error.lower() in ("stderr", "0"):
        raise CollectSkip("not_applicable",
                          "log_error is empty: MariaDB writes its error log to stderr (the service manager's journal), "
                          "not to a file that can be read",
                          "log_error 为空：MariaDB 将错误日志写到 stderr（服务管理器的 journal），而非可读取的文件")
    path = log_error if os.path.isabs(log_error) else os.path.normpath(os.path.join(str(facts.get("datadir") or ""),
                                                                                    log_error))
    host = ctx.session.target.host
    remote_size = None if _loopback(host) else _remote_size(ctx, host, path)
    if remote_size is None and not os.path.exists(path):
        raise CollectSkip("unreachable",
                          f"the error log {path} that the server names does not exist on this host (the server runs "
                          "in a container or another mount namespace?)",
                          f"服务器给出的错误日志 {path} 在本机不存在（服务器运行在容器或其他挂载命名空间中？）")
    if remote_size is None and not os.access(path, os.R_OK):
        raise CollectSkip("privilege",
                          f"read access to {path} for dbpatrol's OS user (uid {os.getuid()}): e.g. add it to the "
                          "file's group (adm / mysql)",
                          f"dbpatrol 的操作系统用户（uid {os.getuid()}）对 {path} 的读权限：例如将其加入该文件所属组（adm / mysql）")
    offset_s = int(round(int(facts.get("utc_offset_s") or 0) / 60.0)) * 60
    tz, zone_name = _host_zone(offset_s)
    # an empty lc_messages_dir is the compiled-in share directory: <basedir>/share/mysql (Debian) or …/mariadb
    dirs = [str(facts.get("lc_messages_dir") or "")] if facts.get("lc_messages_dir") else [
        os.path.join(str(facts.get("basedir") or "/usr"), "share", d) for d in ("mysql", "mariadb")]
    patterns, languages = next((found for found in map(access_denied_patterns, dirs) if found[1]),
                               access_denied_patterns(dirs[0]))
    lc = str(facts.get("lc_messages") or "")
    tz_note = (f"times are the server's local time (system_time_zone {facts.get('system_time_zone')}, UTC"
               f"{_offset_text(offset_s)} now), read with this host's zone rules ({zone_name})" if zone_name else
               f"times are the server's local time (system_time_zone {facts.get('system_time_zone')}), read at its "
               f"current offset UTC{_offset_text(offset_s)}: lines from before a daylight-saving change are off by it")
    tz_note_zh = (f"时间为服务器本地时间（system_time_zone {facts.get('system_time_zone')}，当前 UTC{_offset_text(offset_s)}），"
                  f"按本机时区规则（{zone_name}）换算" if zone_name else
                  f"时间为服务器本地时间（system_time_zone {facts.get('system_time_zone')}），按当前偏移 UTC"
                  f"{_offset_text(offset_s)} 换算：夏令时切换之前的行会偏差相应时长")
    if languages:
        cls = (f"classified by level ([ERROR], not translated) and, for failed logins, by the server's own message "
               f"catalogs in {len(languages)} languages (lc_messages = {lc})",
               f"按级别（[ERROR]，不翻译）分类；登录失败按服务器自带的 {len(languages)} 种语言消息目录识别（lc_messages = {lc}）")
    else:
        cls = (f"classified by level; failed logins by their English text only (no errmsg.sys readable under "
               f"lc_messages_dir): with lc_messages = {lc} other than English they are missed",
               f"按级别分类；登录失败仅按英文文本识别（lc_messages_dir 下没有可读的 errmsg.sys）：lc_messages = {lc} 非英文时会漏计")
    cap = ctx.thresholds.get("max_read_mb")
    budget = int(float(cap.value if cap is not None and cap.value is not None else 32) * (1 << 20))
    log = (_LocalLog(ctx.window_start, ctx.window_end, budget) if remote_size is None else
           _SshLog(ctx, ctx.window_start, ctx.window_end, budget))
    out = LogRead(source=SOURCE, fmt="mariadb", classification=cls, notes=[(tz_note, tz_note_zh)],
                  settings={k: facts.get(k) for k in ("log_warnings", "lc_messages", "system_time_zone")} |
                           {"log_error": path})
    size = os.path.getsize(path) if remote_size is None else remote_size
    if remote_size is not None:
        out.notes.append((f"read over SSH on {host}", f"通过 SSH 在 {host} 上读取"))
    out.files = 1
    state = ctx.state
    st, recs, first_t = read_file(log, path, size, SOURCE, "mariadb", tz, None, state.file(path), out)
    if first_t is not None and first_t > ctx.window_start:
        out.log_starts = first_t
    finish(out, state, SOURCE, [st] if isinstance(st, FileState) else [],
           group([(r, path) for r in recs], lambda rec: classify(rec, patterns), out), ctx.window_start, ctx.window_end)
    return out


def rows(ctx: CollectContext, kinds: tuple[str, ...]) -> list[dict]:
    cap = ctx.thresholds.get("max_read_mb")
    key = ("mariadb-error-log", ctx.window_start, ctx.window_end, getattr(cap, "value", None))
    log = ctx.memo(key, lambda: read_log(ctx))
    notes = list(log.notes)
    if log.unparsed:
        notes.append((f"{log.unparsed} line(s) without a time before the first entry (skipped)",
                      f"{log.unparsed} 行在第一条记录之前且无时间（已跳过）"))
    head = summary_row(source=log.settings.get("log_error", SOURCE), files=log.files, bytes_read=log.bytes_read,
                       bytes_unread=log.bytes_unread, covered_from=log.covered_from, covered_until=log.covered_until,
                       log_starts=log.log_starts, classification=log.classification, lines=log.lines,
                       unparsed=log.unparsed, notes=notes, log_file=log.settings.get("log_error", ""))
    head["settings"] = log.settings
    return [head, *event_rows(e for e in log.events if e.event in kinds)]
