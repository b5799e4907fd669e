"""How a figure's numbers are written in the evaluation's rows and tables: a missing value as
"–", an interval, a signed count, a p-value. The figure rows (``evaluation.figures``,
``control_figures``, ``comparison_rows``) and the command line's area table write them here, so
the same number reads the same wherever it is shown.

Pure Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MISSING", "interval", "number", "p_text", "signed"]

MISSING = "–"


def interval(pair: Sequence | None, digits: int = 2, sep: str = " to ") -> str:
    """``"0.52 to 3.39"`` (or with ``sep="–"``, ``"0.52–3.39"``); "–" when there is none."""
    if not pair or pair[0] is None:
        return MISSING
    return f"{pair[0]:.{digits}f}{sep}{pair[1]:.{digits}f}"


def number(value: float | None, spec: str = ".2f") -> str:
    return MISSING if value is None else format(value, spec)


def signed(value: float | None, digits: int = 1) -> str:
    """``"+22.9"`` / ``"-2.3"``: a change in incidents, its sign always shown."""
    return number(value, f"+.{digits}f")


def p_text(p: float | None, small: str = "< 0.001") -> str:
    """A p-value to three places, ``small`` below 0.001."""
    if p is None:
        return MISSING
    return small if p < 0.001 else f"{p:.3f}"
