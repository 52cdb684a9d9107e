"""TFDA open-data lists imported from the official files (shared/data/taiwan_tfda)."""

from __future__ import annotations

from collections import Counter

import pytest

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.tfda import TFDA_VERSION
from pifai.regulatory.model import Authority, ListType, RegulatedEntry
from tests.regulatory._data import needs_data, of_list, tfda

pytestmark = needs_data


def entry(entry_id: str) -> RegulatedEntry:
    return tfda()[entry_id]


def limits_by_scope(e: RegulatedEntry) -> dict[Scope | None, float | None]:
    return {limit.scope: limit.max_pct for limit in e.limits}


def test_row_counts() -> None:
    """659 / 186 / 57 / 152 rows (PROVENANCE §3); restricted #184 names four dyes with
    a limit each and becomes 184.1–184.4, so 189 entries from 186 rows."""
    counts = Counter(e.list_type for e in tfda().values())
    rows = Counter(
        (e.list_type, e.citation.entry.split(".")[0]) for e in tfda().values() if e.citation
    )
    assert counts[ListType.PROHIBITED] == 659
    assert counts[ListType.PRESERVATIVE] == 57
    assert counts[ListType.COLORANT] == 152
    assert counts[ListType.RESTRICTED] == 189
    assert sum(1 for lt, _ in rows if lt is ListType.RESTRICTED) == 186


def test_every_entry_is_cited() -> None:
    for e in tfda().values():
        assert e.citation is not None
        assert e.citation.authority is Authority.TFDA
        assert e.citation.version == TFDA_VERSION
        assert e.citation.source.startswith("taiwan_tfda/")
        assert e.entry_id == f"TFDA:{e.list_type.value}:{e.citation.entry}"
        assert e.names


def test_phenoxyethanol_one_percent() -> None:
    e = entry("TFDA:preservative:35")
    assert "Phenoxyethanol" in e.inci_names
    assert e.cas_numbers == ("122-99-6",)
    assert limits_by_scope(e) == {None: 1.0}


def test_methylisothiazolinone_rinse_off_only() -> None:
    e = entry("TFDA:preservative:29")
    assert e.inci_names == ("Methylisothiazolinone",)
    assert e.allowed_scopes == {Scope.RINSE_OFF}
    assert limits_by_scope(e) == {Scope.RINSE_OFF: 0.0015}


def test_benzoic_acid_per_scope_and_multi_value_cells() -> None:
    e = entry("TFDA:preservative:5")
    assert e.inci_names == ("Benzoic acid", "Sodium benzoate")
    assert e.cas_numbers == ("65-85-0", "532-32-1")
    assert limits_by_scope(e) == {Scope.RINSE_OFF: 2.5, Scope.LEAVE_ON: 0.5, Scope.ORAL: 1.7}
    assert {limit.expressed_as for limit in e.limits} == {"acid"}


def test_parabens_group_sum() -> None:
    propyl_butyl = entry("TFDA:preservative:32")
    assert {"Propylparaben", "Butylparaben"} <= set(propyl_butyl.inci_names)
    assert propyl_butyl.group == "TFDA:propyl+butyl parabens"
    assert propyl_butyl.group_max_pct == 0.14
    assert [limit.max_pct for limit in propyl_butyl.limits] == [0.14]
    methyl_ethyl = entry("TFDA:preservative:33")
    assert [limit.max_pct for limit in methyl_ethyl.limits] == [0.4]
    assert (methyl_ethyl.group, methyl_ethyl.group_max_pct) == ("TFDA:parabens", 0.8)


def test_mercury_category_roots_exceptions_and_trace() -> None:
    e = entry("TFDA:prohibited:1")
    assert {"mercur", "汞"} <= set(e.name_roots)
    assert e.exceptions == ("TFDA:preservative:37", "TFDA:preservative:44")
    assert e.trace_limit_ppm == 1.0
    for permitted in e.exceptions:
        hg = entry(permitted)
        assert hg.allowed_scopes == {Scope.EYE_AREA}
        assert [(lim.max_pct, lim.expressed_as) for lim in hg.limits] == [(0.007, "Hg")]
        assert hg.group == "TFDA:mercury compounds (as Hg)"


@pytest.mark.parametrize(
    ("entry_id", "roots", "ppm"),
    [
        ("TFDA:prohibited:21", {"arsen", "砷"}, 3.0),
        ("TFDA:prohibited:22", {"cadmium", "鎘"}, 5.0),
        ("TFDA:prohibited:38", {"lead", "鉛"}, 10.0),
    ],
)
def test_heavy_metal_categories(entry_id: str, roots: set[str], ppm: float) -> None:
    e = entry(entry_id)
    assert roots <= set(e.name_roots)
    assert e.trace_limit_ppm == ppm


def test_trace_limits_only_where_stated() -> None:
    assert entry("TFDA:prohibited:34").trace_limit_ppm == 75.0  # free formaldehyde, not 1000
    assert entry("TFDA:prohibited:30").trace_limit_ppm == 100.0  # 1,4-dioxane
    assert entry("TFDA:prohibited:305").trace_limit_ppm is None  # estradiol
    assert entry("TFDA:prohibited:111").trace_limit_ppm is None  # asbestos: 'not detectable'


def test_estradiol_is_prohibited() -> None:
    e = entry("TFDA:prohibited:305")
    assert e.names == ("Estradiol",)
    assert e.cas_numbers == ("50-28-2",)


def test_hair_dye_only_prohibitions() -> None:
    e = entry("TFDA:prohibited:579")
    assert e.names == ("3-Nitro-4-aminophenoxyethanol and its salts",)
    assert e.excluded_scopes == {Scope.HAIR_DYE}
    assert "不得使用於染髮用途化粧品" in e.conditions


def test_chinese_names_in_brackets_become_names() -> None:
    assert entry("TFDA:prohibited:103").names == ("Tabanus(虻蟲)", "Tabanus", "虻蟲")


def test_menthol_warning_no_limit_and_methyl_salicylate() -> None:
    menthol = entry("TFDA:restricted:16")
    assert all(limit.max_pct is None for limit in menthol.limits)
    assert menthol.label_warnings and "二歲以下" in menthol.label_warnings[0]
    assert limits_by_scope(entry("TFDA:restricted:17")) == {None: 1.0}


def test_ph_rule_is_not_a_percentage_limit() -> None:
    aha = entry("TFDA:restricted:25")
    assert aha.limits == ()
    assert "pH≧3.5" in aha.conditions


def test_unmapped_scope_is_kept_and_noted() -> None:
    triclosan = entry("TFDA:preservative:45")
    unmapped = [lim for lim in triclosan.limits if lim.scope is None]
    assert unmapped[0].max_pct == 0.3 and unmapped[0].scope_text.startswith("牙膏、洗手液")
    assert any("not mapped" in note for note in triclosan.notes)


def test_conditions_warnings_and_exclusions() -> None:
    ipbc = entry("TFDA:preservative:27")
    assert limits_by_scope(ipbc) == {
        Scope.RINSE_OFF: 0.02,
        Scope.LEAVE_ON: 0.01,
        Scope.DEODORANT: 0.0075,
    }
    assert ipbc.excluded_scopes == {Scope.ORAL, Scope.LIPS}  # the unlettered sentence only
    assert "三歲以下" in ipbc.label_warnings[0]
    assert entry("TFDA:preservative:10").excluded_scopes == {Scope.SPRAY}
    fluoride = entry("TFDA:restricted:45")
    assert (fluoride.group, fluoride.group_max_pct) == ("TFDA:fluorine compounds (as F)", 0.15)


def test_colorant_usage_codes() -> None:
    assert entry("TFDA:colorant:1").allowed_scopes == {Scope.RINSE_OFF}  # code 4
    assert entry("TFDA:colorant:3").excluded_scopes == {Scope.EYE_AREA}  # code 2
    assert Scope.MUCOUS_MEMBRANES in entry("TFDA:colorant:2").excluded_scopes  # code 3
    assert Scope.HAIR_DYE in entry("TFDA:colorant:2").excluded_scopes  # 不得使用於染髮
    assert limits_by_scope(entry("TFDA:colorant:9")) == {None: 3.0}
    assert limits_by_scope(entry("TFDA:colorant:66")) == {None: 0.0005}  # 5 ppm
    assert limits_by_scope(entry("TFDA:colorant:75")) == {Scope.LIPS: 1.0}
    titanium = entry("TFDA:colorant:142")
    assert titanium.inci_names == ("CI 77891",) and "Titanium dioxide" in titanium.names


def test_colorant_list_size_by_code() -> None:
    codes = Counter(e.conditions.split("\n")[0] for e in of_list(tfda(), "TFDA:colorant:"))
    assert sum(codes.values()) == 152
    assert set(codes) == {"使用範圍 1", "使用範圍 2", "使用範圍 3", "使用範圍 4"}
