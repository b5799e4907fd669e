"""An extended 24-hour notice ran a day longer over Christmas (issue 16, item 2).

Finding: s.77(3) disregards Christmas Day only in calculating when “the period of 48 hours”
(s.77(2)) ends, but ClearHold applied it to any extended notice: a 24-hour notice extended by
1 hour and served at 18:00 on 24 December was shown (and printed on the extension notice) as
ending at 19:00 on 26 December. Reproduced with ``notice_ends_at(18:00 24 Dec, hours=24,
extension_hours=1, senior_authority=False)`` and through the closure's own clock
(``notice_period_end``). Breaching a notice is an offence (s.86(1)), so a notice shown a day too
long exposes people to prosecution the Act does not authorise.

What must hold: an extended notice (s.77(4) notice, “to which subsection (2) does not apply”)
counts real hours; a 48-hour notice under s.77(2) still skips Christmas Day.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from clearhold.law import UK, notice_ends_at
from clearhold.powers.models import ClosureNotice
from clearhold.powers.state import notice_period_end


def uk(*args: int) -> datetime:
    return datetime(*args, tzinfo=UK)


def test_a_24_hour_notice_extended_by_an_hour_ends_at_19_00_on_christmas_day():
    end = notice_ends_at(uk(2025, 12, 24, 18), hours=24, extension_hours=1, senior_authority=False)
    assert end == uk(2025, 12, 25, 19)


def test_a_48_hour_notice_under_s77_2_still_disregards_christmas_day():
    end = notice_ends_at(uk(2025, 12, 24, 18), hours=48, senior_authority=True)
    assert end == uk(2025, 12, 27, 18)


@pytest.mark.parametrize(
    ("hours", "extension", "senior", "ends"),
    [(24, 1, False, uk(2025, 12, 25, 19)), (24, 24, False, uk(2025, 12, 26, 18))],
)
def test_the_closure_page_clock_counts_real_hours_for_an_extended_notice(
    hours, extension, senior, ends
):
    notice = ClosureNotice(hours=hours, extension_hours=extension, senior_authority=senior)
    assert notice_period_end(notice, uk(2025, 12, 24, 18)) == ends
