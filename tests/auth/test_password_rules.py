from __future__ import annotations

import pytest

from pifai.auth.passwords import password_problems


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 10 characters"),
        ("1234567890", "most common"),
        ("Password123!", "common word"),
        ("Qwerty2024!!", "common word"),
        ("passwordpassword", "repeats"),
        ("Aa1!Aa1!Aa1!", "repeats"),
        ("onlylettershere", "letters and digits"),
        ("aaaaaaaaaaaa", "too few different"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    assert any(reason in problem for problem in password_problems(password))


def test_a_password_containing_the_email_name_is_refused() -> None:
    problems = password_problems("meiling-2026-cream", email="meiling@example.com")

    assert any("email name" in p for p in problems)


@pytest.mark.parametrize(
    "password", ["Correct-Horse-42-battery", "tea kettle violin purple", "Kx9!vL2#pQ"]
)
def test_strong_passwords_pass(password: str) -> None:
    assert password_problems(password, email="someone@example.com") == []
