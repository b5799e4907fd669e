"""Property-based tests of the workflow: whatever extensions are asked for, in whatever order,
an order never runs past six months in all (s.82(8)), and a refused application stores
nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhold.law import UK, add_months
from clearhold.powers.models import EngagementKind, OrderExtension
from clearhold.powers.services import engagement_record
from clearhold.powers.services_order import extension_apply, extension_decide

ASKS = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 150), st.booleans()), min_size=1, max_size=4
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(asks=ASKS)
def test_extensions_never_take_an_order_past_six_months(order, inspector, asks):
    cap = add_months(order.starts_on, 6)
    with transaction.atomic():
        for applied_after, longer_by, consulted in asks:
            applied_on = order.made_on + dt.timedelta(days=applied_after)
            if consulted:
                engagement_record(
                    user=inspector,
                    closure=order.closure,
                    kind=EngagementKind.CONSULT_EXTENSION,
                    who="Fenland District Council",
                    at=dt.datetime.combine(applied_on, dt.time(8), tzinfo=UK),
                )
            before = OrderExtension.objects.count()
            ends = order.current_ends_on()
            try:
                extension, _ = extension_apply(
                    user=inspector,
                    order=order,
                    applied_on=applied_on,
                    new_ends_on=ends + dt.timedelta(days=longer_by),
                )
            except ValidationError:
                assert OrderExtension.objects.count() == before
                assert order.current_ends_on() == ends
            else:
                assert applied_on <= ends
                extension_decide(user=inspector, extension=extension, granted=True, on=applied_on)
            assert order.current_ends_on() <= cap
        transaction.set_rollback(True)
