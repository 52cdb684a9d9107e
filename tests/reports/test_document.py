"""The report document (SPEC §13) built from snapshots: pure, no PDF involved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from pifai.models.enums import OrgType
from pifai.pif.responsibility import cell
from pifai.reports.document import build_document, document_for_snapshot
from pifai.reports.snapshot import build_snapshot
from pifai.toxicology.basis import register

TODAY = date(2026, 12, 3)


def formula(*rows: dict[str, Any]) -> dict[str, Any]:
    """A formula check report (formulas.check_report shape) with just these rows."""
    full = [
        {
            "name": r["inci"],
            "cas": [],
            "amount": {"text": None},
            "judged_pct": None,
            "function": None,
            "findings": [],
            "label_requirements": [],
            "review_notes": [],
            "blocking": r.get("verdict") == "prohibited",
            **r,
        }
        for r in rows
    ]
    return {"source": "f.csv", "summary": {"ingredients": len(full)}, "ingredients": full}


def snapshot(items: dict[int, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "format": "pif-snapshot/1",
        "product": {"id": None, "name": "保濕乳霜", "name_en": None, "product_type": "face_cream"},
        "items": {
            str(n): {
                "status": "uploaded",
                "not_applicable_justification": None,
                "data": data,
            }
            for n, data in items.items()
        },
        **extra,
    }


def section(document: dict[str, Any], number: int) -> dict[str, Any]:
    found: dict[str, Any] = document["items"][number - 1]
    assert found["number"] == number
    return found


def block(sec: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in sec["blocks"] if b.get("id") == block_id)


def test_items_come_in_official_order_with_their_titles() -> None:
    document = document_for_snapshot(snapshot({}), as_of=TODAY)

    assert [s["number"] for s in document["items"]] == list(range(1, 17))
    assert document["items"][2]["title"] == "全成分名稱及其含量"
    assert document["lang"] == "zh-Hant"


@pytest.mark.parametrize(("lang", "field"), [("zh-Hant", "provider_zh"), ("en", "provider_en")])
def test_a_missing_item_says_who_provides_it(lang: str, field: str) -> None:
    document = document_for_snapshot(
        snapshot({1: {"name_zh": "保濕乳霜"}}), as_of=TODAY, org_type=OrgType.BRAND, lang=lang
    )

    item3 = section(document, 3)
    assert item3["state"] == "missing"
    assert getattr(cell(OrgType.BRAND, 3), field) in item3["missing"]
    assert item3["provider"]["outsourced"] is True


def test_without_a_business_type_the_provider_is_not_guessed() -> None:
    document = document_for_snapshot(snapshot({}), as_of=TODAY, org_type=None)

    assert section(document, 2)["provider"] is None
    assert "業者類型" in section(document, 2)["missing"]


def test_a_not_applicable_item_prints_its_justification() -> None:
    state = snapshot({})
    state["items"]["13"] = {
        "status": "human_reviewed",
        "not_applicable_justification": "酒精含量 70 %，為不利微生物生長之基質",
        "data": {},
    }

    item13 = section(document_for_snapshot(state, as_of=TODAY), 13)

    assert (item13["state"], item13["justification"]) == (
        "not_applicable",
        "酒精含量 70 %，為不利微生物生長之基質",
    )


def test_the_ingredient_table_shows_what_item_3_stores_and_nothing_more() -> None:
    report = formula(
        {"inci": "GLYCERIN", "cas": ["56-81-5"], "judged_pct": 5.0, "function": "Humectant",
         "verdict": "compliant"},
        {"inci": None, "name": "Secret blend", "amount": {"text": "q.s."}, "verdict": "unknown"},
    )  # fmt: skip

    document = document_for_snapshot(snapshot({3: {"formula": report}}), as_of=TODAY)

    rows = block(section(document, 3), "ingredients")["rows"]
    assert [(r["inci"], r["cas"], r["pct"], r["function"], r["verdict"]) for r in rows] == [
        ("GLYCERIN", ["56-81-5"], 5.0, "Humectant", "compliant"),
        (None, [], "q.s.", None, "unknown"),
    ]
    assert rows[1]["name"] == "Secret blend"


def test_a_prohibited_ingredient_is_a_live_blocking_alert_with_its_articles() -> None:
    report = formula({"inci": "HYDROQUINONE", "verdict": "prohibited"})

    document = document_for_snapshot(snapshot({3: {"formula": report}}), as_of=TODAY)

    alert = next(r for r in document["alerts"]["blocks"][0]["rows"] if r["rule"] == "R9")
    assert (alert["severity"], alert["target_item"], alert["article"]) == (
        "blocking",
        3,
        "Art. 6 ¶1",
    )
    assert alert["penalty_article"] == "Art. 18 ¶1 subpara. 3" and alert["penalty_citation"]
    assert document["summary"]["blocking"] is True
    assert section(document, 3)["alerts"] == [{"rule": "R9", "severity": "blocking", "count": 1}]


def test_a_gmp_certificate_about_to_expire_is_listed() -> None:
    gmp = {
        "certificate_type": "iso_22716",
        "certificate_number": "C-1",
        "issuer": "SGS",
        "site_name": "Site",
        "issue_date": "2024-01-10",
        "expiry_date": "2027-01-10",
    }

    document = document_for_snapshot(snapshot({5: gmp}), as_of=TODAY)

    rows = document["expiring"]["blocks"][0]["rows"]
    assert rows == [
        {
            "kind": "gmp_certificate",
            "item_number": 5,
            "reference": "C-1",
            "start_date": "2024-01-10",
            "due_date": "2027-01-10",
            "days_left": 38,
            "state": "expiring",
        }
    ]


def test_a_stored_signed_version_prints_its_signature_and_declares_it() -> None:
    signature = {
        "signed_at": "2026-11-20T08:30:00+00:00",
        "signer_email": "sa@example.com",
        "certificate_ref": "SA-0042",
        "method": "password_2fa",
        "alert_notes": {},
    }
    versions = [
        {
            "label": "V1",
            "sequence": 1,
            "signed_at": "2026-11-20T08:30:00+00:00",
            "signed_by": "u-1",
            "signature_hash": "ab" * 32,
            "method": "password_2fa",
            "certificate_ref": "SA-0042",
        }
    ]

    document = document_for_snapshot(
        snapshot({}, signature=signature), versions=versions, as_of=TODAY, source="version"
    )

    assert document["version"]["display"] == "V1 #1 (已簽署)"
    assert document["signature"]["signature_hash"] == "ab" * 32
    assert any("ab" * 32 in line for line in document["declarations"])
    signed = section(document, 16)["blocks"][-1]
    assert {row["key"]: row["value"] for row in signed["rows"]}["certificate_ref"] == "SA-0042"
    assert document["versions"]["blocks"][0]["rows"][0]["display"] == "V1 #1"


def test_the_current_state_names_the_latest_signed_version_and_stays_unsigned() -> None:
    versions = [{"label": "V1", "sequence": 1, "signed_at": "2026-11-20T08:30:00+00:00"}]

    document = document_for_snapshot(snapshot({}), versions=versions, as_of=TODAY, lang="en")

    assert document["version"]["display"] == "Current state (not signed) — latest signed V1 #1"
    assert document["signature"] is None
    assert any("not signed" in line for line in document["declarations"])


def test_the_basis_register_appendix_holds_every_register_entry() -> None:
    document = document_for_snapshot(snapshot({}), as_of=TODAY)

    appendix = document["basis_register"]["blocks"]
    printed = [k for row in appendix[0]["rows"] for k in row["keys"]]
    printed += [row["key"] for row in appendix[1]["rows"]]
    assert sorted(printed) == sorted(e.key for e in register())


def test_the_document_is_json_ready_and_knows_its_language() -> None:
    state = build_snapshot(
        name="Hydra Cream",
        product_type="face_cream",
        source_file="f.csv",
        formula=formula({"inci": "AQUA", "verdict": "compliant"}),
        properties=[],
        assessment={},
        draft={"assessment_text": "draft"},
    )

    document = document_for_snapshot(state, as_of=TODAY, lang="en")

    assert json.loads(json.dumps(document))["lang"] == "en"
    assert section(document, 1)["blocks"][0]["rows"][0]["value"] == "Hydra Cream"
    assert document["product"]["name_en"] == "Hydra Cream"


def test_an_analysis_that_failed_is_said_so() -> None:
    state = snapshot({10: {"analysis_error": "the formula could not be read"}})

    item10 = section(document_for_snapshot(state, as_of=TODAY), 10)

    assert item10["notices"] == ["分析失敗: the formula could not be read"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"lang": "fr"}, "language"), ({"source": "draft"}, "source")],
)
def test_unknown_language_or_source_is_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_document(snapshot({}), alerts=[], expiring=[], as_of=TODAY, **kwargs)


RECORD = {
    "manufacturer_name": "記錄製造股份有限公司",
    "manufacturer_address": "臺北市信義區記錄路 1 號",
    "registration_id": "REC-0001",
    "dosage_form": "乳霜",
    "launch_date": "2026-03-01",
}


def _with_record(items: dict[int, dict[str, Any]]) -> dict[str, Any]:
    state = snapshot(items)
    state["product"].update(RECORD)
    return state


def _fields(sec: dict[str, Any]) -> dict[str, Any]:
    rows = next(b for b in sec["blocks"] if b["kind"] == "fields")["rows"]
    return {row["key"]: row["value"] for row in rows}


def test_the_product_record_fills_item_1_gaps_and_item_1_wins() -> None:
    state = _with_record({1: {"name_zh": "保濕乳霜", "manufacturer_name": "項目一製造有限公司"}})

    document = document_for_snapshot(state, as_of=TODAY)
    fields = _fields(section(document, 1))

    assert fields["manufacturer_name"] == "項目一製造有限公司"
    assert fields["manufacturer_address"] == RECORD["manufacturer_address"]
    assert fields["registration_id"] == "REC-0001" and fields["launch_date"] == "2026-03-01"
    assert document["product"]["company"] == "項目一製造有限公司"
    assert document["product"]["company_address"] == RECORD["manufacturer_address"]
    assert document["product"]["registration_id"] == "REC-0001"


def test_a_missing_item_1_stays_missing_and_shows_the_product_record() -> None:
    state = _with_record({3: formula({"inci": "AQUA", "verdict": "compliant"})})

    document = document_for_snapshot(state, as_of=TODAY)
    item1 = section(document, 1)

    assert item1["state"] == "missing" and document["summary"]["items_missing"] == 15
    assert _fields(item1)["manufacturer_name"] == RECORD["manufacturer_name"]
    assert document["product"]["company"] == RECORD["manufacturer_name"]
