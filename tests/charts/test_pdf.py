"""The report as PDF: printed by the server's Chromium where there is one."""

from __future__ import annotations

from charts import pdf
from tests.browser.conftest import chromium_path  # noqa: F401  (a fixture: skips or fails without one)


def test_chromium_prints_the_report_to_a_pdf(chromium_path):  # noqa: F811
    html = "<!doctype html><html><body><h1>Funder report</h1><p>42.1%</p></body></html>"
    out = pdf.html_to_pdf(html, chromium_path)
    assert out.startswith(b"%PDF-") and out.rstrip().endswith(b"%%EOF")


def test_without_a_chromium_there_is_no_browser_to_print_with(monkeypatch):
    monkeypatch.setattr(pdf, "BROWSERS", ("no-such-browser",))
    assert pdf.chromium() is None
    assert "apt-get install chromium" in pdf.NO_CHROMIUM
