"""The rules of SPEC §9 on hand-built entries (the importers' data is tested elsewhere):
each rule fires, and does not fire where it must not."""

from __future__ import annotations

from datetime import date

import pytest

from pifai.product_types.scopes import Scope
from pifai.product_types.taxonomy import find_product_type
from pifai.regulatory.engine import CheckIngredient, check_formula
from pifai.regulatory.index import ReferenceIndex
from pifai.regulatory.model import (
    Authority,
    Citation,
    Disclosure,
    Limit,
    ListType,
    RegulatedEntry,
)
from pifai.regulatory.report import Verdict

TODAY = date(2026, 12, 3)


def cite(authority: Authority, entry: str) -> Citation:
    return Citation(authority, "test list", entry, "hand-built", "test")


def entry(
    entry_id: str,
    list_type: ListType,
    *names: str,
    authority: Authority = Authority.TFDA,
    **fields: object,
) -> RegulatedEntry:
    return RegulatedEntry(
        entry_id=entry_id,
        authority=authority,
        list_type=list_type,
        names=names,
        inci_names=names,
        citation=cite(authority, entry_id),
        **fields,  # type: ignore[arg-type]
    )


INDEX = ReferenceIndex(
    [
        entry("TFDA:prohibited:1", ListType.PROHIBITED, "Estradiol", cas_numbers=("50-28-2",)),
        entry(
            "TFDA:prohibited:2",
            ListType.PROHIBITED,
            "Mercury and its compounds",
            name_roots=("mercur", "汞"),
            exceptions=("TFDA:preservative:9",),
        ),
        entry(
            "TFDA:prohibited:3",
            ListType.PROHIBITED,
            "Lead and its compounds",
            name_roots=("lead",),
            trace_limit_ppm=10.0,
        ),
        entry(
            "TFDA:preservative:9",
            ListType.PRESERVATIVE,
            "Thimerosal",
            limits=(Limit(0.007, Scope.EYE_AREA, "eye products", "Hg"),),
        ),
        entry(
            "TFDA:preservative:5",
            ListType.PRESERVATIVE,
            "Benzoic acid",
            limits=(
                Limit(2.5, Scope.RINSE_OFF, "立即沖洗產品"),
                Limit(0.5, Scope.LEAVE_ON, "非立即沖洗產品"),
                Limit(1.7, Scope.ORAL, "口腔製劑"),
            ),
        ),
        entry(
            "TFDA:preservative:6",
            ListType.PRESERVATIVE,
            "Methylisothiazolinone",
            limits=(Limit(0.0015, Scope.RINSE_OFF, "rinse-off"),),
        ),
        entry(
            "TFDA:preservative:7",
            ListType.PRESERVATIVE,
            "Propylparaben",
            limits=(Limit(0.14),),
            group="propyl-butyl-parabens",
            group_max_pct=0.14,
        ),
        entry(
            "TFDA:preservative:8",
            ListType.PRESERVATIVE,
            "Butylparaben",
            limits=(Limit(0.14),),
            group="propyl-butyl-parabens",
            group_max_pct=0.14,
        ),
        entry(
            "EU:III:45",
            ListType.RESTRICTED,
            "Limonene",
            authority=Authority.EU,
            disclosures=(
                Disclosure(0.001, Scope.LEAVE_ON, "leave-on"),
                Disclosure(0.01, Scope.RINSE_OFF, "rinse-off"),
            ),
        ),
        entry("TFDA:restricted:20", ListType.RESTRICTED, "Methyl salicylate", limits=(Limit(1.0),)),
        entry(
            "EU:III:200",
            ListType.RESTRICTED,
            "Methyl salicylate",
            authority=Authority.EU,
            limits=(Limit(0.5),),
        ),
        entry(
            "EU:III:300",
            ListType.RESTRICTED,
            "Eu Only Substance",
            authority=Authority.EU,
            limits=(Limit(1.0),),
        ),
        entry("TFDA:uv_filter:1", ListType.UV_FILTER, "Titanium dioxide", limits=(Limit(25.0),)),
        entry(
            "TFDA:restricted:30",
            ListType.RESTRICTED,
            "Warning Substance",
            limits=(Limit(5.0),),
            label_warnings=("避免接觸眼睛",),
        ),
        entry(
            "TFDA:restricted:40",
            ListType.RESTRICTED,
            "Future Substance",
            limits=(Limit(0.1),),
            effective_from=date(2027, 7, 1),
        ),
    ]
)


def judge(name: str, pct: float | None, product: str = "face_cream", **kw: object):  # type: ignore[no-untyped-def]
    result = check_formula(
        [CheckIngredient(name=name, amount_pct=pct, inci=name, **kw)],  # type: ignore[arg-type]
        find_product_type(product),
        INDEX,
        as_of=TODAY,
    )
    return result.ingredients[0]


def test_a_prohibited_substance_blocks_at_any_concentration() -> None:
    verdict = judge("Estradiol", 0.0001)

    assert verdict.verdict == Verdict.PROHIBITED and verdict.blocking
    assert verdict.citations[0].entry == "TFDA:prohibited:1"


def test_a_salt_of_a_prohibited_category_is_caught_by_its_name_root() -> None:
    verdict = judge("Mercuric chloride", 0.00001, cas_numbers=("7487-94-7",))

    assert verdict.verdict == Verdict.PROHIBITED
    assert any("category" in note for note in verdict.review_notes)


def test_the_lists_own_exception_is_honoured() -> None:
    assert judge("Thimerosal", 0.005, "mascara").verdict == Verdict.COMPLIANT
    assert judge("Thimerosal", 0.01, "mascara").verdict == Verdict.OVER_LIMIT


def test_a_declared_trace_impurity_is_judged_against_the_trace_limit() -> None:
    assert judge("Lead acetate", 0.0005, is_impurity=True).verdict == Verdict.COMPLIANT
    assert judge("Lead acetate", 0.002, is_impurity=True).verdict == Verdict.PROHIBITED
    assert judge("Lead acetate", 0.0005).verdict == Verdict.PROHIBITED


@pytest.mark.parametrize(
    ("product", "pct", "expected"),
    [
        ("face_cream", 0.5, Verdict.COMPLIANT),
        ("face_cream", 0.6, Verdict.OVER_LIMIT),
        ("shampoo", 2.5, Verdict.COMPLIANT),
        ("shampoo", 2.6, Verdict.OVER_LIMIT),
        ("toothpaste", 1.7, Verdict.COMPLIANT),
    ],
)
def test_the_limit_for_the_products_scope_applies(
    product: str, pct: float, expected: Verdict
) -> None:
    assert judge("Benzoic acid", pct, product).verdict == expected


def test_a_rinse_off_only_ingredient_is_not_permitted_in_a_leave_on_product() -> None:
    verdict = judge("Methylisothiazolinone", 0.001, "face_cream")

    assert verdict.verdict == Verdict.NOT_PERMITTED
    assert "rinse_off" in verdict.findings[0].message
    assert judge("Methylisothiazolinone", 0.001, "shampoo").verdict == Verdict.COMPLIANT


def test_group_members_are_summed_against_the_group_limit() -> None:
    result = check_formula(
        [
            CheckIngredient("Propylparaben", 0.1, inci="Propylparaben"),
            CheckIngredient("Butylparaben", 0.1, inci="Butylparaben"),
        ],
        find_product_type("face_cream"),
        INDEX,
        as_of=TODAY,
    )

    assert [i.verdict for i in result.ingredients] == [Verdict.OVER_LIMIT, Verdict.OVER_LIMIT]
    assert "totals 0.2 %" in result.ingredients[0].findings[-1].message


def test_group_members_within_the_sum_pass() -> None:
    result = check_formula(
        [
            CheckIngredient("Propylparaben", 0.07, inci="Propylparaben"),
            CheckIngredient("Butylparaben", 0.07, inci="Butylparaben"),
        ],
        find_product_type("face_cream"),
        INDEX,
        as_of=TODAY,
    )

    assert {i.verdict for i in result.ingredients} == {Verdict.COMPLIANT}


def test_a_disclosure_threshold_is_a_label_requirement_not_a_limit() -> None:
    verdict = judge("Limonene", 12.0)

    assert verdict.verdict == Verdict.COMPLIANT
    assert [r.reason for r in verdict.label_requirements] == ["above the disclosure threshold"]


def test_below_the_disclosure_threshold_nothing_is_required() -> None:
    assert judge("Limonene", 0.0005).label_requirements == ()


def test_a_met_tfda_limit_turns_an_eu_over_limit_into_an_advisory_note() -> None:
    verdict = judge("Methyl salicylate", 1.0)

    assert verdict.verdict == Verdict.COMPLIANT
    eu = [f for f in verdict.findings if f.authority is Authority.EU]
    assert eu and not eu[0].binding and eu[0].verdict == Verdict.OVER_LIMIT


def test_the_tfda_limit_still_binds_above_it() -> None:
    assert judge("Methyl salicylate", 1.5).verdict == Verdict.OVER_LIMIT


def test_with_no_tfda_entry_the_eu_limit_binds() -> None:
    verdict = judge("Eu Only Substance", 5.0)

    assert verdict.verdict == Verdict.OVER_LIMIT and verdict.blocking


@pytest.mark.parametrize("pct", [30.0, 40.0, 100.0])
def test_titanium_dioxide_over_the_uv_filter_limit_in_a_sunscreen_is_blocked(pct: float) -> None:
    assert judge("Titanium dioxide", pct, "sunscreen").verdict == Verdict.OVER_LIMIT


def test_uv_filter_limits_do_not_apply_to_a_pigment_use() -> None:
    verdict = judge("Titanium dioxide", 30.0, "liquid_foundation")

    assert verdict.verdict == Verdict.COMPLIANT
    assert any("UV-filter limits not applied" in n for n in verdict.review_notes)


def test_a_declared_uv_filter_in_any_product_gets_the_limit() -> None:
    verdict = judge("Titanium dioxide", 30.0, "liquid_foundation", function="UV filter")

    assert verdict.verdict == Verdict.OVER_LIMIT


def test_a_declared_preservative_must_be_on_the_preservative_list() -> None:
    verdict = judge("Some Exotic Preservative", 0.5, function="preservative")

    assert verdict.verdict == Verdict.NOT_ON_POSITIVE_LIST and verdict.blocking


def test_mandatory_warnings_are_carried_to_the_label() -> None:
    verdict = judge("Warning Substance", 1.0)

    assert [r.text for r in verdict.label_requirements] == ["避免接觸眼睛"]


def test_no_usable_amount_is_incomplete_and_blocks() -> None:
    verdict = judge("Benzoic acid", None)

    assert verdict.verdict == Verdict.INCOMPLETE and verdict.blocking


def test_prohibition_wins_over_a_missing_amount() -> None:
    assert judge("Estradiol", None).verdict == Verdict.PROHIBITED


def test_an_unidentified_unlisted_ingredient_is_unknown_and_does_not_block() -> None:
    verdict = judge("Mystery Extract 7", 1.0, identified=False)

    assert verdict.verdict == Verdict.UNKNOWN and not verdict.blocking


def test_a_known_unlisted_ingredient_is_compliant() -> None:
    assert judge("Glycerin", 5.0).verdict == Verdict.COMPLIANT


def test_an_entry_not_yet_in_force_is_not_applied_but_noted() -> None:
    verdict = judge("Future Substance", 1.0)

    assert verdict.verdict == Verdict.COMPLIANT
    assert any("applies from 2027-07-01" in n for n in verdict.review_notes)
    later = check_formula(
        [CheckIngredient("Future Substance", 1.0, inci="Future Substance")],
        find_product_type("face_cream"),
        INDEX,
        as_of=date(2027, 8, 1),
    )
    assert later.ingredients[0].verdict == Verdict.OVER_LIMIT


def test_a_mercury_compound_on_the_preservative_list_is_judged_by_that_entry() -> None:
    result = check_formula(
        [CheckIngredient("Sodium ethylmercurithiosalicylate", 0.005, inci="Thimerosal")],
        find_product_type("mascara"),
        INDEX,
        as_of=TODAY,
    )

    verdict = result.ingredients[0]
    assert verdict.verdict == Verdict.COMPLIANT
    assert [c.entry for c in verdict.citations] == ["TFDA:preservative:9"]


def test_an_eu_scope_exclusion_is_not_softened_by_a_met_tfda_limit() -> None:
    """Salicylic-acid style: TFDA 0.5 % met, but the EU excludes children under 3."""
    index = ReferenceIndex(
        [
            entry(
                "TFDA:preservative:40",
                ListType.PRESERVATIVE,
                "Salicylic acid",
                limits=(Limit(0.5),),
            ),
            entry(
                "EU:V:3",
                ListType.PRESERVATIVE,
                "Salicylic acid",
                authority=Authority.EU,
                limits=(Limit(0.5),),
                excluded_scopes=frozenset({Scope.CHILDREN_UNDER_3}),
            ),
        ]
    )

    result = check_formula(
        [CheckIngredient("Salicylic acid", 0.4, inci="Salicylic acid")],
        find_product_type("baby_lotion"),
        index,
        as_of=TODAY,
    )

    assert result.ingredients[0].verdict == Verdict.NOT_PERMITTED
