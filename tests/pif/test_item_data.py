"""Item data schemas: realistic data validates; wrong data is refused naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pifai.pif.catalogue import ITEM_NUMBERS
from pifai.pif.item_data import (
    EngineData,
    ItemDataError,
    schema_for,
    validate_item_data,
)
from pifai.pif.item_data.identity import BasicData
from pifai.pif.item_data.materials import ContainerMaterial, MaterialFamily, family
from pifai.pif.item_data.usage import UsageData

FILE = "7d7a1d0e-3c1b-4f7e-9a51-0c2f6f1e8a10"
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
CITED_PB_LIMIT = {"value": 1.0, "unit": "mg/kg", "citation": "customer specification QS-07 §3"}

VALID: dict[int, dict[str, Any]] = {
    1: {
        "name_zh": "玻尿酸保濕精華液",
        "name_en": "Hyaluronic Moisture Serum",
        "category": "保養用化粧品",
        "product_type": "面霜",
        "dosage_form": "乳液",
        "intended_use": "保濕肌膚",
        "manufacturer_name": "美研生技股份有限公司",
        "manufacturer_address": "台北市內湖區瑞光路 100 號",
        "registration_id": "A1234567890",
        "launch_date": "2025-03-01",
    },
    2: {
        "registration_id": "A1234567890",
        "registered_on": "2025-01-15",
        "last_updated_on": "2025-02-01",
        "evidence_file_ids": [FILE],
    },
    4: {
        "parts": ["label", "outer_packaging"],
        "label_text": "品名:玻尿酸保濕精華液\n用途:保濕\n注意事項:避免接觸眼睛",
        "artwork_file_ids": [FILE],
        "claims": ["保濕", "適合敏感肌膚"],
        "warnings": ["如有不適請停止使用"],
        "art7_checklist": {"product_name": True, "batch_number": False, "origin": None},
    },
    5: {
        "certificate_type": "tw_cosmetic_gmp",
        "certificate_number": "GMP-2024-001",
        "issuer": "衛生福利部食品藥物管理署",
        "site_name": "美研生技桃園廠",
        "issue_date": "2024-06-01",
        "expiry_date": "2027-05-31",
    },
    6: {
        "steps": [
            {
                "description": "油相加熱溶解",
                "temperature_c": 80,
                "duration_min": 30,
                "equipment": ["乳化槽"],
                "qc_points": ["完全溶解,無顆粒"],
            },
            {"description": "冷卻至 40 °C 加入香精", "temperature_c": 40.5},
        ]
    },
    7: {
        "method": "洗臉後取適量均勻塗抹於臉部",
        "body_area": "臉部",
        "amount": "約 0.5 g",
        "frequency": "每日早晚各一次",
        "target_population": "一般成人",
    },
    8: {"statement_of_none": "上市至今無不良反應紀錄", "statement_date": "2025-06-30"},
    11: {
        "report_date": "2025-02-10",
        "laboratory": "SGS Taiwan",
        "result": "pass",
        "conditions": [
            {
                "study": "accelerated",
                "temperature_c": 45,
                "relative_humidity_pct": 75,
                "duration_days": 90,
                "container_material": "pet",
            },
            {"study": "long_term", "temperature_c": 25, "duration_days": 365},
        ],
        "parameters": ["appearance", "ph", "viscosity"],
        "patch_test": {
            "test_date": "2025-01-20",
            "laboratory": "Derma Lab",
            "subjects": 30,
            "result": "pass",
        },
        "shelf_life_months": 36,
    },
    12: {
        "report_date": "2025-02-10",
        "laboratory": "SGS Taiwan",
        "result": "pass",
        "results": [
            {"organism": "total_aerobic_count", "count": 10, "unit": "CFU/g"},
            {"organism": "escherichia_coli", "detected": False},
        ],
    },
    13: {
        "report_date": "2025-02-10",
        "laboratory": "SGS Taiwan",
        "result": "pass",
        "method": "iso_11930",
        "organisms": ["P. aeruginosa", "S. aureus", "E. coli", "C. albicans", "A. brasiliensis"],
        "criteria": "A",
    },
    14: {
        "claims": [
            {
                "text": "28 天改善肌膚保濕度",
                "evidence": [
                    {"kind": "clinical_study", "title": "Corneometer study", "file_ids": [FILE]}
                ],
            }
        ]
    },
    15: {
        "components": [
            {
                "name": "bottle",
                "material": "pet",
                "results": [
                    {
                        "analyte": "Pb",
                        "kind": "heavy_metal",
                        "value": 0.2,
                        "unit": "mg/kg",
                        "limit": CITED_PB_LIMIT,
                        "outcome": "pass",
                    }
                ],
            },
            {"name": "cap", "material": "pp", "direct_contact": False},
        ]
    },
    16: {"assessment_text": "依據各成分毒理資料,本產品在正常使用下安全。", "conclusion": "safe"},
}


@pytest.mark.parametrize("number", sorted(VALID))
def test_realistic_data_validates(number: int) -> None:
    model = validate_item_data(number, VALID[number])

    assert isinstance(model, schema_for(number) or EngineData)


def test_every_item_but_the_engine_ones_has_a_schema() -> None:
    assert {n for n in ITEM_NUMBERS if schema_for(n) is not None} == set(VALID)


def _with(number: int, **changes: Any) -> dict[str, Any]:
    return {**VALID[number], **changes}


def _one_step(step: dict[str, Any]) -> dict[str, Any]:
    return {"steps": [step]}


INVALID: list[tuple[int, dict[str, Any], str]] = [
    (5, _with(5, issue_date="2099-03-01", expiry_date="2100-03-01"), "data.issue_date"),
    (1, _with(1, launch_date="2025-02-30"), "data.launch_date"),
    (1, _with(1, launch_date="01/03/2025"), "data.launch_date"),
    (1, _with(1, name_zh="Hyaluronic Serum"), "data.name_zh"),
    (1, _with(1, nmae_en="typo"), "data.nmae_en"),
    (1, _with(1, product_type="spaceship"), "data.product_type"),
    (1, _with(1, registration_id="A123 456"), "data.registration_id"),
    (1, _with(1, specific_purpose_category="防曬"), "data.specific_purpose_permit_number"),
    (2, _with(2, last_updated_on="2024-12-31"), "data.last_updated_on"),
    (2, {"registered_on": "2025-01-15"}, "data.registration_id"),
    (4, _with(4, art7_checklist={"batch_number": "yes"}), "data.art7_checklist.batch_number"),
    (4, _with(4, parts=["sticker"]), "data.parts.0"),
    (5, _with(5, expiry_date="2024-01-01"), "data.expiry_date"),
    (5, _with(5, certificate_type="iso_9001"), "data.certificate_type"),
    (6, _one_step({"description": "熱充填", "temperature_c": 300}), "data.steps.0.temperature_c"),
    (6, _one_step({"description": "攪拌", "duration_min": 0}), "data.steps.0.duration_min"),
    (6, _one_step({"description": "攪拌", "temperature_c": "85"}), "data.steps.0.temperature_c"),
    (6, {"steps": []}, "data.steps"),
    (7, _with(7, frequency="   "), "data.frequency"),
    (8, {}, "data.events"),
    (8, {"statement_of_none": "無"}, "data.statement_date"),
    (
        8,
        {"events": [{"description": "紅疹", "seriousness": "mild", "event_date": "2025-01-02"}]},
        "data.events.0.seriousness",
    ),
    (
        8,
        {
            "events": [
                {
                    "description": "紅疹",
                    "seriousness": "serious",
                    "event_date": "2025-01-10",
                    "report_date": "2025-01-02",
                }
            ]
        },
        "data.events.0.report_date",
    ),
    (8, {"statement_of_none": "無", "statement_date": TOMORROW}, "data.statement_date"),
    (11, _with(11, result="ok"), "data.result"),
    (
        11,
        _with(11, conditions=[{"study": "accelerated", "temperature_c": 45, "duration_days": 0}]),
        "data.conditions.0.duration_days",
    ),
    (
        11,
        _with(
            11,
            conditions=[
                {
                    "study": "accelerated",
                    "temperature_c": 45,
                    "duration_days": 90,
                    "container_material": "tin",
                }
            ],
        ),
        "data.conditions.0.container_material",
    ),
    (11, _with(11, report_date=TOMORROW), "data.report_date"),
    (12, _with(12, results=[{"organism": "escherichia_coli"}]), "data.results.0.count"),
    (
        12,
        _with(12, results=[{"organism": "total_aerobic_count", "count": 10, "outcome": "pass"}]),
        "data.results.0.unit",
    ),
    (13, _with(13, criteria="C"), "data.criteria"),
    (13, _with(13, criteria="not_met"), "data.criteria"),
    (13, _with(13, method="other", criteria=None), "data.method_detail"),
    (
        14,
        {"claims": [{"text": "抗皺", "evidence": [{"kind": "literature", "title": "x"}]}]},
        "data.claims.0.evidence.0.reference",
    ),
    (15, {"components": [{"name": "jar", "material": "tin"}]}, "data.components.0.material"),
    (16, {"assessment_text": " \n "}, "data.assessment_text"),
]


@pytest.mark.parametrize(("number", "data", "field"), INVALID)
def test_invalid_data_names_the_field(number: int, data: dict[str, Any], field: str) -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(number, data)

    assert field in [d["field"] for d in caught.value.details]


def _pb_result(**changes: Any) -> dict[str, Any]:
    result = {"analyte": "Pb", "kind": "heavy_metal", "value": 0.2, "unit": "mg/kg"}
    return {"components": [{"name": "bottle", "material": "pet", "results": [result | changes]}]}


RESULT = "data.components.0.results.0"


def test_a_heavy_metal_outcome_without_a_cited_limit_is_refused() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(15, _pb_result(outcome="pass"))

    assert caught.value.details[0]["field"] == f"{RESULT}.limit"


def test_a_limit_without_its_citation_is_refused() -> None:
    limit = {"value": 1.0, "unit": "mg/kg"}
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(15, _pb_result(limit=limit))

    assert caught.value.details[0]["field"] == f"{RESULT}.limit.citation"


def test_a_pass_above_the_limit_is_refused() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(15, _pb_result(value=2.0, limit=CITED_PB_LIMIT, outcome="pass"))

    assert caught.value.details[0]["field"] == f"{RESULT}.outcome"


def test_a_limit_in_another_unit_is_refused() -> None:
    limit = CITED_PB_LIMIT | {"unit": "mg/L"}
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(15, _pb_result(limit=limit))

    assert caught.value.details[0]["field"] == f"{RESULT}.limit.unit"


def test_a_result_without_a_limit_is_kept_unjudged() -> None:
    data = validate_item_data(15, _pb_result())

    assert data.model_dump()["components"][0]["results"][0]["limit"] is None


def test_every_error_is_reported_at_once() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(5, {"certificate_type": "iso_22716", "issue_date": "2024-13-01"})

    fields = {d["field"] for d in caught.value.details}
    assert fields == {"data.issuer", "data.site_name", "data.issue_date"}
    assert caught.value.status_code == 422


def test_a_boolean_is_not_a_temperature() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(6, {"steps": [{"description": "mix", "temperature_c": True}]})

    assert caught.value.details[0]["field"] == "data.steps.0.temperature_c"


def test_nul_characters_are_refused_with_the_field_named() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(7, {"method": "apply\x00"})

    assert caught.value.details[0]["field"] == "data.method"


def test_the_product_type_is_stored_by_its_taxonomy_key() -> None:
    data = validate_item_data(1, VALID[1])

    assert isinstance(data, BasicData)
    assert data.product_type == "face_cream"


def test_a_specific_purpose_product_keeps_category_and_permit() -> None:
    data = validate_item_data(
        1,
        _with(
            1,
            specific_purpose_category="防曬",
            specific_purpose_permit_number="衛部粧製字第000001號",
        ),
    )

    assert isinstance(data, BasicData)
    assert data.specific_purpose_permit_number == "衛部粧製字第000001號"


def test_partial_use_data_is_saved_and_reports_what_is_missing() -> None:
    data = validate_item_data(7, {"method": "塗抹於臉部", "body_area": "臉部"})

    assert isinstance(data, UsageData)
    assert data.missing_fields() == ["amount", "frequency", "target_population"]


@pytest.mark.parametrize(
    ("material", "expected"),
    [
        (ContainerMaterial.PET, MaterialFamily.PLASTIC),
        (ContainerMaterial.PP, MaterialFamily.PLASTIC),
        (ContainerMaterial.ALUMINIUM, MaterialFamily.METAL),
        (ContainerMaterial.GLASS, MaterialFamily.GLASS),
        (ContainerMaterial.SILICONE, MaterialFamily.SILICONE),
        (ContainerMaterial.PAPER, MaterialFamily.OTHER),
    ],
)
def test_materials_fall_into_their_family(
    material: ContainerMaterial, expected: MaterialFamily
) -> None:
    assert family(material) is expected


ENGINE_REPORTS = [
    (3, {"kind": "formula_check", "rows": [{"inci": "AQUA", "pct": 70.0}]}),
    (9, {"kind": "ingredient_properties", "ingredients": [], "path": "deterministic"}),
    (10, {"kind": "toxicology", "ingredients": [], "unexpected_future_key": 1}),
]


@pytest.mark.parametrize(("number", "data"), ENGINE_REPORTS)
def test_engine_written_items_are_accepted_as_they_are(number: int, data: dict[str, Any]) -> None:
    result = validate_item_data(number, data)

    assert isinstance(result, EngineData)
    assert result.model_dump() == data


def test_engine_written_items_still_refuse_unstorable_text() -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(10, {"kind": "toxicology", "summary": "a\x00b"})

    assert caught.value.details[0]["field"] == "data"


@pytest.mark.parametrize("number", [0, 17])
def test_an_unknown_item_number_is_named(number: int) -> None:
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(number, {})

    assert caught.value.details == [
        {"field": "item_number", "message": "PIF items are numbered 1 to 16"}
    ]


def test_engine_data_nested_absurdly_deep_is_refused_not_a_crash() -> None:
    deep: Any = []
    for _ in range(300):
        deep = [deep]
    with pytest.raises(ItemDataError) as caught:
        validate_item_data(10, {"kind": "toxicology", "x": deep})
    assert caught.value.details[0]["field"] == "data"
    assert "nested deeper" in caught.value.details[0]["message"]
