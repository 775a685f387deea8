"""Reports: renderers of the results model (JSON, HTML, PDF, CSV, XLSX, Markdown for Prefect),
localisation (en, zh-CN), the health score, history diffs, the report store and the HTTP browser.

Stable API (used by flows/ and the CLI)::

    render(result, out_dir, formats=("pdf", "html", "json"), lang="en", *, previous=None, tz=None) -> dict[str, Path]
    to_json(result) -> str
    summary_markdown(result, lang="en", report_url=None, previous=None, tz=None) -> str
    findings_table(result, lang="en") -> list[dict]

Never imports flows/ or deployments/.
"""

from .render import (
    CONTENT_TYPES,
    FORMATS,
    findings_table,
    from_json,
    render,
    render_bytes,
    report_basename,
    report_filename,
    summary_markdown,
    to_csv,
    to_html,
    to_json,
    to_pdf,
    to_xlsx,
)

__all__ = [
    "CONTENT_TYPES", "FORMATS", "findings_table", "from_json", "render", "render_bytes", "report_basename",
    "report_filename", "summary_markdown", "to_csv", "to_html", "to_json", "to_pdf", "to_xlsx",
]
