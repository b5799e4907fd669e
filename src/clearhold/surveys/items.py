"""The recognised survey items and their answer scales: one list every part of the survey uses.

Wording follows the Crime Survey for England and Wales (CSEW) where an item exists there, so a
partnership's figures can be read beside the national ones. Each scale names its answers by a
stable value (stored in ``Answer.value``) and says which answers count towards the item's
headline share: "feel very or fairly safe", "say it is a very or fairly big problem", "agree or
strongly agree", "yes". "Don't know" answers are left out of the share's denominator and
counted apart, as the CSEW reports them.

Plain Python (no Django): the forms and ``clearhold.surveys.scoring`` (which turns answers into
headline yes/no before the statistics of ``clearhold.analysis.survey``) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class Scale:
    """The answers a question kind offers, in the order shown, and which count as headline."""

    kind: str
    answers: tuple[tuple[str, str], ...]
    headline: frozenset[str]
    headline_phrase: str
    higher_is_better: bool = True

    @cached_property
    def values(self) -> tuple[str, ...]:
        """The answers' values in order (worked out once: every answer scored asks)."""
        return tuple(value for value, _label in self.answers)


SCALES: dict[str, Scale] = {
    "safety": Scale(
        "safety",
        (
            ("very_safe", "Very safe"),
            ("fairly_safe", "Fairly safe"),
            ("a_bit_unsafe", "A bit unsafe"),
            ("very_unsafe", "Very unsafe"),
            (DONT_KNOW, "Don't know"),
        ),
        frozenset({"very_safe", "fairly_safe"}),
        "feel very or fairly safe",
    ),
    "problem": Scale(
        "problem",
        (
            ("very_big", "A very big problem"),
            ("fairly_big", "A fairly big problem"),
            ("not_very_big", "Not a very big problem"),
            ("not_a_problem", "Not a problem at all"),
            (DONT_KNOW, "Don't know"),
        ),
        frozenset({"very_big", "fairly_big"}),
        "say it is a very or fairly big problem",
        higher_is_better=False,
    ),
    "agree": Scale(
        "agree",
        (
            ("strongly_agree", "Strongly agree"),
            ("agree", "Tend to agree"),
            ("neither", "Neither agree nor disagree"),
            ("disagree", "Tend to disagree"),
            ("strongly_disagree", "Strongly disagree"),
            (DONT_KNOW, "Don't know"),
        ),
        frozenset({"strongly_agree", "agree"}),
        "agree or strongly agree",
    ),
    "yes_no": Scale(
        "yes_no",
        (("yes", "Yes"), ("no", "No")),
        frozenset({"yes"}),
        "say yes",
    ),
}


@dataclass(frozen=True)
class Item:
    """One recognised question: a stable key, the wording asked, its kind and where it is from."""

    key: str
    wording: str
    kind: str
    source: str = ""


CSEW = "Crime Survey for England and Wales"

STANDARD_ITEMS: tuple[Item, ...] = (
    Item(
        "safe_after_dark",
        "How safe do you feel walking alone in this area after dark?",
        "safety",
        CSEW,
    ),
    Item(
        "problem_drugs",
        "How much of a problem are people using or dealing drugs in this area?",
        "problem",
        CSEW,
    ),
    Item(
        "problem_asb",
        "How much of a problem are groups hanging around or anti-social behaviour in this area?",
        "problem",
        CSEW,
    ),
    Item(
        "problem_litter",
        "How much of a problem is rubbish or litter lying around in this area?",
        "problem",
        CSEW,
    ),
    Item(
        "confidence_local",
        "The police and local council are dealing with the anti-social behaviour and crime "
        "issues that matter in this area. Do you agree or disagree?",
        "agree",
        CSEW,
    ),
    Item(
        "would_report",
        "If you saw anti-social behaviour here, would you report it?",
        "yes_no",
    ),
    Item(
        "comments",
        "Is there anything else you would like to tell us about this area? "
        "Please do not write anyone's name.",
        "free_text",
    ),
)


def headline(kind: str, value: str) -> bool | None:
    """Whether an answer counts towards its item's headline share; None when it is left out
    (don't know, no answer, free text or a value the scale does not offer)."""
    scale = SCALES.get(kind)
    if scale is None or value == DONT_KNOW or value not in scale.values:
        return None
    return value in scale.headline
