"""Expiring documents (SPEC §12.5) on a fixed day, with the lint's own thresholds."""

from __future__ import annotations

from datetime import date
from typing import Any

from pifai.pif.lint.model import ItemSnapshot
from pifai.pif.versions.expiry import (
    DocumentKind,
    ExpiringDocument,
    ExpiryState,
    expiring_documents,
    valid_until,
)

TODAY = date(2026, 6, 1)
_GMP = {"certificate_type": "tw_cosmetic_gmp", "issuer": "TFDA", "site_name": "桃園廠"}
_REPORT = {"laboratory": "SGS Taiwan", "result": "pass"}


def _items(**by_number: dict[str, Any]) -> dict[int, ItemSnapshot]:
    return {int(k[1:]): ItemSnapshot(status="uploaded", data=v) for k, v in by_number.items()}


def _gmp(expiry: str | None) -> dict[str, Any]:
    return {**_GMP, "issue_date": "2025-01-01", "expiry_date": expiry}


def _micro(day: str) -> dict[str, Any]:
    return {
        **_REPORT,
        "report_date": day,
        "report_number": "R-1",
        "results": [{"organism": "escherichia_coli", "detected": False}],
    }


def _event(
    seriousness: str, event: str, aware: str | None = None, report: str | None = None
) -> dict[str, Any]:
    return {
        "events": [
            {
                "description": "紅腫",
                "seriousness": seriousness,
                "event_date": event,
                "aware_date": aware,
                "report_date": report,
            }
        ]
    }


def _only(items: dict[int, ItemSnapshot]) -> ExpiringDocument:
    found = expiring_documents(items, TODAY)
    assert len(found) == 1, found
    return found[0]


def test_gmp_within_90_days_is_listed_with_days_left() -> None:
    doc = _only(_items(i5=_gmp("2026-08-30")))

    assert (doc.kind, doc.item_number, doc.due_date, doc.days_left, doc.state) == (
        DocumentKind.GMP_CERTIFICATE,
        5,
        date(2026, 8, 30),
        90,
        ExpiryState.EXPIRING,
    )
    assert doc.start_date == date(2025, 1, 1) and doc.reference == "桃園廠"


def test_gmp_beyond_90_days_or_without_expiry_is_not_listed() -> None:
    assert expiring_documents(_items(i5=_gmp("2026-08-31")), TODAY) == []
    assert expiring_documents(_items(i5=_gmp(None)), TODAY) == []


def test_expired_gmp_counts_negative_days() -> None:
    doc = _only(_items(i5=_gmp("2026-05-30")))

    assert (doc.days_left, doc.state) == (-2, ExpiryState.EXPIRED)


def test_test_report_valid_twelve_months_warned_60_days_ahead() -> None:
    near = _only(_items(i12=_micro("2025-07-31")))
    assert (near.kind, near.item_number, near.due_date, near.days_left) == (
        DocumentKind.TEST_REPORT,
        12,
        date(2026, 7, 31),
        60,
    )
    assert near.reference == "R-1"
    assert expiring_documents(_items(i12=_micro("2025-08-01")), TODAY) == []
    old = _only(_items(i12=_micro("2025-05-01")))
    assert (old.days_left, old.state) == (-31, ExpiryState.EXPIRED)


def test_valid_until_handles_leap_day() -> None:
    assert valid_until(date(2024, 2, 29)) == date(2025, 2, 28)
    assert valid_until(date(2025, 3, 1)) == date(2026, 3, 1)


def test_serious_event_counts_15_days_from_awareness() -> None:
    doc = _only(_items(i8=_event("serious", "2026-05-20", aware="2026-05-25")))

    assert (doc.kind, doc.start_date, doc.due_date, doc.days_left) == (
        DocumentKind.SERIOUS_ADVERSE_EVENT,
        date(2026, 5, 25),
        date(2026, 6, 9),
        8,
    )


def test_unassessed_events_count_and_reported_or_minor_ones_do_not() -> None:
    overdue = _only(_items(i8=_event("unassessed", "2026-05-01")))
    assert (overdue.days_left, overdue.state) == (-16, ExpiryState.EXPIRED)
    assert expiring_documents(_items(i8=_event("non_serious", "2026-05-30")), TODAY) == []
    reported = _event("serious", "2026-05-20", report="2026-05-22")
    assert expiring_documents(_items(i8=reported), TODAY) == []


def test_most_urgent_first_and_malformed_data_ignored() -> None:
    items = _items(
        i5=_gmp("2026-07-01"), i11={"report_date": "not a date"}, i13=_micro("2025-05-01")
    )
    found = expiring_documents(items, TODAY)

    assert [(d.item_number, d.days_left) for d in found] == [(5, 30)]
