"""Entries we write ourselves where the official files we hold fall short (SPEC §9).

Each carries its citation, ``curated=True`` and ``verified`` (checked against an official
export or not).

1. TFDA 化粧品防曬劑成分使用限制表 (UV filters, 27 rows): no TFDA open-data export of it
   was found (shared/data/PROVENANCE.md, "Looked for but not staged"). The rows below are
   the table as published by TFDA and parsed from its PDF in the public repository
   purplemilycosmetic/100check, ``data/restricted-ingredients-seed.json`` at commit
   e21546dd75afb4d218bde3ee1bd3bec1eeed1d22 (rows of category '防曬劑限制', in table
   order), cross-read with our own knowledge of the table; values we were not sure of
   would have been left out. All are ``verified=False``.
2. CAS numbers of common mercury compounds, so a salt listed by CAS only is still caught by
   TFDA 化粧品禁止使用成分表 #1 'Mercury and its compounds' (SPEC §19: mercuric chloride,
   CAS 7487-94-7). The prohibition is the list's; the CAS numbers are chemical identity
   (CAS Registry), not regulatory data. ``verified=False``.

Substances SPEC §19 names that the official files already cover need nothing here:
estradiol (TFDA 禁止 #305, EU II/260 'Oestrogens'), menthol (TFDA 限制 #16: label warning,
no limit; EU III/338: disclosure only), methyl salicylate (TFDA 限制 #17: 1 %).
"""

from __future__ import annotations

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.tfda_meta import LIST_NAMES, TFDA_VERSION
from pifai.regulatory.model import Authority, Citation, Limit, ListType, RegulatedEntry

UV_SOURCE = (
    "purplemilycosmetic/100check data/restricted-ingredients-seed.json "
    "(TFDA 化粧品防曬劑成分使用限制表 parsed from the PDF)"
)
UV_URL = (
    "https://github.com/purplemilycosmetic/100check/blob/"
    "e21546dd75afb4d218bde3ee1bd3bec1eeed1d22/data/restricted-ingredients-seed.json"
)
UV_VERSION = "TFDA table as parsed at commit e21546dd (not an official export)"
NOT_CHECKED = "not yet checked against an official export"

# (INCI name, other names, CAS numbers, max %, limit as written, expressed as)
_UV: tuple[tuple[str, tuple[str, ...], tuple[str, ...], float, str, str | None], ...] = (
    ("Ethylhexyl dimethyl PABA", ("Padimate O",), ("21245-02-3",), 8, "8%", None),
    ("Benzophenone-3", ("Oxybenzone",), ("131-57-7",), 6, "6% (作為保護劑用途，限量≤ 0.5%)", None),
    (
        "Benzophenone-4",
        ("Benzophenone-5", "Sulisobenzone"),
        ("4065-45-6", "6628-37-1"),
        5,
        "5% (以acid 計)",
        "acid",
    ),
    ("Homosalate", (), ("118-56-9",), 10, "10%", None),
    ("Ethylhexyl methoxycinnamate", ("Octinoxate",), ("5466-77-3",), 10, "10%", None),
    ("Ethylhexyl salicylate", ("Octisalate",), ("118-60-5",), 5, "5%", None),
    (
        "Phenylbenzimidazole sulfonic acid",
        ("Ensulizole",),
        ("27503-81-7",),
        8,
        "8% (以acid 計)",
        "acid",
    ),
    ("Butyl methoxydibenzoylmethane", ("Avobenzone",), ("70356-09-1",), 5, "5%", None),
    (
        "Terephthalylidene dicamphor sulfonic acid",
        ("Ecamsule",),
        ("92761-26-7", "90457-82-2"),
        10,
        "10% (以acid 計)",
        "acid",
    ),
    ("Octocrylene", (), ("6197-30-4",), 10, "10%", None),
    ("Zinc oxide", (), ("1314-13-2",), 25, "25% (倘作為收斂劑用途，限量≤ 10%)", None),
    ("Drometrizole trisiloxane", (), ("155633-54-8",), 15, "15%", None),
    (
        "Methylene bis-benzotriazolyl tetramethylbutylphenol",
        ("Bisoctrizole",),
        ("103597-45-1",),
        10,
        "10%",
        None,
    ),
    (
        "Bis-ethylhexyloxyphenol methoxyphenyl triazine",
        ("Bemotrizinol",),
        ("187393-00-6",),
        10,
        "10%",
        None,
    ),
    ("Polysilicone-15", ("Dimethicodiethylbenzalmalonate",), ("207574-74-1",), 10, "10%", None),
    ("Ethylhexyl triazone", (), ("88122-99-0",), 5, "5%", None),
    ("Diethylamino hydroxybenzoyl hexyl benzoate", (), ("302776-68-7",), 10, "10%", None),
    ("Benzylidene camphor sulfonic acid", (), ("56039-58-8",), 6, "6% (以acid 計)", "acid"),
    ("Camphor benzalkonium methosulfate", (), ("52793-97-2",), 6, "6%", None),
    ("Diethylhexyl butamido triazone", ("Iscotrizinol",), ("154702-15-5",), 10, "10%", None),
    (
        "Disodium phenyl dibenzimidazole tetrasulfonate",
        ("Bisdisulizole disodium",),
        ("180898-37-7",),
        10,
        "10% (以acid 計)",
        "acid",
    ),
    ("Isoamyl p-methoxycinnamate", ("Amiloxate",), ("71617-10-2",), 10, "10%", None),
    ("4-Methylbenzylidene camphor", ("Enzacamene",), ("38102-62-4", "36861-47-9"), 4, "4%", None),
    ("PEG-25 PABA", ("Ethoxylated ethyl-4-aminobenzoate",), ("116242-27-4",), 10, "10%", None),
    ("Polyacrylamidomethyl benzylidene camphor", (), ("113783-61-2",), 6, "6%", None),
    ("Tris-biphenyl triazine", (), ("31274-51-8",), 10, "10%", None),
    ("Titanium dioxide", (), ("13463-67-7", "1317-70-0", "1317-80-2"), 25, "25%", None),
)
# INCI → (conditions, label warnings, excluded scopes), as the table writes them
_UV_EXTRA: dict[str, tuple[str, tuple[str, ...], frozenset[Scope]]] = {
    "Benzophenone-3": (
        "作為保護劑用途，限量≤ 0.5%",
        ("本產品含二苯酮-3。(添加≤ 0.5%或作為保護劑用途，得免刊載該注意事項)",),
        frozenset(),
    ),
    "Zinc oxide": ("倘作為收斂劑用途，限量≤ 10%", (), frozenset()),
    "Tris-biphenyl triazine": ("不得使用於噴霧製劑", (), frozenset({Scope.SPRAY})),
}
# Where the TFDA table differs from EU Annex VI (2026-06-18 export); both are kept, the
# engine ranks them (SPEC §9 authority hierarchy). Checked by tests/regulatory.
_EU_DIFFERS: dict[str, str] = {
    "Benzophenone-3": "differs from EU:VI:4 (6 % face/hand/lip, 2.2 % body, 0.5 % other)",
    "Homosalate": "differs from EU:VI:3 (7.34 %, face products only)",
    "Octocrylene": "differs from EU:VI:10 (9 % propellant sprays, 10 % other)",
    "4-Methylbenzylidene camphor": "no longer in EU Annex VI (2026-06-18 export)",
}


def _uv_entries() -> list[RegulatedEntry]:
    entries = []
    for row, (inci, others, cas, pct, text, basis) in enumerate(_UV, start=1):
        conditions, warnings, excluded = _UV_EXTRA.get(inci, ("", (), frozenset()))
        notes = [NOT_CHECKED, *([_EU_DIFFERS[inci]] if inci in _EU_DIFFERS else [])]
        entries.append(
            RegulatedEntry(
                entry_id=f"TFDA:uv_filter:{row}",
                authority=Authority.TFDA,
                list_type=ListType.UV_FILTER,
                names=(inci, *others),
                inci_names=(inci,),
                cas_numbers=cas,
                limits=(Limit(float(pct), None, "", basis, text),),
                excluded_scopes=excluded,
                conditions=conditions,
                label_warnings=warnings,
                citation=Citation(
                    Authority.TFDA,
                    LIST_NAMES[ListType.UV_FILTER],
                    f"row {row}",
                    UV_SOURCE,
                    UV_VERSION,
                    UV_URL,
                ),
                curated=True,
                verified=False,
                notes=tuple(notes),
            )
        )
    return entries


_MERCURY: tuple[tuple[str, str, str], ...] = (
    ("Mercuric chloride", "氯化汞", "7487-94-7"),
    ("Mercurous chloride", "氯化亞汞", "10112-91-1"),
    ("Mercuric oxide", "氧化汞", "21908-53-2"),
    ("Mercuric iodide", "碘化汞", "7774-29-0"),
    ("Ammoniated mercury", "氯化氨基汞", "10124-48-8"),
)


def _mercury_entry() -> RegulatedEntry:
    return RegulatedEntry(
        entry_id="TFDA:prohibited:1/curated-mercury-salts",
        authority=Authority.TFDA,
        list_type=ListType.PROHIBITED,
        names=tuple(n for name, zh, _ in _MERCURY for n in (name, zh)),
        cas_numbers=tuple(cas for *_, cas in _MERCURY),
        name_roots=("mercury", "mercur", "mercuric", "mercurous", "汞", "水銀"),
        exceptions=("TFDA:preservative:37", "TFDA:preservative:44"),
        trace_limit_ppm=1.0,
        conditions="Members of 'Mercury and its compounds' (化粧品禁止使用成分表 #1).",
        citation=Citation(
            Authority.TFDA,
            LIST_NAMES[ListType.PROHIBITED],
            "1",
            "curated: CAS numbers of members of the entry (CAS Registry)",
            TFDA_VERSION,
        ),
        curated=True,
        verified=False,
        notes=(NOT_CHECKED, "CAS numbers are chemical identity added by us"),
    )


def curated_entries() -> tuple[RegulatedEntry, ...]:
    return (*_uv_entries(), _mercury_entry())
