"""The five SHA-256 fingerprints of a snapshot (SPEC §12.2): what, when changed, needs the
safety assessor to sign again.

Each fingerprint hashes the canonical JSON of only the parts it covers, read from the
stored item data as it is (never validated or guessed at, so malformed data still counts):

* formula: item 3's ``formula.ingredients`` as (ingredient, concentration) pairs, sorted,
  so row order in the formula sheet does not matter; the ingredient is its INCI name
  (else the name given), the concentration the judged % (else the amount as written);
* process_maker: item 6 ``steps``, item 1 ``manufacturer_name``/``manufacturer_address``
  (else the product record's, as the PDF fills them),
  item 5 ``site_name``/``site_address`` (a renewed certificate for the same site is not a
  change of maker);
* packaging: item 15 components by name, material, material detail and direct contact;
* label_name: item 1 ``name_zh``/``name_en`` and item 4's content: everything but its
  artwork file ids, so re-uploaded artwork with the same text is not a change;
* use: all of item 7 (method, body area, amount, frequency, target population).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pifai.pif.versions.canonical import canonical_json, snapshot_hash

ItemsState = Mapping[str, Mapping[str, Any]]
# Item 4 keys whose change leaves the label's content the same (artwork re-uploads).
COSMETIC_LABEL_KEYS = frozenset({"artwork_file_ids"})
_PACKAGING_KEYS = ("name", "material", "material_detail", "direct_contact")
_MAKER_KEYS = ("manufacturer_name", "manufacturer_address")


class Fingerprint(StrEnum):
    FORMULA = "formula"
    PROCESS_MAKER = "process_maker"
    PACKAGING = "packaging"
    LABEL_NAME = "label_name"
    USE = "use"


# Which items each fingerprint reads; reported with a change so the user knows where to look.
ITEMS_OF: dict[Fingerprint, tuple[int, ...]] = {
    Fingerprint.FORMULA: (3,),
    Fingerprint.PROCESS_MAKER: (1, 5, 6),
    Fingerprint.PACKAGING: (15,),
    Fingerprint.LABEL_NAME: (1, 4),
    Fingerprint.USE: (7,),
}


@dataclass(frozen=True)
class Fingerprints:
    formula: str
    process_maker: str
    packaging: str
    label_name: str
    use: str

    def of(self, kind: Fingerprint) -> str:
        value: str = getattr(self, kind.value)
        return value

    def as_dict(self) -> dict[str, str]:
        return {kind.value: self.of(kind) for kind in Fingerprint}


def _data(items: ItemsState, number: int) -> Mapping[str, Any]:
    item = items.get(str(number)) or {}
    data = item.get("data")
    return data if isinstance(data, Mapping) else {}


def _product(items: ItemsState) -> Mapping[str, Any]:
    entry = items.get(PRODUCT_KEY) or {}
    data = entry.get("data") if isinstance(entry, Mapping) else None
    return data if isinstance(data, Mapping) else {}


def _pick(data: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: data.get(key) for key in keys}


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def _formula(items: ItemsState) -> Any:
    report = _data(items, 3).get("formula")
    rows = _rows(report.get("ingredients")) if isinstance(report, Mapping) else []
    pairs = [
        {
            "ingredient": row.get("inci") or row.get("name"),
            "concentration": row["judged_pct"]
            if row.get("judged_pct") is not None
            else row.get("amount"),
        }
        for row in rows
    ]
    return sorted(pairs, key=canonical_json)


def _manufacturer(items: ItemsState) -> dict[str, Any]:
    """Item 1's maker, each field it leaves empty taken from the product record — as the
    PDF shows it, so changing the maker on the record alone is a change too."""
    own, record = _data(items, 1), _product(items)
    return {key: own.get(key) or record.get(key) for key in _MAKER_KEYS}


def _process_maker(items: ItemsState) -> Any:
    return {
        "steps": _data(items, 6).get("steps"),
        "manufacturer": _manufacturer(items),
        "site": _pick(_data(items, 5), ("site_name", "site_address")),
    }


def _packaging(items: ItemsState) -> Any:
    return [_pick(c, _PACKAGING_KEYS) for c in _rows(_data(items, 15).get("components"))]


def _label_name(items: ItemsState) -> Any:
    label = {k: v for k, v in _data(items, 4).items() if k not in COSMETIC_LABEL_KEYS}
    return {
        "name": _pick(_data(items, 1), ("name_zh", "name_en")),
        "product": _pick(_product(items), ("name", "name_en")),
        "label": label,
    }


def _use(items: ItemsState) -> Any:
    return {**_data(items, 7), "product_type": _product(items).get("product_type")}


_PARTS: dict[Fingerprint, Callable[[ItemsState], Any]] = {
    Fingerprint.FORMULA: _formula,
    Fingerprint.PROCESS_MAKER: _process_maker,
    Fingerprint.PACKAGING: _packaging,
    Fingerprint.LABEL_NAME: _label_name,
    Fingerprint.USE: _use,
}


def fingerprint(kind: Fingerprint, items: ItemsState) -> str:
    """SHA-256 of the fingerprint's parts, tagged with its name so no two kinds collide."""
    return snapshot_hash({"fingerprint": kind.value, "parts": _PARTS[kind](items)})


PRODUCT_KEY = "product"  # the product row's name and type, beside the items


def fingerprints(snapshot: Mapping[str, Any]) -> Fingerprints:
    """All five fingerprints of a snapshot (its ``items`` keyed "1".."16"); the product's
    name counts with the label, its type (which sets the exposure) with the use."""
    items = snapshot.get("items")
    product = snapshot.get("product")
    state: ItemsState = {
        **(items if isinstance(items, Mapping) else {}),
        PRODUCT_KEY: {"data": product if isinstance(product, Mapping) else {}},
    }
    values = {kind.value: fingerprint(kind, state) for kind in Fingerprint}
    return Fingerprints(**values)
