"""A product with all 16 PIF items filled: the formula items from the real engines, the
others with small valid data (docs/pif-items.md). Shared by the report tests and
bench/pdf_bench.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from pifai.formulas.check import check_parsed_formula
from pifai.formulas.check_report import report_dict
from pifai.formulas.parsers import parse_file
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.reference import shipped_index
from pifai.reports.snapshot import build_snapshot
from pifai.toxicology.assess import assess_product
from pifai.toxicology.assessment_report import assessment_dict, properties_dict
from pifai.toxicology.formula_inputs import formula_problems, formula_warnings, inputs_from_check

NAME = "舒緩保濕乳霜"
PRODUCT_TYPE = "face_cream"
THIRTY = [
    "Aqua", "Glycerin", "Butylene Glycol", "Caprylic/Capric Triglyceride", "Cetearyl Alcohol",
    "Glyceryl Stearate", "PEG-100 Stearate", "Dimethicone", "Niacinamide", "Panthenol",
    "Sodium Hyaluronate", "Tocopheryl Acetate", "Allantoin", "Xanthan Gum", "Carbomer",
    "Sodium Hydroxide", "Disodium EDTA", "Phenoxyethanol", "Ethylhexylglycerin", "Parfum",
    "Limonene", "Linalool", "Citric Acid", "Squalane", "Ceramide NP", "Cholesterol",
    "Butyrospermum Parkii Butter", "Simmondsia Chinensis Seed Oil", "Centella Asiatica Extract",
    "Titanium Dioxide",
]  # fmt: skip
_REPORT = {"report_date": "2026-03-02", "laboratory": "SGS Taiwan", "result": "pass"}

OTHER_ITEMS: dict[int, dict[str, Any]] = {
    1: {
        "name_zh": NAME,
        "name_en": "Soothing Moisture Cream",
        "category": "一般化粧品",
        "product_type": PRODUCT_TYPE,
        "dosage_form": "乳霜",
        "intended_use": "保濕、舒緩肌膚",
        "manufacturer_name": "美研生技股份有限公司",
        "manufacturer_address": "桃園市龜山區文化一路 100 號",
        "registration_id": "A1234567890",
        "launch_date": "2026-02-01",
    },
    2: {"registration_id": "A1234567890", "registered_on": "2026-01-15"},
    4: {
        "parts": ["label", "outer_packaging", "container"],
        "label_text": "品名：舒緩保濕乳霜；用途：保濕；用法：洗臉後取適量均勻塗抹於臉部。",
        "claims": ["保濕", "舒緩"],
        "warnings": ["避免接觸眼睛", "如有不適請立即停止使用"],
        "art7_checklist": {
            "product_name": True,
            "use": True,
            "directions": True,
            "storage": True,
            "net_content": True,
            "full_ingredient_list": True,
            "warnings": True,
            "responsible_party_name": True,
            "responsible_party_address": True,
            "responsible_party_phone": True,
            "manufacture_date_and_shelf_life_or_expiry": True,
            "batch_number": True,
            "in_chinese": True,
        },
    },
    5: {
        "certificate_type": "tw_cosmetic_gmp",
        "certificate_number": "GMP-2025-0042",
        "issuer": "衛生福利部食品藥物管理署",
        "site_name": "美研生技桃園廠",
        "issue_date": "2025-12-01",
        "expiry_date": "2028-11-30",
    },
    6: {
        "steps": [
            {"description": "水相加熱溶解", "temperature_c": 75, "duration_min": 20},
            {"description": "油相加熱溶解", "temperature_c": 75, "duration_min": 20},
            {"description": "乳化均質", "temperature_c": 70, "duration_min": 15},
            {"description": "降溫添加防腐劑與香料", "temperature_c": 40, "duration_min": 30},
        ],
        "batch_size": "500 kg",
    },
    7: {
        "method": "洗臉後取適量均勻塗抹於臉部",
        "body_area": "臉部",
        "amount": "約 0.8 g",
        "frequency": "每日早晚各一次",
        "target_population": "一般成人",
    },
    8: {"statement_of_none": "上市至今無不良反應紀錄", "statement_date": "2026-06-30"},
    11: {
        **_REPORT,
        "conditions": [
            {"study": "accelerated", "temperature_c": 45, "duration_days": 90},
            {"study": "long_term", "temperature_c": 25, "duration_days": 365},
        ],
        "parameters": ["appearance", "ph", "viscosity"],
        "shelf_life_months": 36,
    },
    12: {**_REPORT, "results": [{"organism": "escherichia_coli", "detected": False}]},
    13: {**_REPORT, "method": "iso_11930", "criteria": "A"},
    14: {
        "claims": [
            {
                "text": "保濕",
                "evidence": [
                    {"kind": "literature", "title": "Glycerin review", "reference": "J. 1"}
                ],
            }
        ]
    },
    15: {"components": [{"name": "瓶身", "material": "pp"}, {"name": "瓶蓋", "material": "pp"}]},
}
ASSESSMENT_TEXT = "依據各成分之毒理資料及暴露評估，本產品於正常及可合理預見之使用條件下安全。"


def formula_csv(names: list[str]) -> bytes:
    """Water q.s. and every other ingredient at 0.5 %, as bench/check_bench.py writes it."""
    rows = ["INCI,%", f"{names[0]},q.s."]
    rows += [f"{name},{0.5 if i < 20 else 0.01}" for i, name in enumerate(names[1:])]
    return "\n".join(rows).encode()


def engine_items(
    data: bytes, filename: str, today: date
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """Items 3, 9, 10 as the engines write them: the check report, properties, assessment."""
    product = find_product_type(PRODUCT_TYPE)
    check = check_parsed_formula(parse_file(data, filename), product, shipped_index(), as_of=today)
    result = assess_product(
        inputs_from_check(check),
        product,
        formula_problems=formula_problems(check),
        formula_warnings=formula_warnings(check),
    )
    properties = [properties_dict(i) for i in result.ingredients]
    return report_dict(check), properties, assessment_dict(result)


def full_snapshot(names: list[str] | None = None, today: date | None = None) -> dict[str, Any]:
    formula, properties, assessment = engine_items(
        formula_csv(names or THIRTY), "full.csv", today or date.today()
    )
    snapshot = build_snapshot(
        name=NAME,
        product_type=PRODUCT_TYPE,
        source_file="full.csv",
        formula=formula,
        properties=properties,
        assessment=assessment,
        draft={"assessment_text": ASSESSMENT_TEXT, "conclusion": "safe", "assessor_name": "王安全"},
    )
    snapshot["product"]["name_en"] = "Soothing Moisture Cream"
    for number, data in OTHER_ITEMS.items():
        snapshot["items"][str(number)] = {
            "status": "human_reviewed",
            "not_applicable_justification": None,
            "data": data,
        }
    snapshot["items"]["9"]["data"]["product"] = {"appearance": "白色乳霜", "ph": 5.6}
    return snapshot
