"""Read once per run, before anything else: the settings, the database, and whether sign-in
is configured."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from metrics.text import as_markdown
from settings import Settings, SettingsError, load_settings
from store.connection import DatabaseUnavailable
from ui.data import open_database

T = TypeVar("T")


def secrets_section(name: str) -> dict:
    """A section of .streamlit/secrets.toml; none at all is the normal case. A file that is
    there but broken is a SettingsError: say so, do not guess."""
    try:
        return dict(st.secrets.get(name, {}))
    except StreamlitSecretNotFoundError as error:
        if "parsing" in str(error):
            raise SettingsError(f"{error}. Fix the file, or remove it to use the defaults."
                                ) from None
        return {}


def _or_stop(read: Callable[[], T]) -> T:
    """`read()`, or the SettingsError's sentence and a stop."""
    try:
        return read()
    except SettingsError as error:
        st.error(str(error))
        st.stop()


def auth_configured() -> bool:
    """Sign-in is on when secrets.toml has an [auth] section; otherwise the app is a demo."""
    return _or_stop(lambda: bool(secrets_section("auth")))


def settings_or_stop() -> Settings:
    return _or_stop(lambda: load_settings(secrets_section("peerdash")))


def database_version_or_stop(settings: Settings) -> int:
    """Open (or create) the database; a sentence and a stop if it cannot be used."""
    try:
        return open_database(settings).data_version()
    except DatabaseUnavailable as error:
        st.error(str(error), icon=":material/database_off:")
        st.stop()


def records_writable_or_stop(settings: Settings) -> None:
    """Imports and undo write the database; a dashboard reading a lake cannot (a sentence
    and a stop)."""
    if settings.lake:
        st.info(f"This dashboard reads the Parquet lake {as_markdown(settings.lake)}, so it "
                "cannot load or undo imports. Load exports into the database the lake is "
                "written from (`python -m ingest`), then write the lake again.",
                icon=":material/database:")
        st.stop()
