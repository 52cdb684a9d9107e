"""Version labels and change detection (SPEC §12.1-4), as pure functions over values.

V0 is the draft before the first signature, V1 the first signature, V2 the first re-sign
after a change and V3 every later one; repeated V3 signings are told apart by sequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pifai.pif.versions.fingerprints import ITEMS_OF, Fingerprint, Fingerprints


class VersionLabel(StrEnum):
    V0 = "V0"
    V1 = "V1"
    V2 = "V2"
    V3 = "V3"


_ORDER = list(VersionLabel)
FIRST_SEQUENCE = 1


@dataclass(frozen=True)
class VersionKey:
    """A version's place in the history: label first, then sequence (V3 #1 < V3 #2)."""

    label: VersionLabel
    sequence: int

    @property
    def rank(self) -> tuple[int, int]:
        return _ORDER.index(self.label), self.sequence

    def __str__(self) -> str:
        return f"{self.label.value} #{self.sequence}"


def next_version(latest_signed: VersionKey | None, highest_v3: int = 0) -> VersionKey:
    """The label a new draft takes: V1 before any signature, then V2, then V3 #n+1.

    ``highest_v3`` is the highest V3 sequence already taken (signed or not), so a new V3
    never collides with an existing one.
    """
    if latest_signed is None or latest_signed.label is VersionLabel.V0:
        return VersionKey(VersionLabel.V1, FIRST_SEQUENCE)
    if latest_signed.label is VersionLabel.V1:
        return VersionKey(VersionLabel.V2, FIRST_SEQUENCE)
    taken = max(highest_v3, latest_signed.sequence if latest_signed.label is VersionLabel.V3 else 0)
    return VersionKey(VersionLabel.V3, taken + 1)


@dataclass(frozen=True)
class Reason:
    fingerprint: Fingerprint
    items: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class ChangeReport:
    needs_resign: bool
    reasons: tuple[Reason, ...]
    current_version: VersionKey | None
    suggested_next: VersionKey


_MESSAGES = {
    Fingerprint.FORMULA: "The formula (item 3 ingredients or concentrations) changed",
    Fingerprint.PROCESS_MAKER: "The manufacturing process (item 6) or the manufacturer or "
    "site (items 1, 5) changed",
    Fingerprint.PACKAGING: "The packaging components or materials (item 15) changed",
    Fingerprint.LABEL_NAME: "The product name (product or item 1) or the label content "
    "(item 4) changed",
    Fingerprint.USE: "The use (item 7, including the target population) or the product type "
    "changed",
}


def detect_changes(
    signed: Fingerprints | None,
    current: Fingerprints,
    signed_version: VersionKey | None,
    highest_v3: int = 0,
) -> ChangeReport:
    """Compare the latest signed fingerprints with the current ones; nothing signed yet
    means nothing to re-sign (the first signature is V1)."""
    reasons = (
        tuple(
            Reason(kind, ITEMS_OF[kind], _MESSAGES[kind])
            for kind in Fingerprint
            if signed.of(kind) != current.of(kind)
        )
        if signed is not None
        else ()
    )
    return ChangeReport(
        needs_resign=bool(reasons),
        reasons=reasons,
        current_version=signed_version,
        suggested_next=next_version(signed_version, highest_v3),
    )
