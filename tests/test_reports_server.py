"""The HTTP report browser, served by uvicorn on a free loopback port and fetched over a real socket."""

from __future__ import annotations

import datetime as dt
import http.client
import io
import json
import socket
import threading
import time

from html import escape as html_escape

import pytest
import uvicorn

from dbpatrol.settings import Settings
from reports import sample
from reports.server import create_app
from reports.store import ReportStore

UTC = dt.timezone.utc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    home = tmp_path_factory.mktemp("srv") / "home"
    store = ReportStore(Settings(home=home), url=f"sqlite:///{home / 'store.db'}")
    store.save(sample.two_instance_result("srva0001", generated_at=dt.datetime(2025, 3, 1, tzinfo=UTC)),
               formats=("json", "html", "pdf", "csv", "xlsx"))
    store.save(sample.two_instance_result("srvb0002", generated_at=dt.datetime(2025, 3, 8, tzinfo=UTC),
                                          plan="other"), formats=("json",))
    # a file outside the report directory that traversal attempts would like to read
    secret = home / "secret.txt"
    secret.write_text("TOP-SECRET")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started
    yield store, port
    server.should_exit = True
    thread.join(10)


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    headers = {k.lower(): v for k, v in resp.getheaders()}
    conn.close()
    return resp.status, headers, body


def test_list_and_filters(served):
    _, port = served
    status, headers, body = get(port, "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"srva0001"[:8] in body and b"/reports/srvb0002" in body
    status, _, body = get(port, "/?plan=other")
    assert b"/reports/srvb0002" in body and b"/reports/srva0001" not in body
    status, _, body = get(port, "/?since=2025-03-05")
    assert b"/reports/srva0001" not in body
    status, _, body = get(port, "/?instance=pg-main")
    assert b"2 report(s)" in body
    status, headers, body = get(port, "/api/reports?plan=core-weekly")
    assert status == 200 and headers["content-type"] == "application/json"
    assert [r["id"] for r in json.loads(body)] == ["srva0001"]
    assert get(port, "/?since=not-a-date")[0] == 400


def test_detail_page(served):
    _, port = served
    status, headers, body = get(port, "/reports/srva0001")
    assert status == 200 and headers["content-type"].startswith("text/html")
    text = body.decode()
    assert "pg-main" in text and "my-replica" in text and "connection refused" in text
    for fmt in ("json", "html", "pdf", "csv", "xlsx"):
        assert f"/reports/srva0001/download/{fmt}?lang=zh-CN" in text


def test_detail_page_lists_the_findings_and_shows_local_times(served):
    # Issue 14 item 13: the detail page listed no findings; times said UTC with microseconds while
    # reports say local time.
    store, port = served
    result = store.load_result("srva0001")
    wanted = [(i.name, f.code) for i in result.instances for f in i.findings
              if f.outcome.value in ("CRITICAL", "WARNING", "ERROR")]
    assert wanted  # the sample has some
    text = get(port, "/reports/srva0001")[2].decode()
    section = text[text.index("Findings that need attention"):]
    assert f"Findings that need attention ({len(wanted)})" in text
    for name, code in wanted:
        assert f"<td>{name}</td><td class='w-" in section and f"<td>{code}</td>" in section
    f = next(f for i in result.instances for f in i.findings if f.outcome.value == "CRITICAL")
    assert html_escape(f.message.get("en")) in section
    # generated 2025-03-01 00:00 UTC: in the settings' zone (Asia/Shanghai by default), to the second
    assert "2025-03-01 08:00:00 CST" in text and "+00:00" not in text and "T00:00:00" not in text
    listing = get(port, "/")[2].decode()
    assert "2025-03-01 08:00:00 CST" in listing and "(UTC)" not in listing


def test_the_short_ids_shown_are_addresses(served):
    # Issue 14 item 13: the 8-character ids the list shows gave 404 as URLs.
    _, port = served
    status, headers, _ = get(port, "/reports/srva0001"[:len("/reports/") + 6])
    assert status == 307 and headers["location"] == "/reports/srva0001"
    status, headers, _ = get(port, "/reports/srvb00/download/json?lang=zh-CN")
    assert status == 307 and headers["location"] == "/reports/srvb0002/download/json?lang=zh-CN"
    assert get(port, "/reports/srv")[0] == 404  # too short to be taken for an id
    assert get(port, "/reports/srvz00")[0] == 404  # no such report


@pytest.mark.parametrize("fmt,ctype,magic", [
    ("pdf", "application/pdf", b"%PDF-"),
    ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
    ("json", "application/json", b"{"),
    ("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbfinstance,"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
])
def test_downloads(served, fmt, ctype, magic):
    _, port = served
    status, headers, body = get(port, f"/reports/srva0001/download/{fmt}")
    assert status == 200, body[:200]
    assert headers["content-type"] == ctype
    assert body.startswith(magic)
    assert "dbpatrol-weekly-20250301-000000-srva0001." + fmt in headers.get("content-disposition", "")


def test_download_other_language_and_unstored_format(served):
    _, port = served
    status, headers, body = get(port, "/reports/srva0001/download/html?lang=zh-CN")
    assert status == 200 and "数据库巡检报告" in body.decode()
    # srvb0002 stored only JSON: the PDF is re-rendered from the stored results
    status, headers, body = get(port, "/reports/srvb0002/download/pdf?lang=zh-CN")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")
    status, headers, body = get(port, "/reports/srvb0002/download/xlsx")
    import openpyxl

    assert status == 200 and openpyxl.load_workbook(io.BytesIO(body)).sheetnames == ["findings", "instances", "thresholds"]


@pytest.mark.parametrize("path", [
    "/reports/doesnotexist",
    "/reports/doesnotexist/download/pdf",
    "/reports/srva0001/download/docx",
    "/reports/srva0001/download/pdf?lang=fr",
    "/reports/..%2F..%2Fsecret.txt/download/json",
    "/reports/srva0001/download/..%2F..%2F..%2Fsecret.txt",
    "/reports/%2e%2e/download/json",
    "/reports/..%2f..%2f..%2fetc%2fpasswd",
    "/reports/srva0001/download/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/reports/srva0001/../../secret.txt",
    "/secret.txt",
    "/reports/srva0001/srva0001.json",
])
def test_not_found_never_a_file(served, path):
    _, port = served
    status, _, body = get(port, path)
    assert status == 404, (path, status, body[:200])
    assert b"TOP-SECRET" not in body and b"root:" not in body
