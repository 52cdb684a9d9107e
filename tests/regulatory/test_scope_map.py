"""Product-type phrases → Scope; what cannot be mapped stays unmapped."""

from __future__ import annotations

import pytest

from pifai.product_types.scopes import Scope
from pifai.regulatory.importers.scope_map import excluded_by, match_scope, only_in


@pytest.mark.parametrize(
    ("phrase", "scope"),
    [
        ("立即沖洗產品(口腔製劑除外)", Scope.RINSE_OFF),
        ("非立即沖洗產品", Scope.LEAVE_ON),
        ("口腔製劑", Scope.ORAL),
        ("氧化性染髮產品", Scope.HAIR_DYE),
        ("指甲用產品", Scope.NAIL),
        ("眼部化粧品", Scope.EYE_AREA),
        ("Rinse-off products, except oral care products", Scope.RINSE_OFF),
        ("Leave-on products", Scope.LEAVE_ON),
        ("Hair dye substance in oxidative hair dye products", Scope.HAIR_DYE),
        ("Products intended for colouring eyelashes", Scope.EYE_AREA),
        ("Lip products", Scope.LIPS),
        (
            "Powdery products intended to be used for children under 3 years of age",
            Scope.CHILDREN_UNDER_3,
        ),
        ("Oral products, including mouth rinse, tooth paste", Scope.ORAL),
    ],
)
def test_mapped(phrase: str, scope: Scope) -> None:
    match = match_scope(phrase)
    assert (match.kind, match.scope) == ("scope", scope)


def test_compound_phrase_keeps_specific_scope_and_reports_the_other() -> None:
    match = match_scope("Rinse-off hair products")
    assert match.scope is Scope.HAIR
    assert Scope.RINSE_OFF in match.also


@pytest.mark.parametrize(
    "phrase",
    [
        "牙膏、洗手液、香皂/沐浴乳、制臭劑(噴霧劑型除外)、粉餅、粉底",
        "Rust inhibitor",
        "Fine fragrance",
        "Face and hand products",
    ],
)
def test_unmapped_is_never_guessed(phrase: str) -> None:
    assert match_scope(phrase).kind == "unmapped"


def test_exclusions_only_when_unqualified() -> None:
    assert excluded_by("不得使用於噴霧類產品。") == {Scope.SPRAY}
    assert excluded_by("不得使用於口腔與眼部產品。") == {Scope.ORAL, Scope.EYE_AREA}
    assert excluded_by("Not to be used in products applied on mucous membranes") == {
        Scope.MUCOUS_MEMBRANES
    }
    assert excluded_by("除洗髮產品外，不得使用於三歲以下孩童之產品。") is None
    assert excluded_by("Not to be used in toothpaste intended for children under 6 years") is None
    assert only_in("限使用於立即沖洗產品") == {Scope.RINSE_OFF}
