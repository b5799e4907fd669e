"""The served Wisbech closure (tests/powers/conftest.py) for every threat that needs one, and
Operation Dakota's estate of ten blocks (tests/powers/operations/conftest.py) for the threats
to an operation."""

from tests.documents.conftest import details  # noqa: F401  (fixture)
from tests.powers.conftest import (  # noqa: F401  (fixtures)
    closure,
    inspector,
    live_order,
    notice,
    order,
    prepared,
    served,
    superintendent,
)
from tests.powers.operations.conftest import (  # noqa: F401  (fixtures)
    blocks,
    estate,
    estate_constable,
    estate_inspector,
    operation,
)
