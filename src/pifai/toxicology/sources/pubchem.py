"""PubChem PUG REST (identity, MW, SMILES, computed log P) and PUG View (GHS codes).

Requests (https://pubchem.ncbi.nlm.nih.gov/docs/pug-rest, .../docs/pug-view):

* ``{base}/compound/name/{cas or name}/property/{PROPERTIES}/JSON`` →
  ``{"PropertyTable": {"Properties": [{"CID", "MolecularWeight" (a string), "SMILES",
  "ConnectivitySMILES", "XLogP", "IUPACName"}]}}``. Since 2025 PubChem names the SMILES
  properties ``SMILES`` (with stereo, formerly IsomericSMILES) and ``ConnectivitySMILES``
  (formerly CanonicalSMILES); old names are still accepted in the URL but the answer is
  keyed by the new ones, so both spellings are read.
* ``{base without /pug}/pug_view/data/compound/{cid}/JSON?heading=GHS+Classification`` →
  ``Record.Section[...]`` down to ``TOCHeading == "GHS Classification"``, whose
  ``Information`` entries named "GHS Hazard Statements" hold strings such as
  ``"H302 (90.5%): Harmful if swallowed [Warning Acute toxicity, oral]"``.
* Errors: ``{"Fault": {"Code": "PUGREST.NotFound" | "PUGVIEW.NotFound" | ...}}``.

PubChem's GHS section aggregates notified classifications (companies' C&L notifications
and other agencies), so the codes are notified, not harmonised. A compound without that
section gets ``ghs_h_codes: None`` (unknown), never ``[]``, which would read "no hazard".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from pifai.core.config import Settings
from pifai.toxicology.sources.http import (
    NotFound,
    Policy,
    RateLimiter,
    SourceFailure,
    budget_for,
    get_json,
    guarded,
    shared_limiter,
    unexpected_shape,
)
from pifai.toxicology.sources.result import SourceResult
from pifai.toxicology.sources.values import as_float, as_int, as_list, as_mapping, as_text

SOURCE = "pubchem"
LABEL = "PubChem"
PROPERTIES = "MolecularWeight,SMILES,ConnectivitySMILES,XLogP,IUPACName"
REQUESTS = 2  # properties, then GHS
GHS_HEADING = "GHS Classification"
GHS_PARAMS = {"heading": GHS_HEADING}
XLOGP_KIND = "computed (PubChem XLogP), not a measured log Pow"
# An H statement code with its optional letters (H360FD, H361fd, H350i), not EUH codes.
_H_CODE = re.compile(r"(?<![A-Za-z0-9])H\d{3}[A-Za-z]{0,2}(?![A-Za-z0-9])")


def policy(settings: Settings, limiter: RateLimiter | None = None) -> Policy:
    return Policy(
        label=LABEL,
        timeout=settings.pubchem_timeout_seconds,
        retries=settings.external_retries,
        limiter=limiter or shared_limiter(SOURCE, settings.pubchem_max_rps),
    )


async def fetch(
    client: httpx.AsyncClient,
    query: str,
    settings: Settings,
    *,
    limiter: RateLimiter | None = None,
) -> SourceResult:
    """Identity, properties and notified GHS codes for a CAS number or a name."""
    pol = policy(settings, limiter)
    return await guarded(
        SOURCE, pol, budget_for(pol, REQUESTS), lambda: _lookup(client, query, settings, pol)
    )


async def _lookup(
    client: httpx.AsyncClient, query: str, settings: Settings, pol: Policy
) -> dict[str, Any]:
    base = settings.pubchem_base_url.rstrip("/")
    url = f"{base}/compound/name/{quote(query, safe='')}/property/{PROPERTIES}/JSON"
    data = parse_properties(_no_fault(await get_json(client, url, pol)))
    try:
        view = await get_json(client, _view_url(base, data["cid"]), pol, params=GHS_PARAMS)
        ghs = parse_ghs(_no_fault(view))
    except NotFound:
        ghs = {"ghs_h_codes": None, "ghs_sources": []}
    except SourceFailure as exc:  # keep the properties, but do not cache a half answer
        raise SourceFailure(f"{exc.message} (GHS classification)", data) from exc
    return {**data, **ghs}


def _view_url(base: str, cid: int) -> str:
    root = base.removesuffix("/pug")
    return f"{root}/pug_view/data/compound/{cid}/JSON"


def _no_fault(payload: Any) -> Any:
    """PubChem may answer 200 with a Fault body; treat it like the error it names."""
    fault = as_mapping(payload).get("Fault")
    if isinstance(fault, Mapping):
        code = str(fault.get("Code") or "unknown")
        if code.endswith(".NotFound"):
            raise NotFound
        raise SourceFailure(f"{LABEL}: fault {code}")
    return payload


def parse_properties(payload: Any) -> dict[str, Any]:
    """The first compound of a property table, normalised; NotFound when the table is empty."""
    rows = as_mapping(as_mapping(payload).get("PropertyTable")).get("Properties")
    if not isinstance(rows, list):
        raise unexpected_shape(LABEL, "no PropertyTable.Properties")
    if not rows:
        raise NotFound
    row = as_mapping(rows[0])
    cid = as_int(row.get("CID"))
    if cid is None:
        raise unexpected_shape(LABEL, "no integer CID")
    smiles_keys = ("SMILES", "IsomericSMILES", "ConnectivitySMILES", "CanonicalSMILES")
    return {
        "cid": cid,
        "iupac_name": as_text(row.get("IUPACName")),
        "mw": as_float(row.get("MolecularWeight")),
        "smiles": next((s for s in map(as_text, map(row.get, smiles_keys)) if s), None),
        "xlogp": as_float(row.get("XLogP")),
        "xlogp_kind": XLOGP_KIND,
        "source_url": f"https://pubchem.ncbi.nlm.nih.gov/compound/{cid}",
    }


def parse_ghs(payload: Any) -> dict[str, Any]:
    """H codes (sorted, unique) of the GHS Classification section and who reported them."""
    record = as_mapping(payload).get("Record")
    if not isinstance(record, Mapping):
        raise unexpected_shape(LABEL, "no Record")
    names = {
        ref.get("ReferenceNumber"): str(ref["SourceName"])
        for ref in map(as_mapping, as_list(record.get("Reference")))
        if ref.get("SourceName")
    }
    sections = list(_sections(record.get("Section")))
    if not sections:
        return {"ghs_h_codes": None, "ghs_sources": []}
    codes: set[str] = set()
    sources: set[str] = set()
    for info in (as_mapping(i) for s in sections for i in as_list(s.get("Information"))):
        if info.get("Name") != "GHS Hazard Statements":
            continue
        for text in _strings(info.get("Value")):
            codes.update(_H_CODE.findall(text))
        if info.get("ReferenceNumber") in names:
            sources.add(names[info["ReferenceNumber"]])
    return {"ghs_h_codes": sorted(codes), "ghs_sources": sorted(sources)}


def _sections(sections: Any) -> Iterator[Mapping[str, Any]]:
    for section in map(as_mapping, as_list(sections)):
        if section.get("TOCHeading") == GHS_HEADING:
            yield section
        yield from _sections(section.get("Section"))


def _strings(value: Any) -> Iterator[str]:
    for item in map(as_mapping, as_list(as_mapping(value).get("StringWithMarkup"))):
        if isinstance(item.get("String"), str):
            yield item["String"]
