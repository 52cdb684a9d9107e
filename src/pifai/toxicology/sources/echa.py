"""ECHA C&L inventory: the harmonised classification (CLP Annex VI) of a substance.

ECHA publishes no documented JSON API. ECHA CHEM's web front end reads the JSON endpoints
below (used the same way by several public clients); they may change without notice, so
the base URL is a setting, the source is off by default, and any unexpected answer is a
``failed`` result, never a guess. Expected shapes (docs/architecture.md has the full list):

1. ``{base}/api-substance/v1/substance?searchText={cas or name}&pageIndex=1&pageSize=10``
   → ``{"items": [{"substanceIndex": {"rmlId", "rmlName", "rmlCas", "rmlEc"}}]}``. Only an
   exact CAS (or, without a CAS, exact name) match is used: a near miss would attach
   another substance's classification.
2. ``{base}/api-cnl-inventory/prominent/overview/info/{rmlId}`` → ``{"classificationId",
   "type": "harmonised" | "industry", "totalHarmonisedClassifications", "signalWord"}``.
3. ``{base}/api-cnl-inventory/prominent/overview/classifications/harmonised/{classificationId}``
   → ``{"items": [{"hazardClassAndCategoryCode", "hazardStatements":
   [{"hazardStatementCode", "hazardStatementText"}]}]}``.

Notified (industry) classifications are not read: this source answers only "harmonised or
not". A substance without a harmonised entry is ``ok`` with ``harmonised: False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from pifai.core.config import Settings
from pifai.toxicology.sources.http import (
    NotFound,
    Policy,
    SourceFailure,
    budget_for,
    get_json,
    guarded,
    unexpected_shape,
)
from pifai.toxicology.sources.result import SourceResult
from pifai.toxicology.sources.values import as_list, as_mapping, as_text

SOURCE = "echa"
LABEL = "ECHA"
REQUESTS = 3  # search, prominent classification, its hazard classes
SEARCH_PARAMS: dict[str, str | int] = {"pageIndex": 1, "pageSize": 10}


def policy(settings: Settings) -> Policy:
    return Policy(
        label=LABEL,
        timeout=settings.echa_timeout_seconds,
        retries=settings.external_retries,
        headers={"Accept": "application/json"},
    )


async def fetch(
    client: httpx.AsyncClient, query: str, settings: Settings, *, cas: str | None
) -> SourceResult:
    """The harmonised classification of the substance with this CAS number (or name)."""
    pol = policy(settings)
    return await guarded(
        SOURCE, pol, budget_for(pol, REQUESTS), lambda: _lookup(client, query, cas, settings, pol)
    )


async def _lookup(
    client: httpx.AsyncClient, query: str, cas: str | None, settings: Settings, pol: Policy
) -> dict[str, Any]:
    base = settings.echa_base_url.rstrip("/")
    found = await get_json(
        client,
        f"{base}/api-substance/v1/substance",
        pol,
        params={**SEARCH_PARAMS, "searchText": query},
    )
    substance = match_substance(found, query=query, cas=cas)
    rml_id = quote(substance["rml_id"], safe="")
    try:
        info = await get_json(
            client, f"{base}/api-cnl-inventory/prominent/overview/info/{rml_id}", pol
        )
    except NotFound:
        info = {}
    data = {**substance, **prominent(info), "source_url": f"{base}/{rml_id}"}
    if not data["harmonised"]:
        return {**data, "classes": [], "h_codes": []}
    url = f"{base}/api-cnl-inventory/prominent/overview/classifications/harmonised/"
    try:
        classes = await get_json(client, url + quote(str(data["classification_id"]), safe=""), pol)
    except NotFound as exc:
        raise SourceFailure(f"{LABEL}: harmonised classification listed but not found") from exc
    return {**data, **parse_classes(classes)}


def match_substance(payload: Any, *, query: str, cas: str | None) -> dict[str, Any]:
    """The search hit that is exactly this substance; NotFound when none is."""
    items = as_mapping(payload).get("items")
    if not isinstance(items, list):
        raise unexpected_shape(LABEL, "no items in substance search")
    for item in items:
        index = as_mapping(as_mapping(item).get("substanceIndex"))
        rml_id = as_text(index.get("rmlId"))
        if rml_id and _is_match(index, query=query, cas=cas):
            return {
                "rml_id": rml_id,
                "name": as_text(index.get("rmlName")),
                "cas": as_text(index.get("rmlCas")),
                "ec": as_text(index.get("rmlEc")),
            }
    raise NotFound


def _is_match(index: Mapping[str, Any], *, query: str, cas: str | None) -> bool:
    if cas:
        return as_text(index.get("rmlCas")) == cas
    name = as_text(index.get("rmlName"))
    return name is not None and name.casefold() == query.strip().casefold()


def prominent(info: Any) -> dict[str, Any]:
    """Whether the prominent C&L entry is the harmonised one, and its id."""
    info = as_mapping(info)
    kind = (as_text(info.get("type")) or "").casefold()
    harmonised = kind in {"harmonised", "harmonized"}
    if not harmonised and _count(info.get("totalHarmonisedClassifications")) > 0:
        raise SourceFailure(f"{LABEL}: harmonised entry is not the prominent one")
    classification_id = info.get("classificationId")
    if harmonised and not isinstance(classification_id, str | int):
        raise unexpected_shape(LABEL, "harmonised entry without classificationId")
    signal = as_mapping(info.get("signalWord"))
    return {
        "harmonised": harmonised,
        "classification_id": str(classification_id) if harmonised else None,
        "signal_word": as_text(signal.get("signalWordText")) if harmonised else None,
    }


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_classes(payload: Any) -> dict[str, Any]:
    """Hazard classes and H codes, in ECHA's order, without duplicates."""
    items = as_mapping(payload).get("items")
    if not isinstance(items, list):
        raise unexpected_shape(LABEL, "no items in harmonised classification")
    classes: list[str] = []
    codes: list[str] = []
    for item in map(as_mapping, items):
        category = as_text(item.get("hazardClassAndCategoryCode"))
        if category and category not in classes:
            classes.append(category)
        for statement in map(as_mapping, as_list(item.get("hazardStatements"))):
            code = as_text(statement.get("hazardStatementCode"))
            if code and code not in codes:
                codes.append(code)
    return {"classes": classes, "h_codes": codes}
