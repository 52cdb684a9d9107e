"""Cramer classification against classifications published with the tree.

Reference classes and paths: Cramer, Ford & Hall 1978, Appendix 1, as encoded in Toxtree's
``CramerDataTest.java`` (ideaconsult/toxtree-mirror, toxtree-plugins/toxtree-cramer/src/test/
java/toxTree/cramer/) - cited below as "Cramer App. 1 (<Toxtree id>)"; and Munro et al. 1996
(Food Chem. Toxicol. 34:829) class lists in Toxtree's ``src/test/resources/Munro/munro-1.csv``
(class I) and ``munro-3.csv`` (class III) - cited as "Munro I" / "Munro III".
"""

from __future__ import annotations

import pytest

from pifai.toxicology.margin import TtcClass
from pifai.toxicology.structure.cramer import CramerResult, classify

CLASS_I, CLASS_II, CLASS_III = TtcClass.CRAMER_I, TtcClass.CRAMER_II, TtcClass.CRAMER_III


def _answers(result: CramerResult) -> dict[int, bool | None]:
    return {a.question: a.answer for a in result.answers}


@pytest.mark.parametrize(
    ("smiles", "expected"),
    [
        ("CCO", CLASS_I),  # ethanol - Munro I
        ("CO", CLASS_I),  # methanol - Munro I
        ("OCC(O)CO", CLASS_I),  # glycerol - Munro I
        ("OCC(O)C", CLASS_I),  # propylene glycol - Cramer App. 1 (PG)
        ("OCCC(O)C", CLASS_I),  # 1,3-butanediol - Cramer App. 1 (BG)
        ("O=C(OCCCCC)CCC", CLASS_I),  # amyl butyrate - Cramer App. 1 (Abu)
        ("O=C(C(O)CC)C", CLASS_I),  # Cramer App. 1 (Actn)
        ("CCCCC(=O)SC", CLASS_I),  # methyl thiobutyrate - Cramer App. 1 (MTB)
        ("O=CC=CCCC", CLASS_I),  # trans-2-hexenal - Cramer App. 1 (tr2H)
        ("OC(=O)c1ccccc1", CLASS_I),  # benzoic acid - Munro I
        ("OCc1ccccc1", CLASS_I),  # benzyl alcohol - Munro I
        ("[Na+].[O-]C(=O)c1ccccc1", CLASS_I),  # sodium benzoate - Munro I
        ("O=Cc1ccccc1", CLASS_I),  # benzaldehyde - Cramer App. 1 (Bzal)
        ("O=CC=Cc1ccccc1", CLASS_I),  # cinnamaldehyde - Cramer App. 1 (Cnal)
        ("O=C(OC)c1ccc(O)cc1", CLASS_I),  # methylparaben - Cramer App. 1 (MHB)
        ("O=C(OCCC)c1ccc(O)cc1", CLASS_I),  # propylparaben - Cramer App. 1 (PHB)
        ("O=C(OC)c1ccccc1(O)", CLASS_I),  # methyl salicylate - Cramer App. 1 (Msal)
        ("Oc1ccc(cc1(OC))CC=C", CLASS_I),  # eugenol - Cramer App. 1 (Eug)
        ("O=C(OCC(CC)CCCC)c1ccccc1(C(=O)OCC(CC)CCCC)", CLASS_I),  # DEHP - Cramer App. 1
        ("O=C(OCC(OC(=O)c1ccccc1)C)c2ccccc2", CLASS_I),  # PG dibenzoate - Cramer App. 1 (PGDB)
        ("O=C(Oc1ccc(cc1)C(C)(C)C)c2ccccc2(O)", CLASS_I),  # Cramer App. 1 (TBPS)
        ("O=S(=O)([O-].[Na+])NC1CCCCC1", CLASS_I),  # sodium cyclamate - Cramer App. 1 (SCY)
        ("O=S(=O)([O-])CC(O)COCCCCCCCCCCCC.[Na+]", CLASS_I),  # Cramer App. 1 (SLGS)
        ("O=S(=O)([O-].[Na+])c3ccc(N=Nc1c(O)ccc2cc(ccc12)S(=O)(=O)[O-].[Na+])cc3", CLASS_I),  # Yel6
        ("CC(C)C1CCC(C)CC1O", CLASS_I),  # menthol - Munro I
        ("CC(=C)C1CCC(C)=CC1", CLASS_I),  # d-limonene - Munro I
        ("O=C1CCCO1", CLASS_I),  # gamma-butyrolactone - Munro I
        ("Oc1c(cc(cc1C(C)(C)C)C)C(C)(C)C", CLASS_II),  # BHT - Cramer App. 1, via Q18(i)
        ("O=C(C)CCCCC", CLASS_II),  # 2-heptanone - Cramer App. 1 (2H), via Q18(h)
        ("CCCCCCC(=O)OCC=C", CLASS_II),  # allyl heptanoate - Cramer App. 1 (AH), via Q18(c)
        ("O=C(OC1CC2CCC1(C)C2(C)(C))C", CLASS_II),  # isobornyl acetate - Cramer App. 1 (IBA)
        ("c1cc(ccc1OC)C=CC", CLASS_III),  # anethole - Cramer App. 1 (Anth), via Q6
        ("c1ccc(cc1)c2ccccc2", CLASS_III),  # biphenyl - Cramer App. 1 (BiP)
        ("OCCCl", CLASS_III),  # ethylene chlorohydrin - Cramer App. 1 (ECH), via Q3/Q4
        ("[Cl-].[NH3+]C1CCCCC1", CLASS_III),  # cyclohexylamine HCl - Cramer App. 1 (CHA)
        ("O=C(N)c1cc(cc(c1)N(=O)=O)N(=O)=O", CLASS_III),  # Cramer App. 1 (DNB), via Q2
        ("O=C(NN)c1ccncc1", CLASS_III),  # isoniazid - Cramer App. 1 (NAH)
        ("O=C(OC)c1ccccc1(NC)", CLASS_III),  # Cramer App. 1 (DMA)
        ("C[Hg+].[Cl-]", CLASS_III),  # methylmercury chloride - Cramer App. 1 (MMC)
        ("CCCC[Sn](CCCC)(Cl)Cl", CLASS_III),  # dibutyltin dichloride - Cramer App. 1 (DBTC)
        ("O=S(=O)([O-].[Na+])c4c(N=Nc1ccc2ccccc2(c1(O)))ccc3ccccc34", CLASS_III),  # Cramer (Rd10)
        ("O=C1OC(=CC(=O)C1C(=O)C)C", CLASS_III),  # dehydroacetic acid - Cramer App. 1 (DHAc)
        ("ClC(Cl)Cl", CLASS_III),  # chloroform - Munro III
        ("CC#N", CLASS_III),  # acetonitrile - Munro III
        ("NC(=O)C=C", CLASS_III),  # acrylamide - Munro III
        ("O=C1CCCCCN1", CLASS_III),  # caprolactam - Munro III
        ("O=C1OC2=C(C=CC=C2)C=C1", CLASS_III),  # coumarin - Munro III, fused lactone (Q9)
    ],
)
def test_published_classification(smiles: str, expected: TtcClass) -> None:
    assert classify(smiles).cramer_class is expected


def test_path_of_propylene_glycol_matches_the_appendix() -> None:
    # Cramer App. 1 (PG): 1N,2N,3N,5N,6N,7N,16N,17N,19Y,20Y,21N,18N
    answers = _answers(classify("OCC(O)C"))
    assert answers == {
        1: None, 2: False, 3: False, 5: None, 6: False, 7: False, 16: None, 17: None,
        19: True, 20: True, 21: False, 18: False,
    }  # fmt: skip


def test_salt_goes_on_as_the_free_compound() -> None:
    # Cramer App. 1 (SCY): 1N,2N,3Y,4Y,7N,16N,17N,19N,23N,24Y,18N
    result = classify("O=S(=O)([O-].[Na+])NC1CCCCC1")
    answers = _answers(result)
    assert (answers[3], answers[4], answers[24], answers[18]) == (True, True, True, False)
    assert "NC1CCCCC1" in result.explanation


def test_nitro_compound_is_class_iii_at_q2_with_the_reason() -> None:
    result = classify("O=[N+]([O-])c1ccccc1")
    q2 = next(a for a in result.answers if a.question == 2)
    assert result.cramer_class is CLASS_III
    assert q2.answer is True and "nitro" in q2.reason


def test_n_nitroso_is_class_iii_at_q2() -> None:
    assert _answers(classify("CN(C)N=O"))[2] is True


def test_organophosphorus_goes_to_class_iii_through_q3_and_q4() -> None:
    # Ronnel, Cramer App. 1 (Ron): 1N,2N,3Y,4N
    answers = _answers(classify("Clc1cc(OP(=S)(OC)OC)c(cc1(Cl))Cl"))
    assert (answers[3], answers[4]) == (True, False)


def test_benzene_derivative_with_para_alkoxy_is_class_iii_at_q6() -> None:
    # safrole: the "yes" example of Toxtree's Q6 rule; eugenol: Cramer App. 1 (Eug), 6N
    assert _answers(classify("C=CCC1=CC=C2OCOC2=C1"))[6] is True
    assert _answers(classify("Oc1ccc(cc1(OC))CC=C"))[6] is False


def test_unparsable_smiles_is_class_iii_with_the_reason() -> None:
    result = classify("C1CC(")
    assert result.cramer_class is CLASS_III
    assert result.answers == ()
    assert "cannot parse" in result.explanation


@pytest.mark.parametrize("smiles", ["O", "[Na+].[Cl-]", "CCO.OO"])
def test_inorganic_structures_are_class_iii_outside_the_tree(smiles: str) -> None:
    result = classify(smiles)
    assert result.cramer_class is CLASS_III
    assert "outside the Cramer tree" in result.explanation


def test_list_questions_are_reported_as_unanswered() -> None:
    result = classify("CCO")
    assert result.cramer_class is CLASS_I
    assert any(u.startswith("Q1 ") for u in result.unanswered)
    assert any(u.startswith("Q16 ") for u in result.unanswered)
    q1 = next(a for a in result.answers if a.question == 1)
    assert q1.answer is None and "conservative" in q1.reason


def test_common_food_component_falls_to_the_higher_class() -> None:
    # diacetyl: Cramer App. 1 (DiAc) is class II only through Q22 "common component of food";
    # without a food list the tree takes the branch that gives class III.
    result = classify("O=C(C(=O)C)C")
    assert result.cramer_class is CLASS_III
    assert any(u.startswith("Q22 ") for u in result.unanswered)


def test_an_unanswerable_question_is_followed_both_ways() -> None:
    # indigo carmine: Q22 "no" would end at Q33 (sulphonated: class I), Q22 "yes" at class II;
    # the higher one is kept.
    result = classify(
        "O=C1c4cc(ccc4(NC1=C2Nc3ccc(cc3(C2(=O)))S(=O)(=O)[O-].[Na+]))S(=O)(=O)[O-].[Na+]"
    )
    q22 = next(a for a in result.answers if a.question == 22)
    assert result.cramer_class is CLASS_II
    assert q22.answer is None and "other gives class I" in q22.reason


def test_a_branched_chain_is_not_assumed_simply_branched() -> None:
    result = classify("CC(C)CO")  # isobutanol
    assert result.cramer_class is CLASS_III
    assert any(u.startswith("Q20 ") for u in result.unanswered)


def test_results_are_cached_per_smiles() -> None:
    assert classify("CCO") is classify(" CCO ")
