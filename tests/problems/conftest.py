"""The Wisbech target outline used by the problem tests (fixtures live in tests/conftest.py)."""

from tests.conftest import WISBECH_TARGET as TARGET

__all__ = ["TARGET"]
