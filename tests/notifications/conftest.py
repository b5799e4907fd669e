"""Fixtures for the digest tests: the powers tests' Wisbech closure, served."""

from tests.powers.conftest import (  # noqa: F401  (fixtures shared with the powers tests)
    closure,
    inspector,
    notice,
    prepared,
    served,
)
