"""What `pifai build` feeds the report: the in-memory snapshot (the API's shape), the draft
of item 16 and the list of what blocks; and a stored version printed after a change."""

from __future__ import annotations

import uuid
from datetime import date

from pifai.models import PifDocument, Product
from pifai.pif.lint.model import Alert, Severity
from pifai.pif.versions.service import state_of
from pifai.reports.blockers import blockers
from pifai.reports.document import document_for_snapshot
from pifai.reports.draft import draft_item16
from pifai.reports.pdf import render_pdf
from pifai.reports.snapshot import basic_data, build_snapshot
from tests.reports.pdf_text import needs_poppler, pdf_text
from tests.reports.test_document import formula, snapshot

TODAY = date(2026, 12, 3)
ASSESSMENT = {
    "product_type": "face_cream",
    "verdict": "insufficient_margin",
    "blocking": True,
    "exposure": {"exposure_class": "face_cream", "e_product_mg_kg_bw_d": 24.14,
                 "citation": "SCCS/1647/22 Table 3A", "body_weight_kg": 60, "fallback": False},
    "oral_method": "SCCS 50 % oral absorption",
    "mos_threshold": 100,
    "summary": {"acceptable": 1, "insufficient_margin": 1},
    "ingredients": [
        {"inci": "GLYCERIN", "verdict": "acceptable", "blocking": False, "reasons": ["MoS 5000"]},
        {"inci": "RETINOL", "verdict": "insufficient_margin", "blocking": True,
         "reasons": ["MoS = 40 (threshold ≥ 100)"], "review": []},
    ],
    "review_list": [{"ingredient": "RETINOL", "verdict": "insufficient_margin", "reason": "x"}],
}  # fmt: skip
R9 = Alert(
    "R9", Severity.BLOCKING, 3, "成分 X：禁用成分", "Ingredient X: prohibited", "Art. 6 ¶1", "p"
)


def test_the_build_snapshot_has_the_shape_the_api_stores() -> None:
    product = Product(id=uuid.uuid4(), name="保濕乳霜", name_en=None, product_type="face_cream")
    docs = [PifDocument(item_number=1, status="uploaded", data={"name_zh": "保濕乳霜"})]
    stored = state_of(product, docs)

    built = build_snapshot(
        name="保濕乳霜", product_type="face_cream", source_file="f.csv",
        formula=formula(), properties=[], assessment={}, draft={"assessment_text": "d"},
    )  # fmt: skip

    assert built["format"] == stored["format"]
    assert built["product"].keys() == stored["product"].keys()
    assert built["items"].keys() == stored["items"].keys()
    assert all(built["items"][k].keys() == stored["items"][k].keys() for k in stored["items"])
    filled = {k for k, v in built["items"].items() if v["status"] != "missing"}
    assert filled == {"1", "3", "9", "10", "16"}


def test_a_latin_name_is_not_passed_off_as_the_chinese_name() -> None:
    assert basic_data("Hydra Cream", "face_cream") == {
        "name_en": "Hydra Cream",
        "product_type": "face_cream",
    }
    assert basic_data("保濕乳霜", "face_cream")["name_zh"] == "保濕乳霜"


def test_the_draft_is_marked_as_a_draft_and_draws_no_conclusion() -> None:
    report = formula({"inci": "GLYCERIN", "verdict": "compliant"})
    report["summary"] = {"ingredients": 1, "total_pct": {"high": 100}, "verdicts": {"compliant": 1}}

    draft = draft_item16(report, ASSESSMENT, [R9], "en")

    text = draft["assessment_text"]
    assert text.startswith("[DRAFT]") and "must review, edit and sign" in text
    assert "E_product 24.14 mg/kg bw/day" in text and "compliant 1" in text
    assert "- R9 (Art. 6 ¶1): Ingredient X: prohibited" in text
    assert "- RETINOL — insufficient margin: MoS = 40 (threshold ≥ 100)" in text
    assert "conclusion" not in draft


def test_blockers_list_alerts_ingredients_and_formula_errors() -> None:
    report = formula()
    report["problems"] = [
        {"severity": "error", "where": "f.csv, row 1", "message": "total 30 %"},
        {"severity": "warning", "where": "f.csv, row 2", "message": "merged"},
    ]

    assert blockers(report, ASSESSMENT, [R9], "zh-Hant") == [
        "R9 (Art. 6 ¶1): 成分 X：禁用成分",
        "RETINOL — 安全邊際不足: MoS = 40 (threshold ≥ 100)",
        "f.csv, row 1: total 30 %",
    ]


@needs_poppler
def test_a_signed_version_still_prints_its_own_ingredients_after_the_formula_changed() -> None:
    v1 = snapshot(
        {3: {"formula": formula({"inci": "GLYCERIN", "verdict": "compliant"})}},
        signature={"signed_at": "2026-11-20T08:30:00+00:00", "method": "password_2fa"},
    )
    now = snapshot({3: {"formula": formula({"inci": "SALICYLIC ACID", "verdict": "compliant"})}})
    versions = [{"label": "V1", "sequence": 1, "signed_at": "2026-11-20T08:30:00+00:00"}]

    v1_text = pdf_text(render_pdf(document_for_snapshot(
        v1, versions=versions, as_of=date(2026, 11, 20), source="version"
    )))  # fmt: skip
    now_text = pdf_text(render_pdf(document_for_snapshot(now, versions=versions, as_of=TODAY)))

    assert "GLYCERIN" in v1_text and "SALICYLIC ACID" not in v1_text
    assert "V1 #1 (已簽署)" in v1_text
    assert "SALICYLIC ACID" in now_text and "目前狀態（未簽署）" in now_text
