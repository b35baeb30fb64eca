"""The glossary (metrics/glossary.py): a reading's words found and explained where it is shown,
and the funder report's at its end."""

from __future__ import annotations

from charts.report import words
from metrics.glossary import GLOSSARY, words_in


def test_a_funnel_readings_words_are_found():
    said = ("2026 Q2: 12 programs placed against all programs (61.0%). Over-dispersion: phi = "
            "2.31, above the 1.78 chance allows, so the limits are widened by a random effect "
            "between programs (tau = 6.2%).")
    assert [w.term for w in words_in(said)] == ["Funnel plot", "phi (over-dispersion)",
                                                 "tau (between-program difference)"]


def test_a_control_chart_readings_words_are_found():
    said = ("No signal: every final month is within its control limits (Laney p′, widened for "
            "over-dispersion: σz 1.10; centre 62%).")
    assert [w.term for w in words_in(said)] == ["Control limits", "Laney p′ and σz", "Signal"]


def test_plain_words_find_nothing():
    assert words_in("42 people were discharged in October.") == []


def test_every_word_is_explained_in_plain_sentences():
    for word in GLOSSARY:
        assert word.meaning.endswith(".") and len(word.meaning) > 60, word.term


def test_the_report_ends_with_the_words_it_uses_and_not_those_in_its_code():
    body = ('<p class="reading">Over-dispersion check: phi = 0.80, within the 1.6 chance '
            'allows.</p><script>var funnel = "Greenwood";</script>')
    end = words(body)
    assert "<dt>phi (over-dispersion)</dt>" in end
    assert "Greenwood" not in end and "Funnel plot" not in end
    assert words("<p>42 people.</p>") == ""
