"""The funder report as PDF: the HTML report printed by a headless Chromium on the server,
where one is installed (the same browser that renders the charts for the HTML)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NO_CHROMIUM = ("PDF needs Chromium on the server (apt-get install chromium); the HTML report "
               "prints to PDF from any browser.")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_SECONDS = 120  # a report of a dozen charts prints in a few seconds; never hang the page


def chromium() -> str | None:
    """The path of a Chromium on this server, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str, browser: str) -> bytes:
    """The HTML printed to PDF by `browser` in headless mode (charts drawn before printing)."""
    with tempfile.TemporaryDirectory() as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             "--virtual-time-budget=20000", f"--print-to-pdf={pdf}", page.as_uri()],
            check=True, capture_output=True, timeout=PRINT_SECONDS)
        return pdf.read_bytes()
