"""The served Wisbech closure (tests/powers/conftest.py) for every threat that needs one."""

from tests.powers.conftest import (  # noqa: F401  (fixtures)
    closure,
    inspector,
    notice,
    order,
    prepared,
    served,
    superintendent,
)
