"""Which language a message is written in: the one asked for, else the browser's
``Accept-Language`` (RFC 9110 §12.5.4), else Traditional Chinese."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from pifai.models.enums import ReportLanguage
from pifai.reports.i18n import language

DEFAULT = ReportLanguage.ZH_HANT


def _alias(value: Any) -> Any:
    """The spellings ``report_language`` and the PDF's ``?lang=`` accept (``zh``,
    ``zh-TW``, ``zh-Hant``, ``en`` …, any case), as the canonical tag."""
    return language(value) if isinstance(value, str) else value


# A request's ``lang`` for a message.
EmailLanguage = Annotated[ReportLanguage, BeforeValidator(_alias)]


def _from_tag(tag: str) -> ReportLanguage | None:
    primary = tag.strip().lower().split("-", 1)[0]
    if primary == "zh":  # every Chinese variant reads the Traditional text
        return ReportLanguage.ZH_HANT
    if primary == "en":
        return ReportLanguage.EN
    return None


def _weight(params: list[str]) -> float:
    for param in params:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def from_accept_language(header: str | None) -> ReportLanguage | None:
    """The best-weighted language we write, or None when the header names none of them."""
    if not header:
        return None
    best: tuple[float, int, ReportLanguage] | None = None
    for index, part in enumerate(header.split(",")[:32]):
        tag, *params = part.split(";")
        language = _from_tag(tag)
        weight = _weight(params)
        if language is None or weight <= 0:
            continue
        candidate = (weight, -index, language)  # equal weights: the first listed wins
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


def choose(explicit: ReportLanguage | None, accept_language: str | None) -> ReportLanguage:
    return explicit or from_accept_language(accept_language) or DEFAULT
