"""Published worked examples of XmR charts, recomputed with `kpirules.spc`.

Each test writes down a published series as data and the figures its source published
for it (mean, limits, flags, variation, assurance), with the source cited beside it, then
recomputes the chart with kpirules and checks that it agrees to the published precision.
Nothing here is copied from a test suite: the series are data, the expectations are the
sources' printed figures.

Where a source rounds its intermediate figures, or uses the textbook constant
3/d2 = 3/1.128 instead of Making Data Count's 2.66, the test says so and checks
kpirules against what that difference accounts for.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kpirules import spc
from kpirules.spc import AssuranceType, Rule, Side, VariationType


def rounded(value: Fraction, places: int) -> Decimal:
    """`value` rounded half up to `places` decimals (negative: to tens, hundreds...)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def kinds(chart: spc.XmrChart, better: str | None) -> list[VariationType]:
    return [spc.point_variation(p, better) for p in chart.points]


# --- NHSRplotthedots, vignette "Deviations from Excel defaults", section 1 "Treatment
# of outlying points" (https://nhsrplotthedots.nhsrcommunity.com, vignettes/deviations.Rmd
# in nhs-r-community/NHSRplotthedots v0.2.2). Eighteen daily values; the captions give
# UPL, mean and LPL to 2 decimals with outliers screened (the package's default) and
# without (which the vignette says reproduces the Making Data Count Excel tool), and
# describe one special cause improvement point, the fifth (the default improvement
# direction is "increase"), among common cause points.
DEVIATIONS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_deviations_vignette_limits_with_screening() -> None:
    chart = spc.xmr(DEVIATIONS)
    limits = chart.latest_phase.limits
    assert limits is not None
    assert rounded(limits.upper, 2) == Decimal("4.60")  # printed "4.6"
    assert rounded(limits.mean, 2) == Decimal("1.94")
    assert rounded(limits.lower, 2) == Decimal("-0.72")
    # The two ranges around the spike (8 and 9) are what screening removed.
    assert limits.screened_out == (4, 5)
    assert [i for i, p in enumerate(chart.points) if p.special] == [4]
    assert kinds(chart, "higher")[4] is VariationType.IMPROVING


def test_deviations_vignette_limits_without_screening_match_the_excel_tool() -> None:
    chart = spc.xmr(DEVIATIONS, screen_outliers=False)
    limits = chart.latest_phase.limits
    assert limits is not None
    assert rounded(limits.upper, 2) == Decimal("6.95")
    assert rounded(limits.mean, 2) == Decimal("1.94")
    assert rounded(limits.lower, 2) == Decimal("-3.06")
    assert [i for i, p in enumerate(chart.points) if p.special] == [4]
    assert kinds(chart, "higher")[4] is VariationType.IMPROVING


# --- The ae_attendances data set of the NHSRdatasets R package (NHS England A&E
# statistics, April 2016 to March 2019, Open Government Licence), as the NHSRplotthedots
# documentation uses it. The monthly figures below are that data set's values.

# Type 1 4-hour breaches at organisation RQM, April 2016 to March 2018.
RQM_BREACHES = [1199, 929, 970, 1178, 1110, 1388, 2061, 1985, 2675, 3141, 1942, 2030,
                1309, 1960, 1169, 1117, 1085, 1492, 1280, 1197, 1569, 1406, 1328, 1564]


def test_readme_rqm_breaches_limits_flags_variation_and_assurance() -> None:
    # NHSRplotthedots README (v0.2.2), "Adding annotations for mean and process limits":
    # the chart for RQM with improvement_direction "decrease" labels the limits
    # 2 350 / 1 545 / 740 (whole numbers). Its points: May and June 2016 special cause
    # improvement, December 2016 and January 2017 special cause concern, the rest common
    # cause. The README's summary() with target 1200 gives variation_type
    # "common_cause" and assurance_type "inconsistent".
    chart = spc.xmr(RQM_BREACHES)
    limits = chart.latest_phase.limits
    assert limits is not None
    assert rounded(limits.upper, 0) == 2350
    assert rounded(limits.mean, 0) == 1545
    assert rounded(limits.lower, 0) == 740
    expected = [VariationType.COMMON_CAUSE] * 24
    expected[1] = expected[2] = VariationType.IMPROVING      # May, June 2016
    expected[8] = expected[9] = VariationType.CONCERNING     # December 2016, January 2017
    assert kinds(chart, "lower") == expected
    assert spc.variation(chart, "lower").type is VariationType.COMMON_CAUSE
    found = spc.assurance(limits, "lower", target=1200)
    assert found.type is AssuranceType.HIT_AND_MISS  # NHSRplotthedots: "inconsistent"


# Type 1 4-hour breaches at organisation RRK, April 2016 to March 2018.
RRK_BREACHES = [1195, 1843, 1397, 1333, 1771, 1751, 2013, 1759, 2179, 2585, 1654, 1543,
                1632, 1558, 1190, 1357, 1279, 1683, 2190, 1804, 986, 2181, 2048, 2154]


def test_intro_vignette_rrk_breaches_eight_points_below_the_mean() -> None:
    # NHSRplotthedots vignette "Introduction to the NHSRplotthedots package", section
    # "Stable period": RRK, decrease is better, "8 sequential points coloured in blue",
    # triggered by the rule for 7 or more points on one side of the mean.
    chart = spc.xmr(RRK_BREACHES)
    improving = [i for i, k in enumerate(kinds(chart, "lower"))
                 if k is VariationType.IMPROVING]
    assert len(improving) == 8
    assert improving == list(range(improving[0], improving[0] + 8))  # sequential
    assert all(spc.Signal(Rule.SHIFT, Side.LOW) in chart.points[i].signals
               for i in improving)


# Attendances at all A&E departments in England (the data set summed over providers
# and department types), April 2016 to March 2019.
ENGLAND_ATTENDANCES = [
    1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567,
    1895272, 1735619, 2015834, 1949762, 2066789, 1994056, 2073944, 1924663, 1925961,
    2044137, 1976971, 2003954, 2000086, 1820012, 2049785, 1984369, 2164458, 2093942,
    2179896, 1997854, 2005695, 2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
]


def test_deviations_vignette_rebased_attendances_are_all_common_cause() -> None:
    # Vignette "Deviations from Excel defaults", section 2 "Breaking of lines": rebased
    # at April 2017 and April 2018, "three sections, each with twelve grey common cause
    # points", each with its own mean and limits, captioned as trial limits (the
    # package warns below 13 points). kpirules draws them, marked provisional.
    chart = spc.xmr(ENGLAND_ATTENDANCES, rebase_at=[12, 24])
    assert [(p.start, p.stop) for p in chart.phases] == [(0, 12), (12, 24), (24, 36)]
    assert all(p.limits is not None and p.limits.provisional and p.limits.points == 12
               for p in chart.phases)
    assert len({p.limits.mean for p in chart.phases if p.limits is not None}) == 3
    assert not any(p.special for p in chart.points)
    # Section 3 "X Axis Text Angle": the same series without rebasing, "36 grey common
    # cause points".
    assert not any(p.special for p in spc.xmr(ENGLAND_ATTENDANCES).points)


# --- Textbooks. These compute sigma as mR-bar / d2 with d2 = 1.128 (or 1.128379), so
# their limits are mean +/- 2.6596 mR-bar (or 2.6587); Making Data Count, and kpirules,
# use 2.66. kpirules' mean and mR-bar must match exactly to the printed precision; the
# printed limits must follow from them by the book's constant; and kpirules' own limits
# lie within the gap the two constants make.


def test_montgomery_runger_chemical_concentration() -> None:
    # D. C. Montgomery and G. C. Runger, Applied Statistics and Probability for
    # Engineers (3rd ed., Wiley 2003), section 16-6 "Control charts for individual
    # measurements", Table 16-3 (chemical process concentration, 20 observations):
    # x-bar = 99.1, mr-bar = 2.59, UCL = 105.99, LCL = 92.21, "no indication of an
    # out-of-control condition". The book rounds x-bar and mr-bar before the limits.
    values = [Decimal(v) for v in (
        "102.0", "94.8", "98.3", "98.4", "102.0", "98.5", "99.0", "97.7", "100.0", "98.1",
        "101.3", "98.7", "101.1", "98.4", "97.0", "96.7", "100.3", "101.4", "97.2", "101.0")]
    chart = spc.xmr(values)
    limits = chart.latest_phase.limits
    assert limits is not None
    assert rounded(limits.mean, 1) == Decimal("99.1")
    assert rounded(limits.mean_moving_range, 2) == Decimal("2.59")
    book_mean = Fraction(rounded(limits.mean, 1))
    book_range = Fraction(rounded(limits.mean_moving_range, 2))
    spread = 3 * book_range / Fraction("1.128")
    assert rounded(book_mean + spread, 2) == Decimal("105.99")
    assert rounded(book_mean - spread, 2) == Decimal("92.21")
    # kpirules, unrounded and with 2.66: 105.983 and 92.207.
    assert abs(limits.upper - Fraction("105.99")) < Fraction(1, 100)
    assert rounded(limits.lower, 2) == Decimal("92.21")
    assert not any(p.special for p in chart.points)
    assert limits.screened_out == ()  # the largest range, 7.2, is below 3.267 mR-bar


def test_sas_qc_tire_diameters() -> None:
    # SAS/QC User's Guide, MACONTROL procedure, Example 9.4 "Displaying Individual
    # Measurements on an EWMA Chart": 30 steel-belt diameters and the IRCHART limits
    # data set Tlimits: _LCLI_ 23.8571, _MEAN_ 24.0083, _UCLI_ 24.1596, _R_ 0.056897,
    # _STDDEV_ 0.050423 (sigma = mR-bar / d2, d2 = 1.128379).
    values = [Decimal(v) for v in (
        "24.05", "23.99", "23.95", "23.93", "23.97", "24.02", "24.06", "24.10", "23.98",
        "24.03", "23.91", "24.06", "24.06", "23.96", "23.98", "24.06", "24.01", "24.00",
        "23.93", "23.92", "24.09", "24.11", "24.05", "23.98", "23.98", "24.06", "24.02",
        "24.06", "23.97", "23.96")]
    limits = spc.xmr(values, screen_outliers=False).latest_phase.limits
    assert limits is not None
    assert rounded(limits.mean, 4) == Decimal("24.0083")
    assert rounded(limits.mean_moving_range, 6) == Decimal("0.056897")
    d2 = Fraction("1.128379")
    sigma = limits.mean_moving_range / d2
    assert rounded(sigma, 6) == Decimal("0.050423")
    assert rounded(limits.mean + 3 * sigma, 4) == Decimal("24.1596")
    assert rounded(limits.mean - 3 * sigma, 4) == Decimal("23.8571")
    # kpirules' 2.66 puts each limit 0.0013 mR-bar (under 0.0001 here) further out.
    gap = (Fraction("2.66") - 3 / d2) * limits.mean_moving_range
    assert limits.upper - (limits.mean + 3 * sigma) == gap
    assert 0 < gap < Fraction(1, 10000)
    # Screening changes nothing here: no range reaches 3.267 mR-bar.
    screened = spc.xmr(values).latest_phase.limits
    assert screened is not None and screened.screened_out == ()
