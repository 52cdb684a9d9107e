"""R5, R10, R13, R14: one test that fires each, one that does not (today is 2026-06-01)."""

from __future__ import annotations

from typing import Any

from pifai.pif.lint import Severity
from pifai.pif.lint.penalties import ART_24_ZH_URL
from tests.pif.lint.helpers import fired, run

BASIC = {"name_zh": "保濕乳霜", "launch_date": "2026-01-10"}
NONE_STATEMENT = {
    "statement_of_none": "No adverse reactions received",
    "statement_date": "2026-05-01",
}


def _gmp(issued: str, expires: str | None = None) -> dict[str, Any]:
    return {
        "certificate_type": "iso_22716",
        "issuer": "Cert Body",
        "site_name": "Plant 1",
        "issue_date": issued,
        "expiry_date": expires,
    }


def _event(**fields: Any) -> dict[str, Any]:
    base = {
        "description": "severe dermatitis",
        "seriousness": "serious",
        "event_date": "2026-05-01",
    }
    return {"events": [base | fields]}


def test_r5_fires_when_launched_without_adverse_reaction_records() -> None:
    [alert] = fired(run({1: BASIC}), "R5")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.WARNING, 8, "Art. 4 ¶1")


def test_r5_does_not_fire_with_a_statement_of_none_or_before_launch() -> None:
    assert fired(run({1: BASIC, 8: NONE_STATEMENT}), "R5") == []
    assert fired(run({1: BASIC | {"launch_date": "2026-06-02"}}), "R5") == []


def test_r10_fires_for_a_certificate_issued_over_12_months_ago() -> None:
    [alert] = fired(run({5: _gmp("2025-05-31", "2028-05-31")}), "R10")

    assert (alert.severity, alert.target_item, alert.article) == (Severity.WARNING, 5, "Art. 8")
    assert alert.penalty == "see Act art. 8"


def test_r10_fires_for_a_certificate_expiring_within_90_days_or_expired() -> None:
    [soon] = fired(run({5: _gmp("2026-01-01", "2026-08-30")}), "R10")
    [expired] = fired(run({5: _gmp("2023-01-01", "2026-05-31")}), "R10")

    assert "within 90 days" in soon.message_en
    assert "expired" in expired.message_en


def test_r10_does_not_fire_for_a_recent_certificate_far_from_expiry() -> None:
    assert fired(run({5: _gmp("2026-01-01", "2026-08-31")}), "R10") == []


def test_r13_fires_for_a_serious_event_reported_after_15_days() -> None:
    late = _event(aware_date="2026-05-02", report_date="2026-05-18")

    [alert] = fired(run({8: late}), "R13")

    assert (alert.severity, alert.target_item, alert.article) == (
        Severity.BLOCKING,
        8,
        "Art. 12 ¶1",
    )
    assert not isinstance(alert.penalty, str)
    assert alert.penalty.article == "Art. 24 ¶1 subpara. 2"
    assert "一萬元以上一百萬元以下" in alert.penalty.text
    assert ART_24_ZH_URL in alert.penalty.citation


def test_r13_fires_for_an_unassessed_event_with_no_report() -> None:
    [alert] = fired(run({8: _event(seriousness="unassessed")}), "R13")

    assert "overdue, due by 2026-05-16" in alert.message_en


def test_r13_does_not_fire_when_reported_on_day_15_or_not_serious() -> None:
    on_time = _event(aware_date="2026-05-02", report_date="2026-05-17")

    assert fired(run({8: on_time}), "R13") == []
    assert fired(run({8: _event(seriousness="non_serious")}), "R13") == []


def test_r14_fires_when_the_sa_certificate_has_expired() -> None:
    data = {"assessment_text": "Safe.", "sa_certificate_expires": "2026-05-31"}

    [alert] = fired(run({16: data}), "R14")

    assert (alert.severity, alert.target_item, alert.article) == (
        Severity.BLOCKING,
        16,
        "Art. 4 ¶3",
    )


def test_r14_does_not_fire_for_a_valid_or_unreadable_certificate_date() -> None:
    assert fired(run({16: {"sa_certificate_expires": "2026-06-01"}}), "R14") == []
    assert fired(run({16: {"sa_certificate_expires": "soon"}}), "R14") == []
