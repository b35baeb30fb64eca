"""Settings come from the environment, then Streamlit secrets, then defaults; all documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from settings import SAMPLE_DB, Settings, SettingsError, load_settings

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_defaults_use_the_sample_database():
    s = load_settings({}, environ={})
    assert s.db == SAMPLE_DB and s.uses_sample
    assert s.caseload_per_fte_threshold == 25 and s.supervision_target_minutes == 60


def test_environment_wins_over_secrets():
    s = load_settings({"db": "/from/secrets.duckdb", "caseload_per_fte_threshold": 18},
                      environ={"PEERDASH_DB": "/from/env.duckdb"})
    assert s.db == Path("/from/env.duckdb") and not s.uses_sample
    assert s.caseload_per_fte_threshold == 18.0


@pytest.mark.parametrize(("name", "raw", "words"), [
    ("supervision_target_minutes", "lots", "not a whole number"),
    ("caseload_per_fte_threshold", "-3", "must not be negative"),
])
def test_a_bad_value_gets_a_sentence(name, raw, words):
    with pytest.raises(SettingsError, match=words) as caught:
        load_settings(environ={f"PEERDASH_{name.upper()}": raw})
    assert f"PEERDASH_{name.upper()}" in str(caught.value) or "negative" in str(caught.value)


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_documented_in_the_readme(name):
    assert f"PEERDASH_{name.upper()}" in README


def test_demo_and_claim_settings():
    s = load_settings({"role_claim": "groups"},
                      environ={"PEERDASH_DEMO_ANY_DATABASE": "True"})
    assert s.demo_any_database is True and s.role_claim == "groups"
    assert load_settings({}, environ={}).demo_any_database is False
    with pytest.raises(SettingsError, match="not true or false"):
        load_settings(environ={"PEERDASH_DEMO_ANY_DATABASE": "maybe"})
