"""Serving while importing, with two app processes on the same data (issue 21): a nightly
command-line import runs while both dashboards serve; until it publishes, every page shows
the version before it, then the new one; a killed import changes nothing; what one process
writes (its audit rows) the other reads."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from store.published import current, versions_of
from tests.browser.conftest import ARTIFACTS, ROOT, running_app
from tests.browser.test_hardening_browser import audit_trail
from tests.browser.waits import settle

pytestmark = pytest.mark.browser
TIMEOUT = 120_000  # ms, as tests/browser/waits.py
NEW = 40  # enrollments each export adds, all open on the data's last day
CONTACTS = 300_000  # rows that make the load long enough to stop it midway


def _export(db: Path, folder: Path, tag: str) -> list[Path]:
    """Enrollments that add NEW to the active count, and many contacts of one open
    enrollment (valid rows, so the load has work to do)."""
    con = duckdb.connect(str(db), read_only=True)
    person, program, worker, enrollment, day = con.execute(
        "select e.participant_id, e.program_id, e.worker_id, e.enrollment_id, e.enrolled_on "
        "from enrollments e join workers w using (worker_id) where e.discharged_on is null "
        "and w.left_on is null and e.enrolled_on < date '2026-06-01' order by all limit 1"
    ).fetchone()
    con.close()
    folder.mkdir(parents=True, exist_ok=True)
    enrollments = folder / "enrollments.csv"
    enrollments.write_text(
        "enrollment_id,participant_id,program_id,worker_id,pathway,enrolled_on\n" + "".join(
            f"{tag}E{i},{person},{program},{worker},check_in,2026-06-01\n" for i in range(NEW)))
    contacts = folder / "contacts.csv"
    contacts.write_text(
        "contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n" + "".join(
            f"{tag}C{i},{enrollment},{worker},{day},check_in,phone,15\n"
            for i in range(CONTACTS)))
    return [enrollments, contacts]


def _importer(db: Path, files: list[Path]) -> subprocess.Popen:
    """The nightly job, as the README's cron line runs it."""
    return subprocess.Popen([sys.executable, "-m", "ingest", *map(str, files),
                             "--uploader", "nightly job"], cwd=ROOT, env={
                                 **os.environ, "PEERDASH_DB": str(db)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _mid_load(db: Path, proc: subprocess.Popen) -> None:
    """Wait until the importer is changing its copy (its check is done)."""
    deadline = time.monotonic() + 180
    while not list(versions_of(db).glob("*.next")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never began its copy"
        time.sleep(0.005)


def active(page: Page, url: str) -> str:
    """The Overview's active enrollments, as an analyst opens it afresh."""
    page.goto(f"{url}/?role=analyst")
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Active enrollments")
    value = card.locator('[data-testid="stMetricValue"]')
    expect(value).to_be_visible(timeout=TIMEOUT)
    settle(page)
    return value.inner_text()


def _digests(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_a_nightly_import_while_two_dashboards_serve(sample_path: Path, tmp_path: Path,
                                                     page: Page):
    db = tmp_path / "served.duckdb"
    shutil.copy(sample_path, db)
    with running_app(db, tmp_path / "a.log") as a, running_app(db, tmp_path / "b.log") as b:
        before = active(page, a)
        assert active(page, b) == before
        first = _export(db, tmp_path / "first", "N")
        proc = _importer(db, first)
        _mid_load(db, proc)
        proc.send_signal(signal.SIGSTOP)  # held midway: nothing is published yet
        try:
            served = current(db)
            assert active(page, a) == before and active(page, b) == before
            assert current(db) == served
        finally:
            proc.send_signal(signal.SIGCONT)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err  # no "in use": the dashboards hold no write lock
        assert "Loaded as import 1" in out
        after = active(page, a)
        assert int(after.replace(",", "")) == int(before.replace(",", "")) + NEW
        assert active(page, b) == after
        page.screenshot(path=ARTIFACTS / "served-after-import.png", full_page=True)

        # killed midway: the served version, the database path and the own records stay
        files = [db, current(db), db.with_name("served.own.duckdb")]
        kept = _digests(files)
        killed = _importer(db, _export(db, tmp_path / "second", "K"))
        _mid_load(db, killed)
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert _digests(files) == kept
        assert active(page, a) == after and active(page, b) == after

        # one process's audit rows are the other's: the import's, and a download made on A
        trail_a = audit_trail(page, a, tmp_path)
        assert ("nightly job", "import") in {(r["who"], r["action"]) for r in trail_a}
        trail_b = audit_trail(page, b, tmp_path)
        downloads = [r for r in trail_b if r["action"] == "download"]
        assert downloads and downloads[-1]["who"] == "demo admin", trail_b
