"""A report's reference: ten characters a resident can read out on the phone and cannot guess.

The alphabet leaves out the characters people confuse (0 and O, 1, I and L, 5 and S, 8 and B,
U and V), so 25 remain: ten of them drawn by ``secrets`` give 25^10 ≈ 9.5 × 10^13 references,
about 46 bits, far beyond what the lookup's rate limit lets anyone try. It is shown in two
groups of five ("KQ7RD-W3HXM"); what a resident types is read back case- and space-blind.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACDEFGHJKMNPQRTWXYZ234679"
LENGTH = 10
_TYPED_APART = re.compile(r"[\s\-–—.]+")


def new_reference() -> str:
    """A fresh random reference (the caller checks it is not taken)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(reference: str) -> str:
    """The reference as printed for people: two groups of five."""
    return f"{reference[:5]}-{reference[5:]}" if len(reference) == LENGTH else reference


def typed(text: str) -> str | None:
    """The reference a resident typed, or None when it cannot be one (wrong length or a
    character outside the alphabet): spaces, dashes and case do not matter."""
    cleaned = _TYPED_APART.sub("", text or "").upper()
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned
