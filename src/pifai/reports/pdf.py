"""The report document drawn as an A4 PDF with WeasyPrint (SPEC §13).

The HTML comes only from our templates, with every value escaped. WeasyPrint still gets a
URL fetcher that allows nothing but ``data:`` URLs and follows no redirect, so no value in
a document can make the renderer read a local file or reach the network (tech-pitfalls
B-17, advisory GHSA-jf6q-chmf-3h3v; WeasyPrint 70's ``URLFetcher`` API).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pifai.reports.formatting import display, verdict_class
from pifai.reports.i18n import language, text

# Only inline data; the templates reference no other resource.
ALLOWED_SCHEMES = ("data",)
_FETCH_TIMEOUT_SECONDS = 1


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pifai.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_counter(lang: str) -> str:
    """The CSS ``content`` of "page x of y" in the report's language."""
    before, _, rest = text("page", lang).partition("{page}")
    middle, _, after = rest.partition("{pages}")
    parts = [_css_string(before), "counter(page)", _css_string(middle), "counter(pages)"]
    return " ".join([*parts, _css_string(after)] if after else parts)


def render_html(document: Mapping[str, Any]) -> str:
    """The HTML WeasyPrint lays out (exposed for tests and debugging)."""
    lang = language(str(document.get("lang")))
    vocabulary = document.get("vocabulary") or {}

    def fmt(value: Any, fmt_name: str) -> str:
        return display(value, fmt_name, vocabulary, lang)

    template = _environment().get_template("report.html.j2")
    return template.render(
        doc=document,
        fmt=fmt,
        vclass=verdict_class,
        # Built from our own strings only (never document data), quoted for CSS above.
        page_counter=Markup(page_counter(lang)),  # noqa: S704
    )


def url_fetcher() -> Any:
    """A fetcher that refuses every scheme but ``data:`` and every redirect."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    return URLFetcher(
        timeout=_FETCH_TIMEOUT_SECONDS,
        allowed_protocols=ALLOWED_SCHEMES,
        allow_redirects=False,
        fail_on_errors=False,
    )


@cache
def _ua_stylesheet() -> Any:
    from weasyprint import CSS  # type: ignore[import-untyped]

    source = files("pifai.reports").joinpath("templates", "ua.css").read_text(encoding="utf-8")
    return CSS(string=source, url_fetcher=url_fetcher())


@cache
def _report_html() -> Any:
    """WeasyPrint's ``HTML`` with a user-agent stylesheet cut to the elements our template
    uses (templates/ua.css): a fifth less rendering time. It overrides WeasyPrint's
    ``_ua_stylesheets`` hook; should a release drop that hook, the full stylesheet applies
    again and the report is only slower, not different."""
    from weasyprint import HTML

    class ReportHTML(HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [_ua_stylesheet()]

    return ReportHTML


def render_pdf(document: Mapping[str, Any]) -> bytes:
    """The A4 PDF of a report document, in the language the document holds."""
    html = _report_html()(string=render_html(document), url_fetcher=url_fetcher(), base_url=None)
    pdf: bytes = html.write_pdf()
    return pdf
