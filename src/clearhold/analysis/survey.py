"""Residents' survey statistics: a share with its interval, the change between two waves with
its interval and test, the response rate and when the answers are too few to say anything.

**A share** (e.g. "feel very or fairly safe after dark") is ``yes / n`` over the answers that
count (don't know left out), with the Wilson score 95% interval (Wilson 1927; Newcombe 1998a,
method 3), which stays inside 0–100% and keeps its coverage on small samples::

    centre = (yes + z²/2) / (n + z²)      half = z · sqrt(n p̂ (1 − p̂) + z²/4) / (n + z²)

**A change between two waves** ``after − before``:

* *independent samples* (different households, or the open link): Newcombe's hybrid score
  interval (Newcombe 1998b, method 10) from the two Wilson intervals, and the pooled
  two-proportion z test (what ``statsmodels.stats.proportion.proportions_ztest`` computes);
* *paired* (the same households answered both waves, matched through their unit's code):
  Newcombe's square-and-add interval for paired data (Newcombe 1998c, method 10, with the
  continuity-corrected correlation ψ as in Fagerland, Lydersen & Laake 2017 ch. 8), and the
  McNemar test — exact (binomial on the discordant pairs) below :data:`EXACT_BELOW`
  discordant pairs, else the chi-squared with continuity correction.

**Too few to say anything** (stated on the page): fewer than :data:`MIN_BREAKDOWN` answers —
nothing is shown, so no household's answers can be picked out; fewer than :data:`MIN_ANSWERS`
answers or a response rate below :data:`MIN_RATE` — the figures are shown with a warning.

Plain Python (no Django): the survey app counts the answers and calls these.

>>> s = wilson(61, 100)
>>> f"{s.low:.3f} to {s.high:.3f}"
'0.512 to 0.700'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

__all__ = [
    "EXACT_BELOW",
    "MET",
    "MIN_ANSWERS",
    "MIN_BREAKDOWN",
    "MIN_RATE",
    "NOT_MET",
    "NOT_YET_MEASURABLE",
    "OFF_TRACK",
    "ON_TRACK",
    "Change",
    "ObjectiveReading",
    "ResponseRate",
    "Share",
    "change_independent",
    "change_paired",
    "objective_reading",
    "response_rate",
    "wilson",
]

Z95 = NormalDist().inv_cdf(0.975)
#: Below this many answers nothing is broken down (anonymity): no share, no free text count.
MIN_BREAKDOWN = 5
#: Below this many answers a share's interval is wide (about ±18 points at 30): say so.
MIN_ANSWERS = 30
#: Below this share of the households sent a code, those who answered may not speak for the
#: rest (non-response bias): say so.
MIN_RATE = 0.20
#: The McNemar test is exact (binomial) below this many discordant pairs.
EXACT_BELOW = 25


@dataclass(frozen=True)
class Share:
    """``yes`` of ``n`` answers, the share and its Wilson interval (all as fractions)."""

    yes: int
    n: int
    share: float
    low: float
    high: float

    @property
    def shown(self) -> bool:
        """Whether there are enough answers to show the share at all (anonymity)."""
        return self.n >= MIN_BREAKDOWN


def wilson(yes: int, n: int, z: float = Z95) -> Share:
    """The share ``yes / n`` with its Wilson score interval (95% by default); n = 0 gives
    NaN for the share and the whole range 0–1 for the interval."""
    if not 0 <= yes <= n:
        raise ValueError(f"need 0 ≤ yes ≤ n, got yes={yes}, n={n}")
    if n == 0:
        return Share(0, 0, math.nan, 0.0, 1.0)
    p = yes / n
    z2 = z * z
    centre = (yes + z2 / 2) / (n + z2)
    half = z * math.sqrt(n * p * (1 - p) + z2 / 4) / (n + z2)
    return Share(yes, n, p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Change:
    """``after − before`` as a fraction, its 95% interval, the test and its two-sided p."""

    before: Share
    after: Share
    difference: float
    low: float
    high: float
    p_value: float
    test: str
    paired: bool
    pairs: int = 0

    @property
    def points(self) -> float:
        """The change in percentage points."""
        return 100 * self.difference


def change_independent(before_yes: int, before_n: int, after_yes: int, after_n: int) -> Change:
    """The change between two waves answered by different households: Newcombe's hybrid
    score interval and the pooled two-proportion z test."""
    b, a = wilson(before_yes, before_n), wilson(after_yes, after_n)
    d = a.share - b.share
    low = d - math.hypot(a.share - a.low, b.high - b.share)
    high = d + math.hypot(a.high - a.share, b.share - b.low)
    pooled = (before_yes + after_yes) / (before_n + after_n)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / before_n + 1 / after_n))
    # Everyone (or no one) agreeing in both waves: no difference is possible, so nothing to test.
    p_value = 1.0 if spread == 0 else 2 * NormalDist().cdf(-abs(d) / spread)
    return Change(
        b, a, d, max(-1.0, low), min(1.0, high), p_value, "two-proportion z test", paired=False
    )


def change_paired(both: int, before_only: int, after_only: int, neither: int) -> Change:
    """The change where the same households answered both waves, from the 2×2 table of
    their answers: ``both`` agreed both times, ``before_only`` at the baseline only,
    ``after_only`` at the later wave only, ``neither`` in neither. Newcombe's paired
    square-and-add interval and the McNemar test."""
    n = both + before_only + after_only + neither
    b, a = wilson(both + before_only, n), wilson(both + after_only, n)
    d = (after_only - before_only) / n
    psi = _paired_correlation(both, before_only, after_only, neither)
    da, db = a.share - a.low, b.high - b.share
    low = d - math.sqrt(max(0.0, da**2 + db**2 - 2 * psi * da * db))
    ua, lb = a.high - a.share, b.share - b.low
    high = d + math.sqrt(max(0.0, ua**2 + lb**2 - 2 * psi * ua * lb))
    p_value, test = _mcnemar(before_only, after_only)
    return Change(b, a, d, max(-1.0, low), min(1.0, high), p_value, test, paired=True, pairs=n)


def _paired_correlation(both: int, before_only: int, after_only: int, neither: int) -> float:
    """Newcombe's ψ: the correlation of the two answers, continuity-corrected towards 0."""
    n = both + before_only + after_only + neither
    margins = (
        (both + after_only)
        * (before_only + neither)
        * (both + before_only)
        * (after_only + neither)
    )
    if margins == 0:
        return 0.0
    cross = both * neither - before_only * after_only
    if cross > n / 2:
        return (cross - n / 2) / math.sqrt(margins)
    return 0.0 if cross >= 0 else cross / math.sqrt(margins)


def _mcnemar(before_only: int, after_only: int) -> tuple[float, str]:
    """McNemar's test on the discordant pairs: exact below :data:`EXACT_BELOW` of them."""
    from scipy import stats  # here, not at the top: scipy.stats costs 0.5 s at every start-up

    discordant = before_only + after_only
    if discordant == 0:
        return 1.0, "McNemar test (no household changed its answer)"
    if discordant < EXACT_BELOW:
        p = 2 * stats.binom.cdf(min(before_only, after_only), discordant, 0.5)
        return min(1.0, float(p)), "McNemar exact test"
    chi2 = (abs(before_only - after_only) - 1) ** 2 / discordant
    return float(stats.chi2.sf(chi2, 1)), "McNemar test (with continuity correction)"


@dataclass(frozen=True)
class ResponseRate:
    """A wave's response: answers by household code (online or keyed in at the door) over the
    codes issued; open-link answers are counted apart (not one per household)."""

    codes_issued: int
    code_answers: int
    open_link_answers: int
    rate: float | None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def breakdown_shown(self) -> bool:
        return self.code_answers >= MIN_BREAKDOWN


def response_rate(codes_issued: int, code_answers: int, open_link_answers: int = 0) -> ResponseRate:
    """The wave's response rate and the warnings it calls for (thresholds in the module
    docstring)."""
    rate = code_answers / codes_issued if codes_issued else None
    warnings = []
    if code_answers < MIN_BREAKDOWN:
        warnings.append(
            f"Fewer than {MIN_BREAKDOWN} households answered: no figures are shown, so no "
            "household's answers can be picked out."
        )
    elif code_answers < MIN_ANSWERS:
        warnings.append(
            f"Only {code_answers} households answered (fewer than {MIN_ANSWERS}): the shares "
            "are too uncertain to say much; read the intervals."
        )
    if rate is not None and rate < MIN_RATE and code_answers >= MIN_BREAKDOWN:
        warnings.append(
            f"Only {rate:.0%} of the {codes_issued} households sent a code answered (below "
            f"{MIN_RATE:.0%}): those who answered may not be like those who did not, so the "
            "figures may not speak for the site."
        )
    if open_link_answers:
        warnings.append(
            f"{open_link_answers} answers came by the open link (e.g. at an event): anyone "
            "could answer, more than once, so they are reported apart."
        )
    return ResponseRate(codes_issued, code_answers, open_link_answers, rate, tuple(warnings))


MET = "met"
NOT_MET = "not met"
ON_TRACK = "on track"
OFF_TRACK = "off track"
NOT_YET_MEASURABLE = "not yet measurable"


@dataclass(frozen=True)
class ObjectiveReading:
    status: str
    reason: str


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def objective_reading(
    *,
    target: float,
    latest: Share | None,
    baseline: Share | None,
    higher_is_better: bool,
    due: bool,
) -> ObjectiveReading:
    """An objective on a survey item ("70% feel safe after dark by the 6-month review"),
    read from the latest wave's share (``target`` and shares as fractions).

    * ``not yet measurable`` — no wave after the baseline with enough answers to show;
    * once ``due`` (the target wave has been asked, or its date has passed): ``met`` when the
      share reaches the target (at or above it; at or below for an item where lower is
      better), else ``not met``;
    * before then: ``on track`` when the share has reached the target already or moved
      from the baseline towards it, else ``off track``.

    The point estimate decides, as for incident objectives; the reason gives the interval and
    says when it straddles the target (the answer could be chance).
    """
    if latest is None or not latest.shown:
        return ObjectiveReading(
            NOT_YET_MEASURABLE,
            "No wave after the baseline has enough answers yet to measure it.",
        )
    sign = 1 if higher_is_better else -1
    reached = sign * (latest.share - target) >= 0
    figure = (
        f"{_pct(latest.share)} (95% CI {_pct(latest.low)} to {_pct(latest.high)}) against a "
        f"target of {_pct(target)}"
    )
    if latest.low <= target <= latest.high:
        figure += ": the interval includes the target, so either reading could be chance"
    if due:
        return ObjectiveReading(MET if reached else NOT_MET, f"{figure}.")
    if reached:
        return ObjectiveReading(ON_TRACK, f"Target reached early: {figure}.")
    if baseline is not None and baseline.shown and sign * (latest.share - baseline.share) > 0:
        return ObjectiveReading(
            ON_TRACK,
            f"Up from {_pct(baseline.share)} at the baseline towards it: {figure}."
            if higher_is_better
            else f"Down from {_pct(baseline.share)} at the baseline towards it: {figure}.",
        )
    return ObjectiveReading(OFF_TRACK, f"Not moving towards the target: {figure}.")
