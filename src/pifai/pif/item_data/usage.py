"""Item 7: the five use fields (method, body area, amount, frequency, target population).

Each may be left empty while the file is being built; completeness is a lint finding
(SPEC §11 R2), not a reason to refuse saving what is known.
"""

from __future__ import annotations

from pifai.kit.input import InputModel
from pifai.pif.item_data.common import Paragraph, ShortText


class UsageData(InputModel):
    method: Paragraph | None = None
    body_area: ShortText | None = None
    amount: ShortText | None = None
    frequency: ShortText | None = None
    target_population: ShortText | None = None

    def missing_fields(self) -> list[str]:
        """The use fields still empty, in the official order."""
        return [name for name, value in self if value is None]
