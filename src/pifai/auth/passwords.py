"""Password strength rules; each refusal says why, so the user can fix it."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 256

# Words that carry most of the most common passwords once digits and symbols are removed
# ("Password123!", "Qwerty2024", "iloveyou!!").
COMMON_BASE_WORDS = frozenset(
    {
        "password",
        "passw",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "zxcvbn",
        "letmein",
        "welcome",
        "admin",
        "administrator",
        "iloveyou",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "sunshine",
        "princess",
        "master",
        "shadow",
        "abc",
        "abcdef",
        "secret",
        "login",
        "changeme",
        "test",
        "guest",
        "user",
        "root",
    }
)

# The most common passwords in public breach corpora that meet the length rule.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "qwertyuiop",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou123",
        "qwerty12345",
        "1q2w3e4r5t",
        "abcdefghij",
        "abc1234567",
        "aaaaaaaaaa",
        "1111111111",
        "0000000000",
        "administrator",
        "letmein1234",
        "welcome123",
        "changeme123",
        "football123",
        "qwertyuiop123",
        "asdfghjkl1",
        "zxcvbnm123",
        "princess123",
        "sunshine123",
    }
)


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters long")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        problems.append("is one of the most common passwords")
    if len(set(password)) < 4:
        problems.append("uses too few different characters")
    elif _is_repetition(lowered):
        problems.append("repeats the same short sequence")
    letters = "".join(c for c in lowered if c.isalpha())
    if letters in COMMON_BASE_WORDS:
        problems.append("is a common word with digits or symbols added")
    has_letter = any(c.isalpha() for c in password)
    has_other = any(not c.isalpha() for c in password)
    if len(password) < 16 and not (has_letter and has_other):
        problems.append("needs both letters and digits or symbols (or 16+ characters)")
    if email:
        local = email.split("@", 1)[0].lower()
        if len(local) >= 4 and local in lowered:
            problems.append("must not contain your email name")
    return problems


def _is_repetition(text: str) -> bool:
    """'passwordpassword', 'Aa1!Aa1!Aa1!': a shorter unit repeated to fill the length."""
    size = len(text)
    return any(
        size % unit == 0 and text == text[:unit] * (size // unit)
        for unit in range(1, size // 2 + 1)
    )
