"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and a copy of the
sample database with a user of each role, for the mail command run as cron runs it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from access.users import save_user
from store.connection import Store, connect
from store.published import current

ROOT = Path(__file__).parents[2]
APP_URL = "https://dashboard.example.org"
USERS = {  # email: role, programs
    "sup-harbor@example.org": ("supervisor", "harbor"),
    "sup-two@example.org": ("supervisor", "mesa,pine-ridge"),
    "analyst@example.org": ("analyst", None),
    "funder@example.org": ("funder", None),
    "admin@example.org": ("admin", None),
}


@dataclass
class Inbox:
    """What the server received: each message parsed, with the addresses it was sent to."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), mail))
        return "250 OK"

    def to(self, email: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.received if email in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Mailer:
    """The mail command on a database, with the SMTP settings of a port."""

    db: Path
    port: int

    def env(self, **extra: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith("PEERDASH_")}
        return {**keep, "PEERDASH_SMTP_HOST": "127.0.0.1", "PEERDASH_SMTP_PORT": str(self.port),
                "PEERDASH_MAIL_FROM": "dashboard@example.org", "PEERDASH_APP_URL": APP_URL,
                **extra}

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alerts", *args, "--db", str(self.db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300,
                              env=self.env() if env is None else env)


@pytest.fixture
def db(sample_path: Path, tmp_path: Path) -> Path:
    """A copy of the sample with one user of each role (two supervisors)."""
    path = tmp_path / "records.duckdb"
    shutil.copy(sample_path, path)
    store = Store(connect(current(path), read_only=True), path, current(path))
    try:
        for email, (role, programs) in USERS.items():
            save_user(store, email, role, programs, "test setup", "command line")
    finally:
        store.con.close()
    return path


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def inbox(port: int) -> Iterator[Inbox]:
    """A real SMTP server listening on 127.0.0.1 for the test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def mailer(db: Path, port: int) -> Mailer:
    return Mailer(db, port)
