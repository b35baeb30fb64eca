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


INSTRUMENT_NAMES = {Instrument.gpra: "GPRA", Instrument.suprt_a: "SUPRT-A",
                    Instrument.suprt_c: "SUPRT-C"}


def _days(instrument: Instrument) -> str:
    opens, closes = REASSESSMENT_WINDOWS[instrument]
    return f"{opens}-{closes} days"


# R1's rule per instrument, in the words the page and the definitions use.
FOLLOWUP_RULE = (f"GPRA: the 6-month interview {_days(Instrument.gpra)} after the intake; "
                 f"SUPRT-A and SUPRT-C: the reassessment {_days(Instrument.suprt_a)} after the "
                 "baseline, none due after a closeout before or during the window")
