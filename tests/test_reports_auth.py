"""The report browser's token and its loopback-only default (issue #14, item 4), over real HTTP."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
import uvicorn

from dbpatrol.settings import Settings
from reports import sample
from reports.server import TOKEN_COOKIE, BindRefused, check_bind, create_app, is_loopback
from reports.store import ReportStore

TOKEN = "k3Y-0123456789abcdefXYZ"
RID = "autha001"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _store(home):
    store = ReportStore(Settings(home=home), url=f"sqlite:///{home / 'store.db'}")
    store.save(sample.two_instance_result(RID, generated_at=dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)),
               formats=("json", "html"))
    return store


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    store = _store(tmp_path_factory.mktemp("auth") / "home")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, token=TOKEN), host="127.0.0.1", port=port,
                                          log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


PATHS = ["/", "/healthz", "/api/reports", f"/reports/{RID}", f"/reports/{RID}/download/json",
         f"/reports/{RID}/download/html?lang=zh-CN", "/nope"]


@pytest.mark.parametrize("path", PATHS)
def test_every_request_without_the_token_is_401(base, path):
    for headers, cookies in [({}, {}), ({"Authorization": "Bearer wrong-token-0123456789"}, {}),
                             ({"Authorization": f"Basic {TOKEN}"}, {}), ({"Authorization": f"Bearer {TOKEN}x"}, {}),
                             ({}, {TOKEN_COOKIE: TOKEN}), ({}, {TOKEN_COOKIE: "0" * 64})]:
        r = httpx.get(base + path, headers=headers, cookies=cookies, follow_redirects=False)
        assert r.status_code == 401, (path, headers, cookies)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert "pg-main" not in r.text and "report" not in r.headers.get("content-disposition", "")
    sep = "&" if "?" in path else "?"
    assert httpx.get(f"{base}{path}{sep}token=wrong", follow_redirects=False).status_code == 401


def test_bearer_token_is_accepted(base):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert httpx.get(base + "/healthz", headers=auth).json() == {"ok": True}
    assert [r["id"] for r in httpx.get(base + "/api/reports", headers=auth).json()] == [RID]
    r = httpx.get(f"{base}/reports/{RID}/download/json", headers=auth)
    assert r.status_code == 200 and r.json()["id"] == RID
    assert httpx.get(base + "/nope", headers=auth).status_code == 404  # authenticated, then routed


def test_query_token_redirects_without_it_and_sets_a_cookie(base):
    with httpx.Client(base_url=base) as client:
        r = client.get(f"/reports/{RID}/download/html", params={"lang": "zh-CN", "token": TOKEN})
        assert r.status_code == 303
        assert r.headers["location"] == f"/reports/{RID}/download/html?lang=zh-CN"  # the token is not kept
        set_cookie = r.headers["set-cookie"]
        assert set_cookie.startswith(f"{TOKEN_COOKIE}=") and "httponly" in set_cookie.lower()
        assert "samesite=lax" in set_cookie.lower() and TOKEN not in set_cookie  # stands for it, is not it
        r = client.get(r.headers["location"])  # the cookie is sent from now on
        assert r.status_code == 200 and "pg-main" in r.text
        assert client.get("/").status_code == 200
    assert httpx.get(base + "/", cookies={TOKEN_COOKIE: set_cookie.split(";")[0].split("=", 1)[1]}).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "192.168.0.10", "no-such-host.invalid"])
def test_beyond_loopback_needs_a_token(host):
    assert not is_loopback(host)
    with pytest.raises(BindRefused, match="DBPATROL_REPORT_TOKEN"):
        check_bind(host, None)
    check_bind(host, TOKEN)


def _cli(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-c", "from dbpatrol.cli import main; main()", *args],
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, **kw)


def test_cli_refuses_a_public_address_without_a_token(tmp_path):
    env = {"DBPATROL_HOME": str(tmp_path / "home"), "DBPATROL_REPORT_TOKEN": ""}
    res = _cli("reports", "serve", "--host", "0.0.0.0", "--port", str(free_port()), env=env, timeout=60)
    assert res.returncode == 2, res.stderr
    assert "refusing to serve the report browser on 0.0.0.0" in " ".join(res.stderr.split())
    assert "DBPATROL_REPORT_TOKEN" in res.stderr
    res = _cli("reports", "serve", "--host", "0.0.0.0", env={**env, "DBPATROL_REPORT_TOKEN": "short"}, timeout=60)
    assert res.returncode == 2 and "at least 16 characters" in res.stderr and "short" not in res.stderr


def test_cli_serves_a_public_address_with_a_token(tmp_path):
    home = tmp_path / "home"
    _store(home)
    port = free_port()
    env = {**os.environ, "DBPATROL_HOME": str(home), "DBPATROL_REPORT_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-c", "from dbpatrol.cli import main; main()", "reports", "serve",
                             "--host", "0.0.0.0", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                r = httpx.get(url + "/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.time() < deadline, "the browser did not start"
                time.sleep(0.2)
        assert r.status_code == 401
        assert httpx.get(url + "/api/reports", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        with httpx.Client(follow_redirects=True) as browser:  # redirect, cookie, page
            assert browser.get(url + "/", params={"token": TOKEN}).status_code == 200
    finally:
        proc.terminate()
        stdout, stderr = proc.communicate(timeout=30)
    assert "token required" in stderr
    assert TOKEN not in stdout + stderr, "the access log must not show ?token="
    assert "GET /?token=*** HTTP/1.1" in stdout  # uvicorn's access log goes to stdout
