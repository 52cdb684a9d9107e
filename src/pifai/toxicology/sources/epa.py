"""EPA CompTox (CCTE APIs): the DTXSID of a substance, then its points of departure in
ToxValDB. Documented at https://api-ccte.epa.gov/docs/ (chemical and hazard APIs); every
request carries the personal key as ``x-api-key``.

1. ``{base}/chemical/search/equal/{cas or name}`` → ``[{"dtxsid", "casrn",
   "preferredName", "searchName", "rank"}]``. An unknown word is HTTP 400 with
   ``application/problem+json`` ``{"detail": "Searched by Synonym: Found 0 results for
   '...'."}``, which counts as not found.
2. ``{base}/hazard/toxval/search/by-dtxsid/{dtxsid}`` → ``[{"toxvalType",
   "toxvalTypeSuperCategory", "qualifier", "toxvalNumeric", "toxvalUnits", "humanEco",
   "speciesCommon", "exposureRoute", "studyType", "source", "year", ...}]``; "-" stands
   for "no value".

Points of departure are the human-health records ToxValDB files under "Dose Response
Summary Value" (NOAEL, LOAEL, NOEL, BMDL…), as given: units are not converted and the
qualifier ("=", ">", "<") is kept, because a ">" NOAEL is not the same number.
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
from pifai.toxicology.sources.result import SourceResult, failed
from pifai.toxicology.sources.values import as_float, as_int, as_mapping, as_text, as_year

SOURCE = "epa"
LABEL = "EPA"
REQUESTS = 2  # chemical search, then ToxValDB
POD_CATEGORY = "Dose Response Summary Value"
HUMAN_HEALTH = "human health"


def policy(settings: Settings) -> Policy:
    return Policy(
        label=LABEL,
        timeout=settings.epa_timeout_seconds,
        retries=settings.external_retries,
        headers={"Accept": "application/json", "x-api-key": settings.epa_api_key or ""},
    )


async def fetch(
    client: httpx.AsyncClient, query: str, settings: Settings, *, cas: str | None
) -> SourceResult:
    """Points of departure for the substance with this CAS number (or name)."""
    if not settings.epa_api_key:
        return failed(SOURCE, f"{LABEL}: no API key configured (PIFAI_EPA_API_KEY)")
    pol = policy(settings)
    return await guarded(
        SOURCE, pol, budget_for(pol, REQUESTS), lambda: _lookup(client, query, cas, settings, pol)
    )


def _search_found_nothing(response: httpx.Response) -> bool:
    return response.status_code == 404 or (
        response.status_code == 400 and b"Found 0 results" in response.content
    )


async def _lookup(
    client: httpx.AsyncClient, query: str, cas: str | None, settings: Settings, pol: Policy
) -> dict[str, Any]:
    base = settings.epa_base_url.rstrip("/")
    hits = await get_json(
        client,
        f"{base}/chemical/search/equal/{quote(query, safe='')}",
        pol,
        is_not_found=_search_found_nothing,
    )
    dtxsid = pick_dtxsid(hits, cas=cas)
    records = await get_json(
        client, f"{base}/hazard/toxval/search/by-dtxsid/{quote(dtxsid, safe='')}", pol
    )
    data = {"dtxsid": dtxsid, "points_of_departure": points_of_departure(records)}
    if not data["points_of_departure"]:
        raise NotFound(data)
    return data


def pick_dtxsid(payload: Any, *, cas: str | None) -> str:
    """The DTXSID of the hit with this CAS number, or of the only substance the name hit."""
    if not isinstance(payload, list):
        raise unexpected_shape(LABEL, "chemical search is not a list")
    hits = [h for h in map(as_mapping, payload) if as_text(h.get("dtxsid"))]
    if cas:
        hits = [h for h in hits if as_text(h.get("casrn")) == cas]
    dtxsids = sorted({str(as_text(h.get("dtxsid"))) for h in hits})
    if not dtxsids:
        raise NotFound
    if len(dtxsids) > 1:
        raise SourceFailure(f"{LABEL}: ambiguous name ({', '.join(dtxsids)})")
    return dtxsids[0]


def points_of_departure(payload: Any) -> list[dict[str, Any]]:
    """Human-health dose-response values with a number, each with its study and source."""
    if not isinstance(payload, list):
        raise unexpected_shape(LABEL, "ToxValDB answer is not a list")
    return [pod for pod in map(_pod, map(as_mapping, payload)) if pod is not None]


def _pod(record: Mapping[str, Any]) -> dict[str, Any] | None:
    value = as_float(record.get("toxvalNumeric"))
    if (
        value is None
        or record.get("toxvalTypeSuperCategory") != POD_CATEGORY
        or (as_text(record.get("humanEco")) or "").casefold() != HUMAN_HEALTH
    ):
        return None
    return {
        "value": value,
        "qualifier": as_text(record.get("qualifier")),
        "units": as_text(record.get("toxvalUnits")),
        "type": as_text(record.get("toxvalType")),
        "species": as_text(record.get("speciesCommon")),
        "route": as_text(record.get("exposureRoute")),
        "study_type": as_text(record.get("studyType")),
        "source": as_text(record.get("source")),
        "year": as_year(record.get("year")),
        "record_id": as_int(record.get("id")),
    }
