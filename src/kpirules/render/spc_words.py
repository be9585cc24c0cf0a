"""SPC declarations in plain English, for methodology pages.

The words come from the resolved measure, so a page says what evaluation does: where
the limits come from, each rebase with its reason, the rule lengths, screening, and how
assurance and variation turn into a rating and a direction of travel.
"""

from __future__ import annotations

from kpirules.catalogue import Measure
from kpirules.models import Polarity
from kpirules.render.mdtext import prose
from kpirules.render.words import grain_word
from kpirules.spc import STABLE_POINTS

__all__ = ["spc_dot_sentences", "spc_rag_sentences", "spc_sentences"]

_RATING = {"G": "Green", "A": "Amber", "R": "Red"}


def spc_sentences(measure: Measure) -> list[str]:
    """The chart the measure declares, as sentences; none when it declares no SPC."""
    setup = measure.spc
    if setup is None:
        return []
    grain = grain_word(measure.grain)
    found = [f"The figures are read as an XmR chart (statistical process control, the NHS "
             f"\"Making Data Count\" method), one point a {grain}."]
    if setup.baseline_first is not None:
        source = f"the first {setup.baseline_first} points of each phase"
    elif setup.baseline_range is not None:
        start, end = setup.baseline_range
        source = f"the points from {start} to {end}"
    else:
        source = "all the points of each phase"
    found.append(f"The mean and the process limits (the mean ± 2.66 times the mean moving "
                 f"range) come from {source}.")
    for period, reason in setup.rebase:
        found.append(f"The chart is rebased at {period}, with new limits from then on: "
                     f"{prose(reason)}{'' if reason.rstrip().endswith('.') else '.'}")
    found.append(f"Special cause is a point beyond a limit, a run of {setup.run} or more "
                 f"points on one side of the mean, a trend of {setup.trend} or more points "
                 "each higher or each lower than the one before, or two of three "
                 "consecutive points beyond two sigma, all three on the same side of the "
                 "mean.")
    screening = ("Moving ranges at or above 3.267 times their mean are left out before the "
                 "limits are set." if setup.screen_outliers
                 else "Every moving range counts towards the limits (no screening).")
    found.append(f"{screening} Limits need at least {setup.minimum_points} points and are "
                 f"provisional below {STABLE_POINTS}.")
    return found


def spc_rag_sentences(measure: Measure) -> list[str]:
    """RAG by assurance, when the measure is rated that way."""
    mapping = measure.rag.assurance
    if mapping is None:
        return []
    return [f"Rated by SPC assurance against the target: "
            f"{_RATING[mapping.consistently_passing.value]} when both process limits are on "
            f"the better side of the target (consistently passing), "
            f"{_RATING[mapping.hit_and_miss.value]} when the target lies within them (hit "
            f"and miss), {_RATING[mapping.consistently_failing.value]} when both are on the "
            "worse side (consistently failing)."]


def spc_dot_sentences(measure: Measure) -> list[str]:
    """Direction of travel by SPC variation."""
    if measure.polarity is Polarity.NONE:
        return ["Direction of travel is read from the SPC chart: a special cause is "
                "reported, but with no better or worse."]
    return ["Direction of travel is the SPC variation of the latest point: special cause "
            "of improving variation is an improvement, special cause of concerning "
            "variation a deterioration, and common cause variation unchanged. Where rules "
            "flag the latest point both ways, improvement is shown, as the Making Data "
            "Count tools do."]
