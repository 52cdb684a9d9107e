from __future__ import annotations

import pytest

from pifai.models.enums import ItemStatus as S
from pifai.pif.status_machine import (
    _EDGES,
    Actor,
    IllegalTransition,
    allowed_targets,
    check_transition,
    path_to_reviewed,
)

ALLOWED = [(frm, to, actor) for (frm, to), actors in _EDGES.items() for actor in actors]
REFUSED = [
    (frm, to, actor)
    for (frm, to), actors in _EDGES.items()
    for actor in Actor
    if actor not in actors
]
NON_EDGES = [(frm, to) for frm in S for to in S if frm != to and (frm, to) not in _EDGES]


def _id(case: tuple[S, S, Actor]) -> str:
    frm, to, actor = case
    return f"{frm.value}->{to.value}-by-{actor.value}"


@pytest.mark.parametrize("case", ALLOWED, ids=_id)
def test_each_edge_is_allowed_for_its_actors(case: tuple[S, S, Actor]) -> None:
    frm, to, actor = case

    assert check_transition(frm, to, actor) is None
    assert to in allowed_targets(frm, actor)


@pytest.mark.parametrize("case", REFUSED, ids=_id)
def test_each_edge_is_refused_for_other_actors(case: tuple[S, S, Actor]) -> None:
    frm, to, actor = case

    with pytest.raises(IllegalTransition) as refused:
        check_transition(frm, to, actor)

    assert (refused.value.current, refused.value.target) == (frm, to)
    assert refused.value.allowed == allowed_targets(frm, actor)
    assert to not in refused.value.allowed


@pytest.mark.parametrize(
    ("frm", "to"), NON_EDGES, ids=[f"{f.value}->{t.value}" for f, t in NON_EDGES]
)
def test_statuses_without_an_edge_are_refused_for_every_actor(frm: S, to: S) -> None:
    for actor in Actor:
        with pytest.raises(IllegalTransition):
            check_transition(frm, to, actor)


def test_a_user_may_only_upload_a_missing_item() -> None:
    assert allowed_targets(S.MISSING, Actor.USER) == [S.UPLOADED]


def test_only_signing_approves_and_the_refusal_says_so() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(S.HUMAN_REVIEWED, S.APPROVED, Actor.USER)

    assert "Safety Assessor" in refused.value.reason


def test_a_refusal_names_the_allowed_targets() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(S.UPLOADED, S.APPROVED, Actor.WORKER)

    assert refused.value.allowed == [S.AI_PROCESSING]


def test_a_refusal_with_no_allowed_target_says_none() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(S.APPROVED, S.UPLOADED, Actor.USER)

    assert refused.value.allowed == []
    assert refused.value.reason.endswith("allowed: none")


@pytest.mark.parametrize(
    ("current", "path"),
    [
        (S.MISSING, [S.UPLOADED, S.HUMAN_REVIEWED]),
        (S.UPLOADED, [S.HUMAN_REVIEWED]),
        (S.AI_DRAFT_READY, [S.HUMAN_REVIEWED]),
        (S.HUMAN_REVIEWED, []),
    ],
)
def test_path_to_reviewed(current: S, path: list[S]) -> None:
    assert path_to_reviewed(current) == path


@pytest.mark.parametrize("current", [S.AI_PROCESSING, S.APPROVED])
def test_no_user_path_to_reviewed_from_worker_or_signed_states(current: S) -> None:
    with pytest.raises(IllegalTransition):
        path_to_reviewed(current)
