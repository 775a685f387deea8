"""Server-log reading without a server: formats, prefixes, times, the window seek, the byte budget,
the classification, and the registry's rules for Python collectors (checks/collect.py).

The live tests (checks/errors/ERR015_fatal_errors_logged/test_pg_server_log.py, test_mariadb_error_log.py)
plant real lines in real logs; these pin the parts that are easier to see on made-up bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from checks import registry
from checks.collect import CollectSkip
from checks.logs import mariadb, pg_messages, reading
from checks.logs.pg_format import Record, parse_time, prefix_regex, reader, zone
from checks.logs.postgresql import classify
from dbpatrol.log_offsets import FileState, MemoryLogState

UTC = dt.timezone.utc


def t(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s).replace(tzinfo=UTC)


# ----- times ------------------------------------------------------------------------------------


def test_times_are_read_in_log_timezone_and_returned_in_utc():
    sh = zone("Asia/Shanghai")
    assert parse_time("2026-12-01 08:00:00.250 CST", sh) == t("2026-12-01 00:00:00.250")  # CST: not US Central
    assert parse_time("2026-12-01 08:00:00 +08", zone("UTC")) == t("2026-12-01 00:00:00")  # a numeric zone is exact
    assert parse_time("2026-12-01 08:00:00.5 UTC", sh) == t("2026-12-01 08:00:00.5")
    ny = zone("America/New_York")  # 2026-11-01 01:30 happens twice: EDT, then EST
    assert parse_time("2026-11-01 01:30:00 EDT", ny) == t("2026-11-01 05:30:00")
    assert parse_time("2026-11-01 01:30:00 EST", ny) == t("2026-11-01 06:30:00")
    assert parse_time("not a time", sh) is None


# ----- log_line_prefix ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix,line,want", [
    ("%m [%p] ", "2026-12-01 13:33:40.428 UTC [17313] ERROR:  division by zero", ("17313", None, "ERROR")),
    ("%m [%p] %e ", "2026-12-01 13:33:40.428 UTC [17313] 22012 FEHLER:  Division durch Null", ("17313", "22012", "FEHLER")),
    ("%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
     "2026-12-01 13:33:40 CST [9]: [3-1] user=app one,db=shop,app=psql 15,client=10.0.0.1 LOG:  connection authorized",
     ("9", None, "LOG")),
    ("%m [%p] %q%u@%d ", "2026-12-01 13:33:40.428 UTC [5] LOG:  checkpoint starting: time", ("5", None, "LOG")),
    ("%m [%p] %q%u@%d ", "2026-12-01 13:33:40.428 UTC [6] bob@shop 致命错误:  角色 \"x\" 不存在", ("6", None, "致命错误")),
    ("%n|%-10u|%p ", "1764596020.428|bob       |77 PANIC:  could not write", ("77", None, "PANIC")),
])
def test_prefix_regex(prefix, line, want):
    p = prefix_regex(prefix)
    assert p.has_time
    m = p.regex.match(line)
    assert m and (m.group("pid"), m.groupdict().get("sqlstate"), m.group("word")) == want, (prefix, line)


def test_a_prefix_without_a_timestamp_says_so():
    assert not prefix_regex("[%p] ").has_time and not prefix_regex("%p %u ").has_time
    assert prefix_regex("%e %m ").has_sqlstate and not prefix_regex("%m ").has_sqlstate


# ----- the three formats --------------------------------------------------------------------------


def feed_all(fmt, data: bytes, chunk: int = 7, prefix=None):
    rd = reader(fmt, UTC, prefix)
    for i in range(0, len(data), chunk):  # chunks that cut lines and characters in two
        rd.feed(data[i:i + chunk], i)
    rd.finish()
    return rd


def test_stderr_records_with_continuation_lines_and_labels():
    data = ("2026-12-01 13:00:00.001 UTC [1] ERROR:  deadlock detected\n"
            "2026-12-01 13:00:00.001 UTC [1] DETAIL:  Process 1 waits for ShareLock on transaction 7; blocked by process 2.\n"
            "\tProcess 2 waits for ShareLock on transaction 8; blocked by process 1.\n"
            "2026-12-01 13:00:00.001 UTC [1] STATEMENT:  UPDATE t SET v = 2\n"
            "archive command said something\n"
            "2026-12-01 13:00:01.000 UTC [2] 致命错误:  角色 \"é\" 不存在\n"
            "2026-12-01 13:00:02.000 UTC [3] LOG:  still being writ").encode()
    rd = feed_all("stderr", data, prefix=prefix_regex("%m [%p] "))
    assert [(r.severity, r.pid) for r in rd.records] == [("ERROR", "1"), ("FATAL", "2")]
    dl = rd.records[0]
    assert "blocked by process 1" in dl.extra["DETAIL"] and dl.extra["STATEMENT"] == "UPDATE t SET v = 2"
    assert rd.unparsed == 1  # the archive command's line
    assert rd.consumed == data.rindex(b"\n") + 1  # the unfinished last line waits for the next read


def test_csv_records_with_quoted_newlines_and_a_seek_into_the_middle():
    rows = ['2026-12-01 13:00:00.001 UTC,"u","d",10,"127.0.0.1:1",s.1,1,"UPDATE",2026-12-01 13:00:00 UTC,3/2,0,'
            'FEHLER,40P01,"Verklemmung (Deadlock) entdeckt","Prozess 1 wartet\nauf ""x""",,,,,"UPDATE t\nSET v = 2",,,"psql","client backend",,0',
            '2026-12-01 13:00:01.001 UTC,,,11,,s.2,1,,2026-12-01 13:00:00 UTC,,0,LOG,00000,"checkpoint starting: wal",,,,,,,,,"","checkpointer",,0']
    data = ("\n".join(rows) + "\n").encode()
    rd = feed_all("csvlog", data)
    assert [(r.severity, r.sqlstate) for r in rd.records] == [("ERROR", "40P01"), ("LOG", "00000")]
    assert rd.records[0].extra["STATEMENT"] == "UPDATE t\nSET v = 2" and 'auf "x"' in rd.records[0].extra["DETAIL"]
    # read from inside the first record's quoted field (a seek lands anywhere): that text is no record
    inside = data.index(b"SET v = 2")
    rd = reader("csvlog", UTC)
    rd.feed(data[inside:], inside)
    rd.finish()
    assert [r.sqlstate for r in rd.records] == ["00000"] and rd.unparsed >= 1


def test_jsonlog_severity_is_untranslated_and_each_line_one_record():
    lines = [{"timestamp": "2026-12-01 13:00:00.001 UTC", "pid": 5, "error_severity": "FATAL", "state_code": "28P01",
              "message": 'password authentication failed for user "app"', "detail": "Connection matched pg_hba.conf line 5"},
             {"timestamp": "2026-12-01 13:00:02.001 UTC", "pid": 6, "error_severity": "ERROR", "state_code": "22012",
              "message": "division by zero", "statement": "SELECT 1/0"}]
    data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines).encode()
    rd = feed_all("jsonlog", data)
    assert [(r.severity, r.sqlstate, r.logged_at) for r in rd.records] == [
        ("FATAL", "28P01", t("2026-12-01 13:00:00.001")), ("ERROR", "22012", t("2026-12-01 13:00:02.001"))]
    assert "pg_hba.conf line 5" in rd.records[0].text() and "STATEMENT: SELECT 1/0" in rd.records[1].text()


# ----- classification ---------------------------------------------------------------------------


def rec(severity, sqlstate, message):
    return Record(offset=0, logged_at=t("2026-12-01 13:00:00"), severity_word=severity, severity=severity,
                  sqlstate=sqlstate, message=message)


@pytest.mark.parametrize("severity,sqlstate,message,events", [
    ("FATAL", "28P01", 'password authentication failed for user "a"', {"auth_failure"}),
    ("FATAL", "3D000", 'database "x" does not exist', {"fatal"}),
    ("ERROR", "28000", 'permission denied to set role "x"', set()),  # inside a session: no failed login
    ("ERROR", "22012", "division by zero", set()),
    ("ERROR", "40P01", "deadlock detected", {"deadlock"}),
    ("FATAL", "53200", "out of memory", {"out_of_memory", "fatal"}),
    ("PANIC", "58030", 'could not write to file "pg_wal/x": Input/output error', {"io_error", "panic"}),
    ("ERROR", "XX001", "invalid page in block 0 of relation base/1/2", {"data_corrupted"}),
    ("LOG", "00000", "server process (PID 12) was terminated by signal 9: Killed", {"crash", "killed"}),
    ("LOG", "00000", "server process (PID 12) was terminated by signal 11: Segmentation fault", {"crash"}),
    ("LOG", "00000", "checkpoints are occurring too frequently (7 seconds apart)", {"checkpoint_too_frequent"}),
    ("LOG", "00000", "checkpoint starting: wal", {"checkpoint_wal"}),
    ("LOG", "00000", "checkpoint starting: time", set()),
    ("LOG", "00000", "process 7 still waiting for ShareLock on transaction 9 after 1000.123 ms", {"lock_wait"}),
])
def test_classified_by_sqlstate_then_by_the_servers_own_words(severity, sqlstate, message, events):
    assert {e for e, _, _ in classify(rec(severity, sqlstate, message), True)} == events


@pytest.mark.parametrize("word,message,events", [  # stderr without %e: the translated words alone
    ("FEHLER", "Verklemmung (Deadlock) entdeckt", {"deadlock"}),
    ("致命错误", '用户 "app" 的密码认证失败', {"auth_failure"}),
    ("ВАЖНО", 'база данных "x" не существует', {"fatal"}),
    ("LOG", "Serverprozess (PID 5) wurde von Signal 9 beendet: Killed", {"crash", "killed"}),
    ("日志", "检查点事件发生过于频繁（间隔 3 秒）", {"checkpoint_too_frequent"}),
    ("LOG", "Checkpoint beginnt: immediate force wait wal", {"checkpoint_wal"}),
    ("ERROR", "division by zero", set()),
])
def test_without_sqlstate_translations_classify(word, message, events):
    r = Record(offset=0, logged_at=t("2026-12-01 13:00:00"), severity_word=word, severity=pg_messages.severity_of(word),
               sqlstate=None, message=message)
    assert {e for e, _, _ in classify(r, False)} == events


def test_the_catalog_holds_the_installed_translations():
    data = pg_messages.catalog()
    assert len(data["generated_from"]) >= 10 and pg_messages.severity_of("PANIK") == "PANIC"
    assert pg_messages.label_of("ANWEISUNG") == "STATEMENT" and pg_messages.severity_of("ANWEISUNG") is None
    assert pg_messages.to_regex('konnte Block %u in Datei »%s« nicht lesen: %m').startswith("konnte")


# ----- the window seek and the byte budget ----------------------------------------------------------


class Bytes:
    """A log source over bytes in memory, with the interface of checks/logs/reading."""

    def __init__(self, data: bytes, start, end, budget=1 << 30):
        self.data, self.start, self.end, self.budget, self.reads = data, start, end, budget, 0

    def read(self, path, offset, length):
        self.reads += 1
        return self.data[offset:offset + length]


def jsonl(n: int, first: dt.datetime, step_s: float = 1.0, pad: int = 300) -> bytes:
    return "".join(json.dumps({"timestamp": (first + dt.timedelta(seconds=i * step_s)).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
                                            + " UTC", "pid": i, "error_severity": "FATAL", "state_code": "28P01",
                               "message": f'password authentication failed for user "u{i}"', "detail": "x" * pad}) + "\n"
                   for i in range(n)).encode()


def test_the_seek_lands_just_before_the_window_and_the_read_stops_at_its_end():
    first = t("2026-12-01 00:00:00")
    data = jsonl(5000, first)  # ~2 MB, one line a second
    src = Bytes(data, first + dt.timedelta(seconds=4000), first + dt.timedelta(seconds=4100))
    out = reading.LogRead(source="pg.jsonlog", fmt="jsonlog")
    st, recs, first_t = reading.read_file(src, "f.json", len(data), "pg.jsonlog", "jsonlog", UTC, None, None, out)
    times = [r.logged_at for r in recs]
    assert first_t == first and min(times) <= src.start and max(times) < src.end
    assert len([x for x in times if x < src.start]) < 40  # the seek left at most SEEK_SLACK bytes before the window
    # not the 1.2 MB before the window: one chunk from just before it (the chunk may run past the window end)
    assert out.bytes_read <= reading.CHUNK and src.reads < 30
    at_end = data.rindex(b"\n", 0, data.index(b'"pid": 4100,')) + 1
    assert st.offset == at_end and st.last_at == src.end  # the next read starts at the record at the window end


def test_the_budget_cuts_and_the_state_resumes_there():
    first = t("2026-12-01 00:00:00")
    data = jsonl(50, first)
    src = Bytes(data, first, first + dt.timedelta(hours=1), budget=3000)
    out = reading.LogRead(source="pg.jsonlog", fmt="jsonlog")
    st, recs, _ = reading.read_file(src, "f.json", len(data), "pg.jsonlog", "jsonlog", UTC, None, None, out)
    assert out.bytes_unread == len(data) - st.offset and 0 < len(recs) < 50
    src2 = Bytes(data, first, first + dt.timedelta(hours=1))
    out2 = reading.LogRead(source="pg.jsonlog", fmt="jsonlog")
    st2, recs2, _ = reading.read_file(src2, "f.json", len(data), "pg.jsonlog", "jsonlog", UTC, None, st, out2)
    assert len(recs) + len(recs2) == 50 and out2.bytes_read == len(data) - st.offset and st2.offset == len(data)
    # a file rewritten under the same name (truncated on rotation) starts over
    other = jsonl(3, first + dt.timedelta(days=1))
    st3, recs3, _ = reading.read_file(Bytes(other, first, first + dt.timedelta(days=2)), "f.json", len(other),
                                      "pg.jsonlog", "jsonlog", UTC, None, st2, reading.LogRead("pg.jsonlog", "jsonlog"))
    assert len(recs3) == 3 and st3.start_offset == 0


def test_memory_state_remembers_nothing_between_runs():
    m = MemoryLogState()
    m.save([FileState("f", "pg.jsonlog", 0, 10)], [])
    assert m.file("f") is None and not m.remembers


# ----- MariaDB ------------------------------------------------------------------------------------


def test_mariadb_lines_local_time_and_continuations():
    tz = dt.timezone(dt.timedelta(hours=8))
    data = ("2026-12-01 08:00:01 6 [Warning] Access denied for user 'x'@'10.0.0.9' (using password: YES)\n"
            "261201  8:00:02 [ERROR] mysqld got signal 11 ;\n"
            "Sorry, we probably made a mistake, and this is a bug.\n"
            "2026-12-01 08:00:03 0 [Note] InnoDB: Buffer pool(s) load completed\n").encode()
    rd = feed_all("mariadb", data)
    rd2 = reader("mariadb", tz)
    rd2.feed(data, 0)
    rd2.finish()
    assert [r.logged_at for r in rd2.records] == [t("2026-12-01 00:00:01"), t("2026-12-01 00:00:02"),
                                                  t("2026-12-01 00:00:03")]
    assert "this is a bug" in rd.records[1].message and rd.unparsed == 0
    patterns = (mariadb.re.compile(pg_messages.to_regex(mariadb.ACCESS_DENIED[0])),)
    assert [e for e, _, _ in mariadb.classify(rd.records[0], patterns)] == ["auth_failure"]
    assert mariadb.classify(rd.records[1], patterns) == [("crash", "signal 11", "message")]


@pytest.mark.skipif(not os.path.exists("/usr/share/mysql/german/errmsg.sys"), reason="no MariaDB message catalogs")
def test_mariadb_access_denied_in_every_shipped_language():
    patterns, languages = mariadb.access_denied_patterns("/usr/share/mysql")
    assert "german" in languages and "chinese" in languages
    for line in ("Benutzer 'a'@'b' hat keine Zugriffsberechtigung (verwendetes Passwort: Ja)",
                 "'a'@'b' 用户无权访问 (使用密码: YES)", "Access denied for user 'a'@'b' (using password: NO)"):
        assert any(p.fullmatch(line) for p in patterns), line


def test_mariadb_loopback_only():
    assert mariadb._loopback("127.0.0.1") and mariadb._loopback("::1") and mariadb._loopback("localhost")
    assert not mariadb._loopback("10.0.0.5") and not mariadb._loopback("db02.bank.example")


# ----- the collector hook in the registry ---------------------------------------------------------


def test_a_collector_and_sql_for_one_engine_are_refused():
    check = registry.load().get("ERR017")
    assert check.collector_for("postgresql") is not None and check.sql_for("postgresql", (15,)) is None
    both = registry.Check(spec=check.spec, folder=check.folder, sql={"postgresql": registry.load().get("ERR002").sql["postgresql"]},
                          collectors=check.collectors)
    with pytest.raises(registry.CatalogError, match="both postgresql.sql and a collector"):
        registry._validate([both])
    stray = registry.Check(spec=check.spec, folder=check.folder, collectors={**check.collectors, "oracle": lambda ctx: []})
    with pytest.raises(registry.CatalogError, match="collects oracle, which the spec does not declare"):
        registry._validate([stray])
    mixed = registry.load().get("ERR015")  # MySQL by SQL, MariaDB by its own collector (not the mysql.sql fallback)
    assert mixed.sql_for("mysql", (8, 0, 36)).path.name == "mysql.sql" and mixed.collector_for("mysql") is None
    assert mixed.sql_for("mariadb", (10, 11)) is None and mixed.collector_for("mariadb") is not None


def test_collect_skip_words_its_reason():
    s = CollectSkip("unreachable", "the log is on db02", "日志在 db02 上")
    assert s.en == "not inspected: the log is on db02" and s.zh == "未巡检：日志在 db02 上"
    with pytest.raises(ValueError):
        CollectSkip("maybe", "x", "y")


def test_a_failing_store_falls_back_to_memory_and_says_so():
    from dbpatrol.log_offsets import Event, GuardedLogState, StoreLogState

    g = GuardedLogState(StoreLogState("sqlite:////proc/dbpatrol-no-such-dir/store.db", "inst"))
    assert g.file("f") is None and g.failed and not g.remembers
    e = Event(t("2026-12-01 13:00:00"), "deadlock", "ERROR", "40P01", "sqlstate", 1, "deadlock detected", "f", 0)
    g.save([FileState("f", "pg.jsonlog", 0, 10)], [e])
    assert g.events(t("2026-12-01 12:00:00"), t("2026-12-01 14:00:00")) == [e]
    out = reading.LogRead("pg.jsonlog", "jsonlog")
    reading.finish(out, g, "pg.jsonlog", [], [], t("2026-12-01 12:00:00"), t("2026-12-01 14:00:00"))
    assert out.events == [e] and "store could not be used" in out.notes[0][0]


def test_log_text_is_inert_and_masked_like_other_evidence():
    """A logged statement can carry a password and braces: the evidence masks the one, the message
    template never formats the other."""
    from checks.execute import judge_rows
    from checks.judges import JudgeContext
    from checks.logs import summary_row

    reg = registry.load()
    check = reg.get("ERR017")
    head = summary_row(source="jsonlog", files=1, bytes_read=10, bytes_unread=0, covered_from=None, covered_until=None,
                       log_starts=None, classification=("by SQLSTATE", "按 SQLSTATE"), lines=1)
    line = {"logged_at": t("2026-11-27 01:00:00"), "event": "deadlock", "severity": "ERROR", "code": "40P01",
            "occurrences": 1, "log_file": "log/x.json",
            "message": "deadlock detected {coverage} {0} | STATEMENT: ALTER ROLE app PASSWORD 'S3cret-pw!'"}
    end = t("2026-11-27 08:00:00")
    f = judge_rows(check.spec, "postgresql", [head, line], reg.effective_thresholds("ERR017", []),
                   JudgeContext(engine="postgresql", window_start=end - dt.timedelta(days=1), window_end=end))
    assert f.outcome.value == "WARNING" and "S3cret-pw!" not in f.model_dump_json()
    assert "PASSWORD '***'" in f.evidence[0]["message"] and "{coverage} {0}" in f.message.en


def test_a_file_that_grows_is_the_same_file():
    first = t("2026-12-01 00:00:00")
    small = jsonl(1, first, pad=10)  # shorter than HEAD at the first read
    grown = small + jsonl(3, first + dt.timedelta(seconds=5), pad=10)
    out = reading.LogRead("pg.jsonlog", "jsonlog")
    st, recs, _ = reading.read_file(Bytes(small, first, first + dt.timedelta(hours=1)), "f", len(small), "pg.jsonlog",
                                    "jsonlog", UTC, None, None, out)
    assert len(recs) == 1 and st.head.startswith(f"{len(small)}:")
    st2, recs2, _ = reading.read_file(Bytes(grown, first, first + dt.timedelta(hours=1)), "f", len(grown), "pg.jsonlog",
                                      "jsonlog", UTC, None, st, reading.LogRead("pg.jsonlog", "jsonlog"))
    assert len(recs2) == 3 and st2.start_offset == 0 and st2.offset == len(grown)  # the new lines only, no repeat
