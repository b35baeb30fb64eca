"""The vocabulary: the metric catalogue, the funder metric specs, the instruments' constants and
how a date or a rate is written. Imports nothing of the database, so charts may import it."""
