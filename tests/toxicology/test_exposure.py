"""E_product per product type: sourced SCCS rows, and the flagged fallback."""

from __future__ import annotations

import pytest

from pifai.product_types.taxonomy import PRODUCT_TYPES, ProductType, find_product_type
from pifai.toxicology.basis import ToxicologyError, basis, exposure_classes
from pifai.toxicology.exposure import exposure_for, exposure_of_class, fallback_exposure

WITH_CLASS = [t for t in PRODUCT_TYPES if t.exposure_class is not None]
WITHOUT_CLASS = [t for t in PRODUCT_TYPES if t.exposure_class is None]


@pytest.mark.parametrize("kind", WITH_CLASS, ids=lambda t: t.key)
def test_every_taxonomy_class_has_a_sourced_row(kind: ProductType) -> None:
    exposure = exposure_for(kind)
    assert not exposure.fallback
    assert exposure.exposure_class in exposure_classes()
    assert exposure.citation.startswith("SCCS/1647/22")


@pytest.mark.parametrize("kind", WITHOUT_CLASS, ids=lambda t: t.key)
def test_types_without_a_class_fall_back_and_say_so(kind: ProductType) -> None:
    exposure = exposure_for(kind)
    assert exposure.fallback
    assert exposure.e_product_mg_kg_bw_d == basis("exposure.fallback").value
    assert exposure.reason.startswith("No sourced SCCS exposure class")
    assert "never a pass by itself" in exposure.reason


@pytest.mark.parametrize("key", ["sunscreen", "baby_lotion", "hair_dye_oxidative", "nail_polish"])
def test_spec_examples_of_the_fallback(key: str) -> None:
    exposure = exposure_for(key)
    assert exposure.fallback and exposure.e_product_mg_kg_bw_d == 269
    assert exposure.amount_g_d == 17.4
    assert key in exposure.reason


def test_rinse_off_mask_falls_back() -> None:
    assert exposure_for("face_mask_rinse_off").fallback


@pytest.mark.parametrize(
    ("name", "e_product", "amount", "retention"),
    [
        ("body lotion", 123.20, 7.82, 1.0),
        ("face_cream", 24.14, 1.54, 1.0),
        ("shampoo", 1.51, 10.46, 0.01),
        ("洗手乳", 3.33, 20.0, 0.01),
        ("make-up remover", 8.33, 5.00, 0.10),
        ("toothpaste", 2.16, 2.75, 0.05),
    ],
)
def test_values_by_name_or_alias(
    name: str, e_product: float, amount: float, retention: float
) -> None:
    exposure = exposure_for(name)
    assert (exposure.e_product_mg_kg_bw_d, exposure.amount_g_d, exposure.retention_factor) == (
        e_product,
        amount,
        retention,
    )


def test_product_type_object_and_key_agree() -> None:
    assert exposure_for(find_product_type("hand_cream")) == exposure_for("hand_cream")


def test_table_3a_is_not_amount_over_60_kg() -> None:
    # SCCS used each subject's own body weight (T: Table 3A footnote 1).
    lotion = exposure_for("body_lotion")
    assert lotion.amount_g_d is not None
    per_60 = lotion.amount_g_d * 1000 / basis("body_weight_kg").value
    assert per_60 == pytest.approx(130.33, abs=0.005)
    assert lotion.e_product_mg_kg_bw_d != pytest.approx(per_60, rel=0.01)


@pytest.mark.parametrize(
    "cls",
    ["hair_conditioner", "make_up_remover", "eye_make_up", "mascara", "eyeliner", "hand_wash_soap"],
)
def test_table_3b_rows_are_amount_times_retention_over_60_kg(cls: str) -> None:
    row = exposure_of_class(cls)
    assert row.amount_g_d is not None and row.retention_factor is not None
    derived = row.amount_g_d * row.retention_factor * 1000 / 60
    # Printed to 2 decimals; hair conditioner divides the rounded 0.04 g by 60 kg (T).
    assert row.e_product_mg_kg_bw_d == pytest.approx(derived, abs=0.02)


def test_unknown_class_is_refused() -> None:
    with pytest.raises(ToxicologyError, match="no sourced SCCS exposure row"):
        exposure_of_class("sunscreen")


def test_fallback_without_a_product_type() -> None:
    exposure = fallback_exposure()
    assert exposure.fallback and "this product" in exposure.reason
    assert exposure.basis_keys == ("exposure.fallback",)
