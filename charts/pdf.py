"""The funder report as PDF: the HTML report printed by a headless Chromium on the server,
where one is installed (the same browser that renders the charts for the HTML). The report is
one self-contained file (plotly inlined), so the printer needs no network, and gets none: a
health-data server's Chromium must not call Google (its updater, sign-in, clock, safe browsing)
or resolve a single name while it prints."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NO_CHROMIUM = ("PDF needs Chromium on the server (apt-get install chromium); the HTML report "
               "prints to PDF from any browser.")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_SECONDS = 120  # a report of a dozen charts prints in a few seconds; never hang the page
# The background services, off: fewer attempts to refuse below, and none left half-started.
QUIET = ("--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--no-default-browser-check", "--disable-default-apps",
         "--disable-extensions", "--disable-domain-reliability", "--disable-breakpad",
         "--disable-client-side-phishing-detection", "--metrics-recording-only", "--no-pings",
         "--dns-prefetch-disable",
         "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying,"
         "AutofillServerCommunication,CertificateTransparencyComponentUpdater")
# Even so Chromium 156 asks update.googleapis.com and accounts.google.com on every start. No
# host resolves, not even an address or localhost: nothing is looked up, nothing connected to.
NO_NETWORK = ("--host-resolver-rules=MAP * ~NOTFOUND",)
# And were that switch ever dropped, every request goes to a proxy that is not there (the
# discard port), loopback included, with no fallback to a direct connection.
PROXY = "127.0.0.1:9"


def chromium() -> str | None:
    """The path of a Chromium on this server, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def html_to_pdf(html: str, browser: str) -> bytes:
    """The HTML printed to PDF by `browser` in headless mode (charts drawn before printing),
    with no network and a profile of its own that is thrown away."""
    with tempfile.TemporaryDirectory() as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             *QUIET, *NO_NETWORK, f"--proxy-server={PROXY}", "--proxy-bypass-list=<-loopback>",
             f"--user-data-dir={Path(folder) / 'profile'}", "--virtual-time-budget=20000",
             f"--print-to-pdf={pdf}", page.as_uri()],
            check=True, capture_output=True, timeout=PRINT_SECONDS)
        return pdf.read_bytes()
