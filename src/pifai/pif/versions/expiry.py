"""Expiring documents (SPEC §12.5): the GMP certificate, the test reports of items 11-13
and the reporting countdown of serious adverse events, each with its dates and days left.

The GMP warning window and the 15-day reporting deadline are the lint's own (R10, R13) so
the two never disagree; the report validity is the lint's 12 months (R6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pifai.pif.item_data.adverse import AdverseReactions, Seriousness
from pifai.pif.item_data.lab_reports import (
    LabReport,
    MicrobiologyReport,
    PreservativeEfficacyReport,
    StabilityReport,
)
from pifai.pif.item_data.manufacturing import GmpCertificate
from pifai.pif.lint.model import ItemSnapshot
from pifai.pif.lint.rules_dates import GMP_EXPIRY_WARNING, REPORT_WITHIN
from pifai.pif.lint.view import PifView

# SPEC §12.5: warn this long before a test report's 12 months run out.
REPORT_RENEWAL_WARNING = timedelta(days=60)
_REPORTS: tuple[tuple[int, type[LabReport]], ...] = (
    (11, StabilityReport),
    (12, MicrobiologyReport),
    (13, PreservativeEfficacyReport),
)


class DocumentKind(StrEnum):
    GMP_CERTIFICATE = "gmp_certificate"
    TEST_REPORT = "test_report"
    SERIOUS_ADVERSE_EVENT = "serious_adverse_event"


class ExpiryState(StrEnum):
    EXPIRED = "expired"  # past its date (an event: reporting deadline missed)
    EXPIRING = "expiring"  # inside the warning window (an event: countdown running)


@dataclass(frozen=True)
class ExpiringDocument:
    kind: DocumentKind
    item_number: int
    reference: str
    start_date: date
    due_date: date
    days_left: int
    state: ExpiryState


def valid_until(report_date: date) -> date:
    """Twelve months after the test date: the same day a year later (29 Feb → 28 Feb)."""
    try:
        return report_date.replace(year=report_date.year + 1)
    except ValueError:
        return report_date.replace(year=report_date.year + 1, day=28)


def _entry(
    kind: DocumentKind, number: int, reference: str, start: date, due: date, today: date
) -> ExpiringDocument:
    left = (due - today).days
    state = ExpiryState.EXPIRED if left < 0 else ExpiryState.EXPIRING
    return ExpiringDocument(kind, number, reference, start, due, left, state)


def _gmp(pif: PifView) -> list[ExpiringDocument]:
    cert = pif.typed(5, GmpCertificate)
    if cert is None or cert.expiry_date is None:
        return []
    if cert.expiry_date - pif.today > GMP_EXPIRY_WARNING:
        return []
    reference = cert.certificate_number or cert.site_name
    return [
        _entry(
            DocumentKind.GMP_CERTIFICATE, 5, reference, cert.issue_date, cert.expiry_date, pif.today
        )
    ]


def _reports(pif: PifView) -> list[ExpiringDocument]:
    found = []
    for number, model in _REPORTS:
        report = pif.typed(number, model)
        if report is None:
            continue
        due = valid_until(report.report_date)
        if due - pif.today > REPORT_RENEWAL_WARNING:
            continue
        reference = report.report_number or report.laboratory
        found.append(
            _entry(DocumentKind.TEST_REPORT, number, reference, report.report_date, due, pif.today)
        )
    return found


def _serious_events(pif: PifView) -> list[ExpiringDocument]:
    """Unreported serious (or unassessed, fail-safe as in R13) events; clock from awareness."""
    record = pif.typed(8, AdverseReactions)
    found = []
    for event in record.events if record else []:
        if event.seriousness is Seriousness.NON_SERIOUS or event.report_date is not None:
            continue
        start = event.aware_date or event.event_date
        kind = DocumentKind.SERIOUS_ADVERSE_EVENT
        reference = event.description[:200]
        found.append(_entry(kind, 8, reference, start, start + REPORT_WITHIN, pif.today))
    return found


def expiring_documents(items: Mapping[int, ItemSnapshot], today: date) -> list[ExpiringDocument]:
    """Everything due or overdue, most urgent first."""
    pif = PifView(items, today)
    found = _gmp(pif) + _reports(pif) + _serious_events(pif)
    return sorted(found, key=lambda d: (d.days_left, d.item_number, d.reference))
