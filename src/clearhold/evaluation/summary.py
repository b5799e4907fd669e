"""What the Evaluate page says first: the one-sentence answer, the WDQ line and the warnings
in order, with the store's coverage checked over the evaluation's windows."""

from __future__ import annotations

from dataclasses import dataclass

from clearhold.analysis.coverage import mixed_coverage
from clearhold.analysis.objectives import ObjectiveCheck
from clearhold.analysis.outcomes import Evaluation
from clearhold.analysis.reading import (
    ReadingWarning,
    displacement_reading,
    headline,
    reading_warnings,
)
from clearhold.incidents.coverage import store_coverage


@dataclass(frozen=True)
class PageReading:
    headline: str
    displacement: str
    control: str
    warnings: list[ReadingWarning]


def control_words(*, control_lsoa: str, outline: bool, force: str | None) -> str:
    """The control in words, as the page and the coverage warning name it."""
    if control_lsoa:
        return f"the LSOAs whose names start with “{control_lsoa}”"
    if outline:
        return "the comparison area given"
    return f"the rest of the {force} data" if force else "the rest of the data"


def page_reading(
    result: Evaluation,
    check: ObjectiveCheck | None,
    *,
    place: str,
    force: str | None,
    control_lsoa: str = "",
    outline: bool = False,
) -> PageReading:
    control = control_words(control_lsoa=control_lsoa, outline=outline, force=force)
    months = result.windows.before + result.windows.after
    mixed = mixed_coverage(
        store_coverage(),
        months,
        scope=f"The control ({control})",
        force=force,
        lsoa_prefix=control_lsoa,
    )
    return PageReading(
        headline=headline(result, check, place),
        displacement=displacement_reading(result),
        control=control,
        warnings=reading_warnings(result, [mixed] if mixed else []),
    )
