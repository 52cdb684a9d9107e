from __future__ import annotations

import pytest

from pifai.models.enums import OrgType
from pifai.pif import responsibility
from pifai.pif.catalogue import ITEM_NUMBERS
from pifai.pif.responsibility import MATRIX, cell, for_org_type, outsourced_items

CELLS = sorted(MATRIX.values(), key=lambda c: (c.org_type.value, c.item_number))


def test_the_matrix_has_64_cells_one_per_type_and_item() -> None:
    expected = {(t, n) for t in OrgType for n in ITEM_NUMBERS}

    assert len(MATRIX) == 64
    assert set(MATRIX) == expected


@pytest.mark.parametrize("c", CELLS, ids=lambda c: f"{c.org_type.value}-{c.item_number}")
def test_every_cell_names_provider_and_source_in_zh_and_en(
    c: responsibility.Responsibility,
) -> None:
    texts = (c.provider_zh, c.provider_en, c.source_zh, c.source_en)

    assert all(text.strip() for text in texts)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in c.provider_zh + c.source_zh)
    assert c.provider_en.isascii() and c.source_en.isascii()


@pytest.mark.parametrize(
    ("org_type", "provider", "outsourced"),
    [
        (OrgType.BRAND, "OEM/ODM", True),
        (OrgType.OEM, "In-house R&D", False),
        (OrgType.IMPORTER, "Foreign principal", True),
        (OrgType.CONSULTANT, "Joint with the client", True),
    ],
)
def test_item_3_follows_the_spec_example(
    org_type: OrgType, provider: str, outsourced: bool
) -> None:
    item3 = cell(org_type, 3)

    assert provider in item3.provider_en
    assert item3.outsourced is outsourced


def test_importer_item_3_comes_from_the_principals_composition_statement() -> None:
    assert "composition statement" in cell(OrgType.IMPORTER, 3).source_en


def test_brands_outsource_more_items_than_oems() -> None:
    assert len(outsourced_items(OrgType.BRAND)) > len(outsourced_items(OrgType.OEM))


def test_a_brand_outsources_manufacturing_but_not_its_own_label() -> None:
    brand = outsourced_items(OrgType.BRAND)

    assert {5, 6} <= brand
    assert 4 not in brand


@pytest.mark.parametrize("org_type", list(OrgType))
def test_one_type_lists_its_16_cells_in_item_order(org_type: OrgType) -> None:
    cells = for_org_type(org_type)

    assert tuple(c.item_number for c in cells) == ITEM_NUMBERS
    assert {c.org_type for c in cells} == {org_type}
