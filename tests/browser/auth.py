"""Real sign-in for browser tests: oidc-provider-mock on 127.0.0.1 as the identity provider, a
temporary secrets.toml with [auth] for the app (never one in the repository), and a sign-in
through the provider's own form."""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import _free_port, running_app, serving

TIMEOUT = 120_000  # ms, as tests/browser/waits.py
# The people the provider knows; their ID tokens carry these claims.
PEOPLE = {
    "supervisor@example.org": {"peerdash_role": "supervisor", "peerdash_programs": ["harbor"]},
    "funder@example.org": {"peerdash_role": "funder"},
    "analyst@example.org": {"peerdash_role": "analyst"},
    "admin@example.org": {"peerdash_role": "admin"},
    "newcomer@example.org": {},  # no role claim: the users table decides
    "unverified@example.org": {"peerdash_role": "analyst", "email_verified": False},
    "root@example.org": {"peerdash_role": "root"},  # a role claim that is no role
}


@contextmanager
def oidc_provider(log_path: Path) -> Iterator[str]:
    """The mock provider on a free port; yields its address."""
    port = _free_port()
    users = [json.dumps({"sub": email, "email": email, "name": email.split("@")[0], **claims})
             for email, claims in PEOPLE.items()]
    args = [a for u in users for a in ("--user-claims", u)]
    url = f"http://127.0.0.1:{port}"
    with serving([sys.executable, "-m", "oidc_provider_mock", "--port", str(port), *args],
                 f"{url}/.well-known/openid-configuration", log_path):
        yield url


@contextmanager
def signing_in_app(db: Path, folder: Path) -> Iterator[str]:
    """The provider, and the app over `db` with [auth] pointing at it; yields the app's URL."""
    port = _free_port()
    with oidc_provider(folder / "oidc.log") as provider:
        toml = folder / "secrets.toml"
        toml.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "peer-dashboard"\n'
            'client_secret = "not-a-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
        with running_app(db, folder / "streamlit.log", port=port, secrets=toml) as url:
            yield url


def sign_in(page: Page, app: str, email: str) -> None:
    """Through the app's Sign in button and the provider's form, back to the app."""
    page.goto(app)
    page.get_by_role("button", name="Sign in").click(timeout=TIMEOUT)
    page.get_by_role("button", name=email).click(timeout=TIMEOUT)
    expect(page.get_by_text(f"Signed in as {email}").or_(
        page.get_by_text(f"You are signed in as {email}"))).to_be_visible(timeout=TIMEOUT)
