"""Household codes and event links: made from a server key, stored only as keyed digests.

A household's code is derived, not drawn at random: ``HMAC(key, wave, unit, attempt)`` read
into four letters and four digits from an alphabet with no look-alikes (no B/8, G/6, I/1,
O/0, Q, S/5, Z/2), e.g. ``ACDE-3467``. The database keeps only ``HMAC(key, code)`` (the
``HouseholdCode.digest``), so a copy of the database alone gives no code away; the letters can
still be printed again with the same codes (the key re-derives them), which a random code
could not be without storing it. ``attempt`` moves past the rare code whose digest another
household already holds. Rotating the key (``CLEARHOLD_SURVEY_CODE_KEY``, else
``SECRET_KEY``) voids every printed code of the open waves.

There are 19**4 * 7**4 (about 313 million) codes; with a few hundred homes on a site and the
per-address limit on tries (``throttle``), guessing one is not a way in.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

LETTERS = "ACDEFHJKLMNPRTUVWXY"
DIGITS = "2346789"
ATTEMPTS = 20
_SHAPE = re.compile(rf"^[{LETTERS}]{{4}}[{DIGITS}]{{4}}$")


def _key() -> bytes:
    key = getattr(settings, "CLEARHOLD_SURVEY_CODE_KEY", "") or settings.SECRET_KEY
    return key.encode()


def _mac(message: str) -> bytes:
    return hmac.new(_key(), message.encode(), hashlib.sha256).digest()


def code_derive(wave_pk: int, unit_pk: int, attempt: int = 0) -> str:
    """The code of one unit for one wave (``attempt`` > 0 only after a clash of digests)."""
    number = int.from_bytes(_mac(f"clearhold-survey-code|{wave_pk}|{unit_pk}|{attempt}")[:16])
    letters = []
    for _ in range(4):
        number, index = divmod(number, len(LETTERS))
        letters.append(LETTERS[index])
    digits = []
    for _ in range(4):
        number, index = divmod(number, len(DIGITS))
        digits.append(DIGITS[index])
    return f"{''.join(letters)}-{''.join(digits)}"


def code_normalise(typed: str) -> str | None:
    """A code as typed (any case, spaces or dashes) in its printed form, or None when it
    cannot be one of ours."""
    squeezed = re.sub(r"[\s\-–—]", "", typed or "").upper()
    if not _SHAPE.match(squeezed):
        return None
    return f"{squeezed[:4]}-{squeezed[4:]}"


def code_digest(code: str) -> str:
    """What the database stores for ``code`` (printed form): 64 hex characters."""
    return _mac(f"clearhold-survey-digest|{code}").hex()


def code_of(wave_pk: int, unit_pk: int, digest: str) -> str | None:
    """The printed code whose digest is ``digest``, re-derived; None when the key changed."""
    for attempt in range(ATTEMPTS):
        code = code_derive(wave_pk, unit_pk, attempt)
        if hmac.compare_digest(code_digest(code), digest):
            return code
    return None


def event_token(wave_pk: int) -> str:
    """The open link's token for a wave's events: not guessable, and not a household code."""
    return _mac(f"clearhold-survey-event|{wave_pk}").hex()[:24]


def token_matches(wave_pk: int, token: str) -> bool:
    return hmac.compare_digest(event_token(wave_pk), token or "")
