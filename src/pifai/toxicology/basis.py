"""The basis register: every constant the safety assessment uses (SPEC §10).

Each number lives here once, with its unit, the alternatives we did not choose, why we chose
this one, where it was read and how good that source is. The report prints the register as an
appendix, and a test fails when engine code uses a numeric literal the register does not hold.

Citations use the source keys of ``shared/notes/sccs-facts.md`` (see ``SOURCES``). The SCCS
Notes of Guidance, 12th revision (SCCS/1647/22) could not be read directly: every figure below
is taken from a secondary source quoting it, and the grade says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


class ToxicologyError(ValueError):
    """The one error the toxicology engine raises: a refused input or an unknown key."""


SOURCES: dict[str, str] = {
    "H": "heavymetalindex.com, summary of SCCS/1647/22 quoting Table 3A (p. 27) and 3B (p. 28)",
    "T": "ToxMCP/direct-use-exposure-mcp, tests/test_sccs_cosmetic_transfer_defaults.py "
    "@ce5246d (NoG 12th rev. corrigendum 2, §3-3.4.2.1 and §3-3.4.3 Table 5)",
    "V": "IVTD, Vrije Universiteit Brussel, 'When to use TTC as a Risk Assessment Tool for "
    "Impurities in a Cosmetic Formulation?' (cites NoG 9th rev. SCCS/1564/15)",
    "E": "ECHA registration dossier 15220, dermal absorption endpoint (quotes EC 2004 Guidance "
    "Document on Dermal Absorption)",
    "B": "van de Sandt, 'Skin absorption: defaults, predictions and measurements', BfR "
    "symposium 2009, slide 5 (EC 2004 / TGD 2003 defaults)",
    "R": "RégimA PIFs, safety assessor S. Hudson (NoG 9th rev.), transcribed in shared/data/cpsr",
    "S": "Raposo et al., BioMed Res Int 2013:181634, Table 6 footnote",
    "C": "CEHTRA, 'Calculating Margins of Safety (MoS) in Cosmetics'",
    "G": "Cosmetica glossary 'Margin of Safety (MoS)' (cites SCCS/1647/22)",
    "P": "an earlier draft of our own SPEC §10 (for comparison only, not a source)",
    "A": "ECHA registration dossier 15801, DNEL derivation: 'AF for differences in duration of "
    "exposure: 2 — standard extrapolation subchronic to chronic exposure (ECHA 2012)' (ECHA "
    "Guidance on IR&CSA Chapter R.8, 2012)",
    "K": "RDKit / tidychem fp_morgan documentation: 'radius = 2 is roughly equivalent to ECFP4'; "
    "2048-bit vectors are the common RDKit/ECFP4 default",
}


@dataclass(frozen=True)
class Alternative:
    """A value we did not choose, kept so a reader can compare like with like."""

    value: float
    unit: str
    label: str
    citation: str


@dataclass(frozen=True)
class BasisEntry:
    key: str
    value: float
    unit: str
    alternatives: tuple[Alternative, ...]
    why: str
    citation: str
    grade: str


_MG_KG = "mg/kg bw/day"
_UG_KG = "µg/kg bw/day"
_UG_PERSON = "µg/person/day"
_BOTH = "secondary; H and T agree"
_H_ONLY = "secondary; one source (H)"
_T_ONLY = "secondary; one source (T), row order inferred from H"

_CITES: dict[str, tuple[str, str, str]] = {
    "3A": ("3A", "SCCS/1647/22 §3-3.4.2.1 Table 3A p. 27: H; T", _BOTH),
    "3A:H": ("3A", "SCCS/1647/22 §3-3.4.2.1 Table 3A p. 27: H (row not in T)", _H_ONLY),
    "3B": ("3B", "SCCS/1647/22 §3-3.4.2.1 Table 3B p. 28: H; T", _BOTH),
    "3B:T": ("3B", "SCCS/1647/22 §3-3.4.3 Table 5: T (a Table 3B row by H's row order)", _T_ONLY),
    "5:T": ("5", "SCCS/1647/22 §3-3.4.3 Table 5: T (amount back-calculated by T)", _T_ONLY),
}

# (exposure class, label, amount g/day, retention factor, E_product mg/kg bw/day, _CITES key).
# Table 3A per-kg values use each survey subject's own body weight (T: Table 3A footnote 1),
# so they are not amount ÷ 60 kg; Table 3B / 5 values are amount × f_ret ÷ 60 kg (T).
_ROWS: tuple[tuple[str, str, float, float, float, str], ...] = (
    ("shower_gel", "Shower gel", 18.67, 0.01, 2.79, "3A"),
    ("shampoo", "Shampoo", 10.46, 0.01, 1.51, "3A"),
    ("hair_styling", "Hair styling products", 4.00, 0.10, 5.74, "3A"),
    ("body_lotion", "Body lotion", 7.82, 1.0, 123.20, "3A"),
    ("face_cream", "Face cream", 1.54, 1.0, 24.14, "3A"),
    ("hand_cream", "Hand cream", 2.16, 1.0, 32.70, "3A"),
    ("liquid_foundation", "Liquid foundation", 0.51, 1.0, 7.90, "3A"),
    ("lipstick", "Lipstick / lip salve", 0.057, 1.0, 0.90, "3A"),
    ("deodorant_non_spray", "Deodorant non-spray", 1.50, 1.0, 22.08, "3A"),
    ("deodorant_spray", "Deodorant spray", 0.69, 1.0, 10.00, "3A:H"),
    ("toothpaste", "Toothpaste (adult)", 2.75, 0.05, 2.16, "3A"),
    ("mouthwash", "Mouthwash", 21.62, 0.10, 32.54, "3A"),
    ("hair_conditioner", "Hair conditioner", 3.92, 0.01, 0.67, "3B"),
    ("make_up_remover", "Make-up remover", 5.00, 0.10, 8.33, "3B:T"),
    ("eye_make_up", "Eye make-up", 0.02, 1.0, 0.33, "3B:T"),
    ("mascara", "Mascara", 0.025, 1.0, 0.42, "3B:T"),
    ("eyeliner", "Eyeliner", 0.005, 1.0, 0.08, "3B:T"),
    ("hand_wash_soap", "Hand wash soap", 20.0, 0.01, 3.33, "5:T"),
)

# Practitioners divide the Table 3A amount by 60 kg instead (R; sccs-facts "Table 3A" note).
_PER_60_KG: dict[str, Alternative] = {
    "body_lotion": Alternative(130.33, _MG_KG, "7.82 g ÷ 60 kg, as the RégimA PIFs use", "R"),
    "face_cream": Alternative(25.67, _MG_KG, "1.54 g ÷ 60 kg, as practitioners compute", "R"),
}


def _row_entries(row: tuple[str, str, float, float, float, str]) -> list[BasisEntry]:
    cls, label, amount, retention, e_product, cite = row
    table, citation, grade = _CITES[cite]
    what = f"SCCS Table {table}, {label}"
    alternatives = (_PER_60_KG[cls],) if cls in _PER_60_KG else ()
    return [
        BasisEntry(
            f"exposure.{cls}.e_product", e_product, _MG_KG, alternatives,
            f"{what}: daily exposure to the product per kg bw (the value SED uses)",
            citation, grade,
        ),
        BasisEntry(f"exposure.{cls}.amount", amount, "g/day", (), f"{what}: amount applied",
                   citation, grade),
        BasisEntry(f"exposure.{cls}.retention", retention, "fraction", (),
                   f"{what}: retention factor", citation, grade),
    ]  # fmt: skip


_AGGREGATE = (
    BasisEntry(
        "exposure.aggregate.e_product", 269, _MG_KG, (),
        "SCCS aggregate of all 17 Table 5 categories (printed rows sum to 268.82); the fallback "
        "when a product type has no sourced class", "SCCS/1647/22 §3-3.4.3 Table 5: T",
        "secondary; one source (T)",
    ),
    BasisEntry(
        "exposure.aggregate.amount", 17.4, "g/day", (),
        "SCCS aggregate amount of all 17 Table 5 categories (printed rows sum to 17.38)",
        "SCCS/1647/22 §3-3.4.3 Table 5: T", "secondary; one source (T)",
    ),
)  # fmt: skip

_GENERAL = (
    BasisEntry(
        "body_weight_kg", 60, "kg", (),
        "SCCS default adult body weight (child body weights of the 12th rev. not retrieved)",
        "T (SCCS_DEFAULT_BODY_WEIGHT_KG); R ('nominal human body weight (60 kg)')",
        "secondary; consistent",
    ),
    BasisEntry(
        "dap.default_pct", 100, "%",
        (Alternative(50, "%", "reference system's default; not an SCCS default", "P"),
         Alternative(5, "%", "reference system's value for triglyceride fixed oils", "P")),
        "no dermal absorption data: assume complete absorption (the conservative EC 2004 "
        "default, used by every real report found)",
        "E, B (EC 2004 Guidance on Dermal Absorption); R (A.7 footnote); S (Table 6 footnote)",
        "secondary; four sources agree; NoG 12th rev. §3-3.5.1.1 wording not read",
    ),
    BasisEntry(
        "dap.reduced_pct", 10, "%", (),
        "the only default reduction: large and very lipophilic or hydrophilic molecules",
        "E, B (EC 2004 / TGD 2003); R p. 15", "secondary; three sources agree",
    ),
    BasisEntry(
        "dap.rule.mw_above_da", 500, "Da", (),
        "10 % rule: MW strictly greater than 500 Da", "E, B; R p. 15",
        "secondary; three sources agree",
    ),
    BasisEntry(
        "dap.rule.log_pow_below", -1, "log Pow",
        (Alternative(-1, "log Pow", "'≤ −1' (inclusive bound of an earlier draft)", "P"),),
        "10 % rule: log Pow strictly below −1", "E, B; R p. 15",
        "secondary; sources say strict '< −1'",
    ),
    BasisEntry(
        "dap.rule.log_pow_above", 4, "log Pow",
        (Alternative(4, "log Pow", "'≥ 4' (inclusive bound of an earlier draft)", "P"),),
        "10 % rule: log Pow strictly above 4", "E, B; R p. 15",
        "secondary; sources say strict '> 4'",
    ),
    BasisEntry(
        "mos.threshold", 100, "(ratio)",
        (Alternative(100, "(ratio)", "'greater than 100' wording (strict)", "R"),),
        "MoS ≥ 100 acceptable: 10 interspecies × 10 intraspecies",
        "G (cites SCCS/1647/22); C; S", "secondary; wording ≥ vs > differs between sources",
    ),
    BasisEntry(
        "oral_absorption.default_pct", 50, "%",
        (Alternative(100, "%", "plain NOAEL: no oral-absorption step (R, S, many CPSRs)", "R; S"),
         Alternative(10, "%", "when very low oral absorption is shown", "C")),
        "PoD_sys = oral NOAEL × oral absorption; SCCS assumes 50 % when bioavailability is "
        "unknown. The method used is recorded with every result",
        "C", "secondary; one source (C); check NoG §3-4",
    ),
    BasisEntry(
        "ttc.cramer_i", 30, _UG_KG,
        (Alternative(1800, _UG_PERSON, "per 60 kg person", "R (Target Cellulite PIF p. 21)"),),
        "TTC Cramer class I as used for cosmetics", "V; R (Target Cellulite PIF p. 21)",
        "secondary; two sources agree",
    ),
    BasisEntry(
        "ttc.cramer_ii", 1.5, _UG_KG,
        (Alternative(540, _UG_PERSON, "Kroes/Munro class II (earlier draft)", "P"),),
        "for cosmetics the SCCS treats Cramer class II as class III", "V",
        "secondary; one source (V)",
    ),
    BasisEntry(
        "ttc.cramer_iii", 1.5, _UG_KG,
        (Alternative(90, _UG_PERSON, "per 60 kg person", "R"),),
        "TTC Cramer class III as used for cosmetics", "V; R", "secondary; two sources agree",
    ),
    BasisEntry(
        "ttc.genotoxic_alert", 0.0025, _UG_KG,
        (Alternative(0.15, _UG_PERSON, "per 60 kg person (derived)", "V"),),
        "TTC for a structural alert for genotoxicity (2.5 ng/kg bw/day)", "V",
        "secondary; one source (V)",
    ),
    BasisEntry(
        "readacross.tanimoto_min", 0.5, "(Tanimoto)", (),
        "structural read-across (tier 1.5) only to an anchor at least this similar; the result "
        "always goes to the SA's review list with the analogue named",
        "SPEC §10 (project rule)", "project rule",
    ),
    BasisEntry(
        "readacross.morgan_radius", 2, "(bonds)", (),
        "Morgan fingerprint radius for tier 1.5 (ECFP4-like)", "K", "secondary; one source (K)",
    ),
    BasisEntry(
        "readacross.morgan_bits", 2048, "(bits)", (),
        "Morgan fingerprint length for tier 1.5", "K", "secondary; one source (K)",
    ),
    BasisEntry(
        "assessment_factor.subchronic_to_chronic", 2, "(factor)", (),
        "an analogue's NOAEL from a 90-day study used for lifelong daily exposure",
        "A (ECHA Guidance R.8, 2012)", "secondary; one source (A)",
    ),
    BasisEntry(
        "unit.ug_per_mg", 1000, "µg/mg", (),
        "unit conversion for SED (mg/kg bw/day) against TTC values (µg/kg bw/day)",
        "SI prefixes (BIPM SI Brochure, 9th ed., Table 7)", "definition",
    ),
)  # fmt: skip


def _fallback(entries: list[BasisEntry]) -> BasisEntry:
    sourced = [e for e in entries if e.key.endswith(".e_product")]
    largest = max(sourced, key=lambda e: e.value)
    return BasisEntry(
        "exposure.fallback", largest.value, _MG_KG, (),
        f"no sourced exposure class for the product type: the largest sourced value "
        f"({largest.key}) is used and the report says so; never a pass by itself",
        f"SPEC §10 (rule); value: {largest.citation}", "project rule",
    )  # fmt: skip


@cache
def register() -> tuple[BasisEntry, ...]:
    """All entries, in the order the report's appendix prints them."""
    entries = [e for row in _ROWS for e in _row_entries(row)]
    entries.extend(_AGGREGATE)
    entries.append(_fallback(entries))
    entries.extend(_GENERAL)
    return tuple(entries)


@cache
def _by_key() -> dict[str, BasisEntry]:
    return {e.key: e for e in register()}


def basis(key: str) -> BasisEntry:
    try:
        return _by_key()[key]
    except KeyError:
        raise ToxicologyError(f"no basis register entry {key!r}") from None


def value(key: str) -> float:
    return basis(key).value


def exposure_classes() -> tuple[str, ...]:
    """The exposure classes with a sourced SCCS row."""
    return tuple(row[0] for row in _ROWS)
