"""How rules read the items: typed through the item schemas, raw for engine items.

Item data is not yet validated when saved, so a rule sees ``None`` for data that does not
fit its schema, exactly as for a missing item; a rule never guesses at malformed data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError

from pifai.kit.input import InputModel
from pifai.pif.lint.model import ItemSnapshot

M = TypeVar("M", bound=InputModel)


class PifView:
    def __init__(self, items: Mapping[int, ItemSnapshot], today: date) -> None:
        self._items = items
        self.today = today

    def raw(self, number: int) -> Mapping[str, Any]:
        item = self._items.get(number)
        return item.data if item is not None else {}

    def not_applicable(self, number: int) -> bool:
        item = self._items.get(number)
        return item is not None and item.not_applicable

    def typed(self, number: int, model: type[M]) -> M | None:
        data = self.raw(number)
        if not data:
            return None
        try:
            return model.model_validate(dict(data))
        except ValidationError:
            return None


def one_year_before(day: date) -> date:
    """The same calendar day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
