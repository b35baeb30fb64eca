"""Waits on what the page shows, never on the clock: a loaded machine (CI, two test runs at
once) makes any fixed pause too short some day.

Streamlit marks its root with the script's state (`data-test-script-state`, what its own
browser tests wait on): "rerunRequested" from the moment a widget changes, then "running",
then "notRunning" once the run has sent everything; a page opened afresh is "initial" until
its first run starts. An element whose code loads lazily shows a skeleton until it has."""

from __future__ import annotations

from playwright.sync_api import Page

# ms: the longest a condition is waited for (a load of 35 on 2 cores took a page past 60 s)
TIMEOUT = 120_000
# The run is over and its page complete: not running, no status widget, nothing left stale from
# an earlier run, no element still loading its code. Between the two runs of an st.rerun the
# state reads "notRunning" for a moment, so the page must read so at two looks 100 ms apart
# (a poll, not a pause: it waits as long as the page keeps changing).
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"], '
                               + '[data-testid="stSkeleton"]');
  const before = window.peerdashSettled;
  window.peerdashSettled = done;
  return done && before;
}"""
# Every chart Streamlit placed has drawn its figure (plotly draws each after the run, in turn).
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .every(c => c.querySelector('.main-svg'))"""


def settle(page: Page, timeout: float = TIMEOUT) -> None:
    """Wait until the app has finished its run and nothing on the page is left from an earlier
    one: until then, later elements are missing or stale."""
    page.evaluate("window.peerdashSettled = false")
    page.wait_for_function(SETTLED, polling=100, timeout=timeout)


def drawn(page: Page, timeout: float = TIMEOUT) -> None:
    """settle, then every chart drawn and the page's fonts loaded (text is measured with
    them)."""
    settle(page, timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
    page.evaluate("document.fonts.ready.then(() => true)")
