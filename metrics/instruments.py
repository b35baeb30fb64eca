"""Facts of the instruments and of the release rule, not settings: every sentence that names one
derives from these."""

from __future__ import annotations

from records.models import REASSESSMENT_WINDOWS, Instrument

# ProQOL 5 manual, raw sums (W3, W6).
PROQOL_HIGH = 42  # burnout and secondary traumatic stress: high at 42 or more
PROQOL_LOW = 22  # compassion satisfaction: low at 22 or less
# BARC-10 remission cut-off, Vilsaint et al. 2017 (R6).
BARC10_REMISSION = 47
# CMS cell-size policy: counts of 1 to SMALLEST_SHOWN - 1 are never shown (0 may be).
SMALLEST_SHOWN = 11
FEWER_THAN = f"fewer than {SMALLEST_SHOWN}"  # "fewer than 11", in every suppression sentence
# The funder release shows counts rounded to a multiple of ROUNDING, up or down at random
# (release/rounding.py): a shown count is its count give or take SPREAD.
ROUNDING = 5
SPREAD = ROUNDING - 1


# SUPRT's annual assessment: due on every 12-month anniversary of the baseline, this many days
# either side (the vendor summary at solima.app/resources/reporting; SAMHSA's SUPRT-A guide was
# not reachable), none after a closeout (Ohio SOS evaluation FAQ: a closeout before or during
# the reassessment window means no later reassessment or annual assessment).
ANNUAL_HALF_WINDOW = 30
SIX_MONTH, ANNUAL = "6-month", "Annual"  # the interviews due, by kind

INSTRUMENT_NAMES = {Instrument.gpra: "GPRA", Instrument.suprt_a: "SUPRT-A",
                    Instrument.suprt_c: "SUPRT-C"}


def followup_rule(suprt_opens: int, suprt_closes: int) -> str:
    """R1's rule per instrument, in the words the page and the definitions use."""
    gpra_opens, gpra_closes = REASSESSMENT_WINDOWS[Instrument.gpra]
    return (f"GPRA: the 6-month interview {gpra_opens}-{gpra_closes} days after the intake; "
            f"SUPRT-A and SUPRT-C: the reassessment {suprt_opens}-{suprt_closes} days after the "
            "baseline, none due after a closeout before or during the window")


FOLLOWUP_RULE = followup_rule(*REASSESSMENT_WINDOWS[Instrument.suprt_a])  # the defaults
