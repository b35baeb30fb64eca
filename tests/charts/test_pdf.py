"""The report as PDF: printed by the server's Chromium where there is one."""

from __future__ import annotations

import socket
import threading

import pytest

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


class Recorder:
    """A socket on 127.0.0.1 that records the first bytes of every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.asked: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.asked.append(conn.recv(200))
                except OSError:
                    self.asked.append(b"")

    def close(self) -> list[bytes]:
        self._stop.set()
        self._thread.join()
        self.socket.close()
        return self.asked


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    """Listening where the printer's proxy is (so any request it makes would be seen here)."""
    found = Recorder()
    monkeypatch.setattr(pdf, "PROXY", f"127.0.0.1:{found.port}")
    yield found
    found.close()


def report_asking(port: int) -> str:
    """A report that names the recorder by address and by name, as a careless image would."""
    return (f"<!doctype html><html><body><h1>Funder report</h1><img src='http://127.0.0.1:"
            f"{port}/by-address.png'><img src='http://localhost:{port}/by-name.png'>"
            "<img src='https://accounts.google.com/x.png'></body></html>")


def test_the_printer_connects_to_nothing_while_it_prints(chromium_path, recorder):  # noqa: F811
    """The recorder is the printer's proxy and the report's images' host: Chromium left to
    itself asks it for Google's updater, sign-in and clock and for the images; as the printer
    starts it, nothing, and the PDF is made all the same."""
    out = pdf.html_to_pdf(report_asking(recorder.port), chromium_path)
    assert out.startswith(b"%PDF-")
    assert recorder.close() == []


def test_without_the_resolver_rule_every_request_still_goes_to_the_proxy(
        chromium_path, recorder, monkeypatch):  # noqa: F811
    """The second wall: were the resolver rule dropped, every request (loopback included) goes
    to the proxy, which in production is nobody (the discard port), never straight out."""
    monkeypatch.setattr(pdf, "NO_NETWORK", ())
    pdf.html_to_pdf(report_asking(recorder.port), chromium_path)
    asked = recorder.close()
    assert any(b"/by-address.png" in a for a in asked)  # the recorder does see requests
    direct = [a for a in asked if not a.startswith((b"CONNECT ", b"GET http", b"POST http"))]
    assert direct == []  # each in the proxy's form: an absolute address, or CONNECT
