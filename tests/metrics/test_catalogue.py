"""The metric catalogue is docs/METRICS.md, defined once in code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metrics.catalogue import METRICS, QUESTIONS
from metrics.headlines import HEADLINES

DOC = (Path(__file__).parents[2] / "docs" / "METRICS.md").read_text(encoding="utf-8")
ROWS = dict(re.findall(r"^\| ([EARW]\d) \| ([^|]+?) \|", DOC, flags=re.MULTILINE))


def test_every_metric_of_the_doc_is_in_the_catalogue_and_no_other():
    assert len(ROWS) == len(METRICS) > 0
    assert set(METRICS) == set(ROWS)


@pytest.mark.parametrize("mid", sorted(ROWS))
def test_names_match_the_doc(mid):
    doc_name = ROWS[mid].replace("–", "-").replace("/", " / ").split()
    assert " ".join(doc_name).lower() == " ".join(METRICS[mid].name.replace("/", " / ")
                                                 .split()).lower()


@pytest.mark.parametrize("mid", sorted(METRICS))
def test_each_metric_can_be_shown_beside_its_chart(mid):
    m = METRICS[mid]
    assert m.definition and m.unit and m.source
    assert (m.numerator == "") == (m.denominator == "") or m.kind in ("count", "distribution")
    assert m.question == QUESTIONS[mid[0]]
    assert m.describe().startswith(f"{mid} {m.name}: ")


def test_the_question_headings_are_the_docs():
    for question in QUESTIONS.values():
        assert f'("{question}")' in DOC


def test_rates_carry_a_numerator_and_a_denominator():
    for m in METRICS.values():
        if m.kind in ("proportion", "ratio"):
            assert m.numerator and m.denominator, m.id


def test_headlines_use_catalogue_metrics():
    assert set(HEADLINES.values()) <= set(METRICS)
