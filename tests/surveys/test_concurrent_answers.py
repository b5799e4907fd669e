"""Two phones send the same household's answers at the same moment: one is stored, the other
is told the code was already used. Real threads, each with its own database connection (the
claim is one conditional UPDATE, so this holds on SQLite and on PostgreSQL).

The test database on SQLite is in memory with a shared cache, where a writer that finds the
table locked is refused at once instead of waiting as it does on a file (ClearHold's SQLite
waits up to 20 s, ``settings.DATABASES``); :func:`_as_on_a_file` waits and tries again, as the
file's busy timeout would."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection

from clearhold.surveys.answering import AlreadyAnswered, response_with_code
from clearhold.surveys.models import HouseholdCode, Response

pytestmark = pytest.mark.django_db(transaction=True)


def _as_on_a_file(send) -> None:
    for _ in range(200):
        try:
            return send()
        except OperationalError as locked:
            if "locked" not in str(locked):
                raise
            time.sleep(0.02)
    raise AssertionError("the table stayed locked for 4 s")


def test_two_submissions_at_once_store_one(wave, homes):
    copies = [
        HouseholdCode.objects.select_related("wave").get(wave=wave, unit=homes[0]) for _ in range(2)
    ]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def send(household: HouseholdCode, answer: str) -> None:
        try:
            start.wait(timeout=10)
            _as_on_a_file(
                lambda: response_with_code(household_code=household, given={"would_report": answer})
            )
            outcomes.append("stored")
        except AlreadyAnswered:
            outcomes.append("already answered")
        except Exception as failed:  # any other fault is named in the assertion below
            outcomes.append(repr(failed))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(copy, answer))
        for copy, answer in zip(copies, ("yes", "no"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already answered", "stored"]
    assert Response.objects.filter(code__unit=homes[0]).count() == 1
    assert Response.objects.get().answers.count() == 1
