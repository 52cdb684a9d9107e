from __future__ import annotations

import pytest

from pifai.tasks.backoff import retry_delay_seconds
from pifai.tasks.diagnostics import ECHO
from pifai.tasks.registry import TaskKind, UnknownTaskKind, get_kind, kind_names, register


def test_the_default_schedule_doubles_from_one_second_and_caps_at_300() -> None:
    delays = [retry_delay_seconds(n) for n in range(1, 12)]

    assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


def test_the_schedule_follows_the_configured_base_and_cap() -> None:
    assert [retry_delay_seconds(n, base=0.5, cap=3) for n in (1, 2, 3, 4)] == [0.5, 1, 2, 3]


def test_huge_attempt_numbers_stay_at_the_cap() -> None:
    assert retry_delay_seconds(10_000) == 300


def test_attempts_are_numbered_from_one() -> None:
    with pytest.raises(ValueError, match="from 1"):
        retry_delay_seconds(0)


def test_the_echo_kind_is_registered_with_three_runs() -> None:
    kind = get_kind(ECHO)

    assert ECHO in kind_names()
    assert (kind.max_attempts, kind.time_limit_seconds > 600) == (3, True)


def test_an_unknown_kind_is_reported_by_name() -> None:
    with pytest.raises(UnknownTaskKind, match=r"no\.such\.kind"):
        get_kind("no.such.kind")


def test_a_kind_name_cannot_be_taken_twice() -> None:
    async def handler(_ctx: object) -> dict[str, object]:
        return {}

    with pytest.raises(ValueError, match="already registered"):
        register(TaskKind(ECHO, handler))  # type: ignore[arg-type]


def test_a_kind_needs_at_least_one_run() -> None:
    async def handler(_ctx: object) -> dict[str, object]:
        return {}

    with pytest.raises(ValueError, match="at least one"):
        register(TaskKind("test.zero", handler, max_attempts=0))  # type: ignore[arg-type]
