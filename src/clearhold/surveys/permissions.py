"""Who may see and run a problem's residents' survey: the problem's own rules, named here.

Seeing the surveys and their waves is seeing the problem; setting one up, opening and closing
waves and keying in a paper answer at the door are changes to the problem (no partner viewer).
Reading the free text residents wrote, before anyone has checked it for names, is reading
personal data: only a member who may change the problem and whose organisation the sharing
record names for restricted data does it (and marks each answer free of names, or redacts it).
Residents answer without an account: those pages name no rule (``urls_public``).
"""

from __future__ import annotations

from clearhold.authz import can, rule
from clearhold.problems.permissions import PROBLEM_CHANGE, PROBLEM_PERSONAL_DATA, PROBLEM_VIEW

SURVEY_VIEW = "surveys.view"
SURVEY_CHANGE = "surveys.change"
SURVEY_KEY_IN = "surveys.key_in"
SURVEY_MODERATE = "surveys.moderate"


@rule(SURVEY_VIEW, "This problem, and so its residents' survey, is not shared with you.")
def _view(user, problem) -> bool:
    return problem is not None and can(user, PROBLEM_VIEW, problem)


@rule(
    SURVEY_CHANGE,
    "Only the problem’s members and partner organisations (not viewers) can set up its survey.",
)
def _change(user, problem) -> bool:
    return problem is not None and can(user, PROBLEM_CHANGE, problem)


@rule(
    SURVEY_KEY_IN,
    "Only the problem’s members and partner organisations (not viewers) can key in answers.",
)
def _key_in(user, problem) -> bool:
    return problem is not None and can(user, PROBLEM_CHANGE, problem)


@rule(
    SURVEY_MODERATE,
    "Only members of an organisation the partnership shares personal data with can read "
    "residents’ free text before it is checked for names.",
)
def _moderate(user, problem) -> bool:
    return (
        problem is not None
        and can(user, PROBLEM_CHANGE, problem)
        and can(user, PROBLEM_PERSONAL_DATA, problem)
    )
