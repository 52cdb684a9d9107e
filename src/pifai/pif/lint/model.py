"""The lint's values: what an item looks like to a rule, and what a rule reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """SPEC §11: ``blocking`` prevents signing, ``error`` needs an SA note, ``warning`` informs."""

    WARNING = "warning"
    ERROR = "error"
    BLOCKING = "blocking"


@dataclass(frozen=True)
class ItemSnapshot:
    """One PIF item as stored: its status, the not-applicable declaration, and its data."""

    status: str
    not_applicable: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Penalty:
    """A penalty provision as printed in the Act, with the address it was read at."""

    article: str
    text: str
    citation: str


@dataclass(frozen=True)
class Alert:
    rule: str
    severity: Severity
    target_item: int
    message_zh: str
    message_en: str
    article: str
    # A sourced provision, or "see Act art. N" when the fine could not be read from the Act.
    penalty: Penalty | str
    evidence: tuple[str, ...] = ()
