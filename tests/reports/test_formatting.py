"""How values print: absences as "—", concentrations with their digits, codes by name."""

from __future__ import annotations

from typing import Any

import pytest

from pifai.reports.formatting import DASH, display, timestamp
from pifai.reports.i18n import vocabulary

ZH = vocabulary("zh-Hant")


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (None, "number", DASH),
        ("", "text", DASH),
        ([], "list", DASH),
        (0.0001, "pct", "0.0001"),
        (93.0005, "pct", "93.0005"),
        (5178.127589, "number", "5178"),
        (1234567.8, "number", "1,234,568"),
        (10000.0, "number", "10,000"),
        (0.002414, "number", "0.002414"),
        (2, "number", "2"),
        ("q.s.", "pct", "q.s."),
        ("data_gap", "verdict", "資料缺口"),
        ("not_a_known_code", "code", "not_a_known_code"),
        (["cmr", "corrosive"], "codes", "CMR、腐蝕性"),
        (["57-55-6", "8001-25-0"], "mono", "57-55-6, 8001-25-0"),
        (True, "bool", "是"),
        ("2026-11-20T08:30:00+00:00", "date", "2026-11-20 08:30 UTC"),
    ],
)
def test_display(value: Any, fmt: str, shown: str) -> None:
    assert display(value, fmt, ZH, "zh-Hant") == shown


def test_english_lists_use_commas() -> None:
    assert display(["cmr", "corrosive"], "codes", vocabulary("en"), "en") == "CMR, corrosive"


def test_a_plain_date_is_left_as_is() -> None:
    assert timestamp("2026-12-03") == "2026-12-03"
