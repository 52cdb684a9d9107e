"""What one external source answered for one substance, and how that answer came about."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pifai.models.base import utcnow

Status = Literal["ok", "not_found", "failed", "disabled"]


@dataclass(frozen=True)
class SourceResult:
    """One source's answer. ``failed`` carries a specific ``error`` ("EPA: HTTP 500");
    ``stale`` marks a cached answer older than the cache period (a refresh is under way)."""

    source: str
    status: Status
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    fetched_at: datetime = field(default_factory=utcnow)
    from_cache: bool = False
    stale: bool = False


def ok(source: str, data: dict[str, Any]) -> SourceResult:
    return SourceResult(source, "ok", data)


def not_found(source: str, data: dict[str, Any] | None = None) -> SourceResult:
    return SourceResult(source, "not_found", data or {})


def failed(source: str, error: str, data: dict[str, Any] | None = None) -> SourceResult:
    return SourceResult(source, "failed", data or {}, error)


def disabled(source: str) -> SourceResult:
    return SourceResult(source, "disabled")
