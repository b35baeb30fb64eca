"""One colour-blind-safe palette (Okabe & Ito) for every page."""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
PRIMARY = OKABE_ITO[0]  # a single series
PROVISIONAL = "#8C8C8C"  # figures that may still change
SUPPRESSED = "#8C8C8C"

ALERT = OKABE_ITO[5]  # vermillion: over a threshold, or in a worrying ProQOL band
REFERENCE = "#555555"  # threshold, target and band lines
INTERVAL = "#444444"  # whiskers, and benchmark lines drawn across a chart
OTHER = "#8C8C8C"  # the categories a chart does not single out
# Incidents and overdoses sit side by side on the Workforce page: vermillion against reddish
# purple, never two oranges (vermillion and orange were near-identical, most of all to the
# colour-blind).
INCIDENT = ALERT
OVERDOSE = OKABE_ITO[3]
