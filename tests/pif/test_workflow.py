from __future__ import annotations

import pytest

from pifai.models.enums import ItemStatus, OrgType
from pifai.pif.catalogue import ITEM_NUMBERS
from pifai.pif.workflow import RESIGN_NOTE, STEPS, ItemState, StepState, derive

MISSING = ItemState(ItemStatus.MISSING)
REVIEWED = ItemState(ItemStatus.HUMAN_REVIEWED)


def _items(**overrides: ItemState) -> dict[int, ItemState]:
    items = dict.fromkeys(ITEM_NUMBERS, MISSING)
    items.update({int(k.removeprefix("i")): v for k, v in overrides.items()})
    return items


def _done(*numbers: int) -> dict[int, ItemState]:
    return _items(**{f"i{n}": REVIEWED for n in numbers})


def test_the_steps_cover_each_item_once_except_post_launch_item_8() -> None:
    covered = [n for step in STEPS for n in step.items]

    assert sorted(covered) == [n for n in ITEM_NUMBERS if n != 8]
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6, 7]


def test_item_8_counts_towards_the_total_but_no_step() -> None:
    flow = derive(OrgType.BRAND, _done(8))

    assert flow.items_done == 1
    assert flow.current_step == 1
    assert all(s.done == 0 for s in flow.steps)


def test_a_new_product_is_at_step_1_with_nothing_done() -> None:
    flow = derive(OrgType.BRAND, _items())

    assert flow.current_step == 1
    assert flow.items_done == 0 and flow.items_total == 16
    assert {s.state for s in flow.steps} == {StepState.NOT_STARTED}


@pytest.mark.parametrize(
    ("done", "current"),
    [
        ((3,), 2),
        ((3, 5, 6, 9, 11, 12, 13), 3),
        ((3, 5, 6, 9, 11, 12, 13, 15), 4),
        ((3, 5, 6, 9, 11, 12, 13, 15, 1, 2, 4, 7), 5),
        ((3, 5, 6, 9, 11, 12, 13, 15, 1, 2, 4, 7, 10, 14), 6),
        (tuple(ITEM_NUMBERS), 7),
    ],
)
def test_the_current_step_is_the_first_incomplete_one(done: tuple[int, ...], current: int) -> None:
    assert derive(OrgType.BRAND, _done(*done)).current_step == current


def test_a_later_step_done_first_does_not_move_the_current_step() -> None:
    flow = derive(OrgType.OEM, _done(15, 1, 2))

    assert flow.current_step == 1
    assert flow.steps[2].state == StepState.COMPLETE


def test_partial_completion_counts_items_and_percent() -> None:
    step2 = derive(OrgType.BRAND, _done(5, 6)).steps[1]

    assert (step2.done, step2.total, step2.percent) == (2, 6, 33)
    assert step2.done_items == (5, 6)
    assert step2.state == StepState.IN_PROGRESS


@pytest.mark.parametrize(
    ("state", "done"),
    [
        (ItemState(ItemStatus.MISSING), False),
        (ItemState(ItemStatus.UPLOADED), False),
        (ItemState(ItemStatus.AI_PROCESSING), False),
        (ItemState(ItemStatus.AI_DRAFT_READY), False),
        (ItemState(ItemStatus.HUMAN_REVIEWED), True),
        (ItemState(ItemStatus.APPROVED), True),
        (ItemState(ItemStatus.UPLOADED, not_applicable=True), True),
    ],
)
def test_which_item_states_count_as_done(state: ItemState, done: bool) -> None:
    assert state.done is done


def test_step_7_is_not_started_with_a_note_even_when_all_items_are_approved() -> None:
    approved = dict.fromkeys(ITEM_NUMBERS, ItemState(ItemStatus.APPROVED))

    step7 = derive(OrgType.BRAND, approved).steps[6]

    assert step7.state == StepState.NOT_STARTED
    assert (step7.done, step7.total, step7.percent) == (0, 0, 0)
    assert step7.note == RESIGN_NOTE


def test_suggestions_are_the_open_items_of_the_current_step_for_the_org_type() -> None:
    flow = derive(OrgType.BRAND, _done(3, 5, 9))

    assert flow.current_step == 2
    assert [c.item_number for c in flow.suggestions] == [6, 11, 12, 13]
    assert {c.org_type for c in flow.suggestions} == {OrgType.BRAND}
    assert all(c.outsourced for c in flow.suggestions)


def test_an_oem_is_told_to_do_its_formula_in_house() -> None:
    (suggestion,) = derive(OrgType.OEM, _items()).suggestions

    assert suggestion.item_number == 3
    assert suggestion.outsourced is False


def test_no_suggestions_once_only_re_signing_remains() -> None:
    assert derive(OrgType.IMPORTER, _done(*ITEM_NUMBERS)).suggestions == ()


def test_an_incomplete_item_set_is_refused() -> None:
    items = _items()
    del items[16]

    with pytest.raises(ValueError, match="16"):
        derive(OrgType.BRAND, items)
