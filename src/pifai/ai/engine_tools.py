"""The default :class:`~pifai.ai.tools.ToolRunner`: our own engines answer the model.

INCI normalisation, the list look-up and the ingredient database are offline (shipped
data). PubChem goes through our PubChem client only when ``PIFAI_PUBCHEM_ENABLED`` is on;
otherwise the tool answers ``disabled`` and sends nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from enum import Enum
from typing import Any

import httpx

from pifai.ai.tools import (
    InciNormalize,
    IngredientLookup,
    JsonObject,
    PubchemQuery,
    TfdaCheck,
    ToolFailed,
)
from pifai.core.config import Settings
from pifai.ingredients.cas import parse_cas_cell
from pifai.ingredients.dictionary import load_dictionary
from pifai.ingredients.model import DictionaryEntry
from pifai.ingredients.normalise import normalise
from pifai.product_types.taxonomy import UnknownProductType, find_product_type
from pifai.regulatory.engine import CheckIngredient, check_formula
from pifai.regulatory.index import ReferenceIndex
from pifai.regulatory.model import Authority
from pifai.regulatory.reference import shipped_index
from pifai.regulatory.serialization import entry_to_dict
from pifai.toxicology.api.service import find_ingredient
from pifai.toxicology.dataset import load_dataset
from pifai.toxicology.hazards import load_hazards
from pifai.toxicology.sources import pubchem


def plain(value: Any) -> Any:
    """Frozen dataclasses, enums, dates and tuples as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _cas_list(cell: str | None) -> list[str]:
    return [c.value for c in parse_cas_cell(cell) if c.valid]


class EngineToolRunner:
    def __init__(
        self,
        settings: Settings,
        *,
        index: ReferenceIndex | None = None,
        http_client: httpx.AsyncClient | None = None,
        as_of: date | None = None,
    ) -> None:
        self.settings = settings
        self._index = index
        self._http = http_client
        self._as_of = as_of

    async def inci_normalize(self, args: InciNormalize) -> JsonObject:
        match = await asyncio.to_thread(normalise, args.name, args.cas)
        entry = match.entry
        return {
            "status": "ok" if entry else "not_found",
            "query": args.name,
            "inci": match.inci,
            "ingredient_id": entry.ingredient_id if entry else None,
            "cas_numbers": list(entry.cas_numbers) if entry else [],
            "functions": list(entry.functions) if entry else [],
            "method": match.method.value,
            "confidence": match.confidence,
            "explanation": match.explanation,
            "cas_valid": match.cas_valid,
            "cas_conflict": match.cas_conflict,
            "source": entry.source if entry else None,
        }

    async def tfda_check_restricted(self, args: TfdaCheck) -> JsonObject:
        index = self._index or shipped_index()
        names = [n for n in (args.name,) if n]
        cas = _cas_list(args.cas)
        found = index.lookup(names=names, cas_numbers=cas)
        entries = sorted(
            (m.entry for m in found), key=lambda e: (e.authority is not Authority.TFDA, e.entry_id)
        )
        result: JsonObject = {
            "status": "ok" if entries else "not_listed",
            "entries": [entry_to_dict(e) for e in entries],
        }
        if args.product_type and args.amount_pct is not None:
            result["verdict"] = self._verdict(args, cas, index)
        return result

    def _verdict(self, args: TfdaCheck, cas: list[str], index: ReferenceIndex) -> JsonObject:
        try:
            product = find_product_type(args.product_type or "")
        except UnknownProductType as exc:
            raise ToolFailed(str(exc)) from None
        ingredient = CheckIngredient(
            name=args.name or cas[0], amount_pct=args.amount_pct, cas_numbers=tuple(cas)
        )
        as_of = self._as_of or date.today()
        checked = check_formula([ingredient], product, index, as_of=as_of)
        verdict = checked.ingredients[0]
        return {
            "product_type": product.key,
            "as_of": as_of.isoformat(),
            "verdict": verdict.verdict.value,
            "findings": plain(verdict.findings),
            "label_requirements": plain(verdict.label_requirements),
            "review_notes": list(verdict.review_notes),
        }

    async def pubchem_query(self, args: PubchemQuery) -> JsonObject:
        if not self.settings.pubchem_enabled:
            return {"status": "disabled", "message": "PubChem is not enabled on this server"}
        if self._http is not None:
            result = await pubchem.fetch(self._http, args.query, self.settings)
        else:
            async with httpx.AsyncClient() as client:
                result = await pubchem.fetch(client, args.query, self.settings)
        return {"status": result.status, "data": result.data, "error": result.error}

    async def db_lookup_ingredient(self, args: IngredientLookup) -> JsonObject:
        entry = await asyncio.to_thread(_find_entry, args)
        inci = entry.inci if entry else args.inci
        cas = list(entry.cas_numbers) if entry else _cas_list(args.cas)
        curated = load_dataset().find(inci, cas)
        hazards = load_hazards().for_cas(cas)
        if entry is None and curated is None and not hazards:
            return {"status": "not_found"}
        return {
            "status": "ok",
            "entry": plain(entry),
            "curated": plain(curated),
            "harmonised_classifications": plain(hazards),
        }


def _find_entry(args: IngredientLookup) -> DictionaryEntry | None:
    d = load_dictionary()
    if args.ingredient_id and (found := find_ingredient(args.ingredient_id)) is not None:
        return found
    if args.inci and (entry := d.get(args.inci)) is not None:
        return entry
    for cas in _cas_list(args.cas):
        ids = d.by_cas.get(cas)
        if ids:
            return d.entry(ids[0])
    return None
