"""The HTTP report browser: a list with filters, a detail page, downloads in every format.

Routes (all GET):

* ``/`` — the list (query: plan, instance, since=YYYY-MM-DD, tier)
* ``/reports/{id}`` — detail page: scores, counts, downloads
* ``/reports/{id}/download/{fmt}`` — ``fmt`` in json|html|pdf|csv|xlsx, query ``lang=en|zh-CN``.
  The stored file when it exists in the stored language, otherwise re-rendered from the stored
  results (no inspected database is touched)
* ``/api/reports`` — the list as JSON; ``/healthz``

Paths never come from the request: the id must match the id pattern *and* be in the index, the
format must be one of the five, and the file path comes from the index and must resolve inside
the report directory. Anything else is a 404.

Authentication: with a token (``DBPATROL_REPORT_TOKEN``) every request must carry it, as
``Authorization: Bearer TOKEN`` or once as ``?token=TOKEN`` (answered by a redirect to the same
address without it, setting an HttpOnly cookie that stands for the token); anything else is a 401.
Without a token the browser serves loopback only: ``serve()`` refuses any other address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import ipaddress
import logging
import re
import socket
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response

from . import i18n
from .render import CONTENT_TYPES, FORMATS, display_zone, fmt_time, report_filename
from .store import ReportNotFound, ReportStore

_CSS = """
body{font-family:"DejaVu Sans","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:20px;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #cfd6de;padding:3px 6px;text-align:left}
th{background:#eef2f6}a{color:#16324f}.n{text-align:right}form{margin:10px 0}
.w-CRITICAL{color:#c0392b;font-weight:bold}.w-WARNING{color:#b36b00}
"""


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                        f"<style>{_CSS}</style></head><body>{body}</body></html>")


def _downloads(report_id: str) -> str:
    rid = quote(report_id)
    return " ".join(f"<a href='/reports/{rid}/download/{f}'>{f}</a>" for f in FORMATS)


def _parse_since(since: str | None) -> dt.datetime | None:
    if not since:
        return None
    try:
        value = dt.datetime.fromisoformat(since)
    except ValueError:
        raise HTTPException(400, "since must be an ISO date, e.g. 2025-03-01") from None
    return value


TOKEN_COOKIE = "dbpatrol_report_token"


class BindRefused(ValueError):
    """The browser would be reachable from other machines without a token."""


def is_loopback(host: str) -> bool:
    """True when every address ``host`` stands for is a loopback address (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]")
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        pass
    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addrs) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs)


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond loopback without a token (the browser has every report)."""
    if token is None and not is_loopback(host):
        raise BindRefused(
            f"refusing to serve the report browser on {host}: it is reachable from other machines and has "
            "no authentication; set DBPATROL_REPORT_TOKEN (at least 16 characters) to require a token, "
            "or serve on 127.0.0.1")


def _cookie_value(token: str) -> str:
    # the cookie stands for the token without being it
    return hmac.new(token.encode(), b"dbpatrol-report-browser-cookie", hashlib.sha256).hexdigest()


def _same(candidate: str | None, expected: bytes) -> bool:
    return candidate is not None and hmac.compare_digest(candidate.encode("utf-8", "surrogateescape"), expected)


def _require_token(app: FastAPI, token: str) -> None:
    bearer_expected, cookie_expected = token.encode(), _cookie_value(token).encode()

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else None
        if _same(bearer, bearer_expected) or _same(request.cookies.get(TOKEN_COOKIE), cookie_expected):
            return await call_next(request)
        if _same(request.query_params.get("token"), bearer_expected):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            resp = RedirectResponse(request.url.path + ("?" + urlencode(rest) if rest else ""), status_code=303)
            resp.set_cookie(TOKEN_COOKIE, _cookie_value(token), httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")
            return resp
        return PlainTextResponse(
            "401 Unauthorized: this report browser needs its token: send Authorization: Bearer TOKEN, "
            "or open any page once with ?token=TOKEN\n", status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="dbpatrol reports"'})


ATTENTION = ("CRITICAL", "WARNING", "ERROR")


def create_app(store: ReportStore, token: str | None = None, tz: str | None = None) -> FastAPI:
    """The report browser; with ``token`` every request must carry it (module docstring). Times are
    shown as the reports show them: in ``tz`` (default: settings.timezone), with the zone's name,
    to the second."""
    app = FastAPI(title="dbpatrol reports", docs_url=None, redoc_url=None, openapi_url=None)
    if token is not None:
        _require_token(app, token)
    zone = display_zone(tz or getattr(getattr(store, "settings", None), "timezone", None))

    def when(value: dt.datetime | None) -> str:
        return fmt_time(value, zone)

    def not_found() -> HTTPException:
        return HTTPException(404, "no such report")

    def canonical(report_id: str, rest: str, query: str) -> RedirectResponse:
        """A unique id prefix (the 8 characters the list shows) answers with a redirect to the full
        id's address; none or several: 404."""
        matches = store.ids_starting(report_id)
        if len(matches) != 1:
            raise not_found()
        return RedirectResponse(f"/reports/{quote(matches[0])}{rest}" + (f"?{query}" if query else ""),
                                status_code=307)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    @app.get("/api/reports")
    def api_list(plan: str | None = None, instance: str | None = None, since: str | None = None,
                 tier: str | None = None, limit: int = Query(500, ge=1, le=5000)):
        rows = store.list(plan=plan, instance=instance, since=_parse_since(since), tier=tier, limit=limit)
        return JSONResponse([r.as_dict() | {"dir": None, "files": sorted(r.files)} for r in rows])

    @app.get("/", response_class=HTMLResponse)
    def index(plan: str | None = None, instance: str | None = None, since: str | None = None,
              tier: str | None = None, limit: int = Query(500, ge=1, le=5000)):
        rows = store.list(plan=plan, instance=instance, since=_parse_since(since), tier=tier, limit=limit)
        e = html.escape
        form = (
            "<form method='get'>"
            f"plan <input name='plan' value='{e(plan or '')}'> "
            f"instance <input name='instance' value='{e(instance or '')}'> "
            f"tier <input name='tier' value='{e(tier or '')}'> "
            f"since <input name='since' placeholder='YYYY-MM-DD' value='{e(since or '')}'> "
            "<button>filter</button> <a href='/'>clear</a></form>")
        trs = []
        for r in rows:
            c = r.counts
            trs.append(
                f"<tr><td><a href='/reports/{quote(r.id)}'>{e(r.id[:8])}</a></td>"
                f"<td>{e(when(r.generated_at))}</td><td>{e(r.tier)}</td>"
                f"<td>{e(r.plan or '')}</td><td>{e(', '.join(r.instances[:5]))}{' …' if len(r.instances) > 5 else ''}</td>"
                f"<td class='n'>{r.fleet_score:g}</td><td class='w-{e(r.worst)}'>{e(r.worst)}</td>"
                f"<td class='n'>{c.get('CRITICAL', 0)}</td><td class='n'>{c.get('WARNING', 0)}</td>"
                f"<td class='n'>{r.unreachable_count}</td>"
                f"<td>{_downloads(r.id)}</td></tr>")
        table = ("<table><thead><tr><th>id</th><th>generated</th><th>tier</th><th>plan</th><th>instances</th>"
                 "<th>score</th><th>worst</th><th>critical</th><th>warning</th><th>unreachable</th><th>download</th>"
                 f"</tr></thead><tbody>{''.join(trs)}</tbody></table>") if rows else "<p>No reports.</p>"
        return _page("dbpatrol reports", f"<h1>dbpatrol reports</h1>{form}<p>{len(rows)} report(s)</p>{table}")

    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    def detail(report_id: str, request: Request):
        stored = store.get(report_id)
        if stored is None:
            return canonical(report_id, "", request.url.query)
        result = store.load_result(report_id)
        from .score import score_fleet

        fleet = score_fleet(result).by_instance()
        e = html.escape
        rid = quote(stored.id)
        links = []
        for lang in i18n.LANGS:
            links.append(f"<li>{e(lang)}: " + " ".join(
                f"<a href='/reports/{rid}/download/{f}?{urlencode({'lang': lang})}'>{f}</a>" for f in FORMATS) + "</li>")
        insts = "".join(
            f"<tr><td>{e(i.name)}</td><td>{e(i.flavor or i.engine)}</td><td>{e(i.server_version or '')}</td>"
            f"<td>{'reachable' if i.reachable else 'unreachable: ' + e(i.cause or '')}</td>"
            f"<td class='n'>{fleet[i.name].score:g}</td><td class='w-{i.worst.value}'>{i.worst.value}</td></tr>"
            for i in result.instances)
        lang = stored.lang
        rows = []
        for i in result.instances:
            for f in sorted(i.findings, key=lambda f: (-f.outcome.rank, f.code)):
                if f.outcome.value in ATTENTION:
                    rows.append(
                        f"<tr><td>{e(i.name)}</td><td class='w-{f.outcome.value}'>{f.outcome.value}</td>"
                        f"<td>{e(f.code)}</td><td>{e(f.database or '')}</td><td>{e(f.title.get(lang))}</td>"
                        f"<td>{e(f.message.get(lang))}</td></tr>")
        findings = ("<table><thead><tr><th>instance</th><th>outcome</th><th>check</th><th>database</th>"
                    f"<th>title</th><th>finding</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                    if rows else "<p>No finding needs attention.</p>")
        body = (
            f"<p><a href='/'>← all reports</a></p><h1>Report {e(stored.id)}</h1>"
            f"<p>tier <b>{e(stored.tier)}</b> · plan <b>{e(stored.plan or '—')}</b> · generated "
            f"{e(when(stored.generated_at))} · window {e(when(stored.window_start))} → "
            f"{e(when(stored.window_end))} · fleet score <b>{stored.fleet_score:g}</b> · worst "
            f"<span class='w-{e(stored.worst)}'>{e(stored.worst)}</span></p>"
            f"<p><a href='/reports/{rid}/download/html?lang={e(stored.lang)}'>Open the report</a></p>"
            f"<h2>Downloads</h2><ul>{''.join(links)}</ul>"
            "<h2>Instances</h2><table><thead><tr><th>instance</th><th>engine</th><th>version</th><th>status</th>"
            f"<th>score</th><th>worst</th></tr></thead><tbody>{insts}</tbody></table>"
            f"<h2>Findings that need attention ({len(rows)})</h2>{findings}")
        return _page(f"dbpatrol report {stored.id}", body)

    @app.get("/reports/{report_id}/download/{fmt}")
    def download(report_id: str, fmt: str, request: Request, lang: str | None = None):
        if fmt not in FORMATS:
            raise not_found()
        stored = store.get(report_id)
        if stored is None:
            return canonical(report_id, f"/download/{fmt}", request.url.query)
        try:
            want = i18n.normalise_lang(lang) if lang else stored.lang
        except ValueError:
            raise not_found() from None
        disposition = "inline" if fmt in ("pdf", "html", "json") else "attachment"
        path = store.file_path(report_id, fmt)
        if path is not None and (want == stored.lang or fmt == "json"):
            return FileResponse(path, media_type=CONTENT_TYPES[fmt], filename=path.name,
                                content_disposition_type=disposition)
        try:
            data = store.render(report_id, fmt, want)
        except ReportNotFound:
            raise not_found() from None
        name = report_filename(store.load_result(report_id), fmt)
        return Response(data, media_type=CONTENT_TYPES[fmt],
                        headers={"Content-Disposition": f'{disposition}; filename="{name}"'})

    return app


class _RedactToken(logging.Filter):
    """Keep ?token=… out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(re.sub(r"(?i)([?&]token=)[^&\s]*", r"\1***", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def serve(store: ReportStore, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> None:
    """Run the browser with uvicorn; BindRefused for an address beyond loopback without a token."""
    import uvicorn

    check_bind(host, token)
    config = uvicorn.Config(create_app(store, token), host=host, port=port, log_level="info")  # sets up logging
    logging.getLogger("uvicorn.access").addFilter(_RedactToken())
    uvicorn.Server(config).run()
