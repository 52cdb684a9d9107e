"""Item 16: the safety assessment text. Signing happens elsewhere (SPEC §12.6); this is
only the text the SA edits, whoever drafted it."""

from __future__ import annotations

from enum import StrEnum

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import IsoDate, LongText, ShortText


class Conclusion(StrEnum):
    SAFE = "safe"
    SAFE_WITH_CONDITIONS = "safe_with_conditions"
    NOT_SAFE = "not_safe"


class SafetyAssessment(InputModel):
    assessment_text: LongText
    conclusion: Conclusion | None = None
    assessor_name: ShortText | None = None
    # The signing SA's qualification certificate expiry (lint R14); signing itself is SPEC §12.
    sa_certificate_expires: IsoDate | None = None
