"""What the external sources contributed to one ingredient, in the engine's terms.

The cascade never talks HTTP: the sources package fetches (or fails), and this module turns
its results into cited facts. A source that failed is named in ``missing`` so the report
says what the assessment went without.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pifai.toxicology.absorption import CitedValue


@dataclass(frozen=True)
class ExternalNoael:
    mg_kg_bw_d: float
    citation: str
    considered: int  # how many oral NOAELs the source listed (the lowest is used)


@dataclass(frozen=True)
class ExternalFacts:
    pubchem_cid: int | None = None
    smiles: str | None = None
    smiles_citation: str | None = None
    mw: CitedValue | None = None
    notified_codes: tuple[str, ...] = ()
    notified_source: str = ""
    harmonised_codes: tuple[str, ...] = ()
    harmonised_source: str = ""
    noael: ExternalNoael | None = None
    used: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


NO_FACTS = ExternalFacts()


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _codes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({str(code).strip() for code in value if str(code).strip()}))


def _pubchem(data: Mapping[str, Any]) -> dict[str, Any]:
    cid = data.get("cid")
    cid_int = cid if isinstance(cid, int) and not isinstance(cid, bool) else None
    where = f"PubChem CID {cid_int}" if cid_int else "PubChem"
    smiles = data.get("smiles")
    mw = _number(data.get("mw"))
    return {
        "pubchem_cid": cid_int,
        "smiles": smiles if isinstance(smiles, str) and smiles.strip() else None,
        "smiles_citation": where,
        "mw": CitedValue(mw, f"{where} (MolecularWeight)") if mw else None,
        "notified_codes": _codes(data.get("ghs_h_codes")),
        "notified_source": f"{where} GHS classification (notified, not harmonised)",
    }


_MG_KG_UNITS = {"mg/kg-day", "mg/kg bw/day", "mg/kg/day", "mg/kg-bw/day", "mg/kg bw/d"}


def _epa_noael(data: Mapping[str, Any]) -> ExternalNoael | None:
    """The lowest oral NOAEL in mg/kg bw/day that EPA ToxValDB lists (conservative)."""
    pods = data.get("points_of_departure")
    if not isinstance(pods, list):
        return None
    usable: list[tuple[float, Mapping[str, Any]]] = []
    for pod in pods:
        if not isinstance(pod, Mapping):
            continue
        kind = str(pod.get("type", "")).upper()
        route = str(pod.get("route", "")).lower()
        units = str(pod.get("units", "")).strip().lower()
        value = _number(pod.get("value"))
        if str(pod.get("qualifier") or "").strip().startswith("<"):
            continue  # "< x" is not a NOAEL of x: using it would overstate the margin
        if kind == "NOAEL" and "oral" in route and units in _MG_KG_UNITS and value:
            usable.append((value, pod))
    if not usable:
        return None
    value, pod = min(usable, key=lambda item: item[0])
    study = ", ".join(
        str(pod[k]) for k in ("study_type", "species", "source", "year") if pod.get(k)
    )
    dtxsid = data.get("dtxsid") or "?"
    citation = f"EPA CompTox ToxValDB ({dtxsid}): {study}" if study else f"EPA ToxValDB {dtxsid}"
    return ExternalNoael(value, citation, len(usable))


def facts_from_results(results: Mapping[str, Any]) -> ExternalFacts:
    """Read ``{source: SourceResult}`` (status/data attributes) into cited facts."""
    fields: dict[str, Any] = {}
    used: list[str] = []
    missing: list[str] = []
    for source, result in sorted(results.items()):
        status = getattr(result, "status", "failed")
        data = getattr(result, "data", None) or {}
        if status == "failed":
            missing.append(source)
            continue
        if status != "ok" or not isinstance(data, Mapping):
            continue
        used.append(source)
        if source == "pubchem":
            fields.update(_pubchem(data))
        elif source == "echa":
            fields["harmonised_codes"] = _codes(data.get("h_codes"))
            fields["harmonised_source"] = "ECHA C&L inventory (harmonised classification)"
        elif source == "epa":
            fields["noael"] = _epa_noael(data)
    return ExternalFacts(**fields, used=tuple(used), missing=tuple(missing))
