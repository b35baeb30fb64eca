"""What a funder takes away, audited as an attacker would use it: every metric's section of the
Funder report opened, every CSV in them and the HTML report are downloaded in a real browser,
read back, checked against the true counts (each shown rounded: a multiple of 5 within 4 of
it, a whole year of its quarters' sum), and every count of 1 to 10 behind the quarters is
bounded by linear programming over exactly the counts those files show (tests/attack adds the
whole years)."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from charts.funder import NOT_CLOSED, TOO_EARLY
from metrics.funder import FUNDER_METRICS
from queries.funder import first_complete_quarter, funder_period, tables
from queries.scope import Every, Scope
from release.build import DERIVED, release_cells, unit
from release.disclosure import audit
from release.model import as_served
from store.database import Database
from tests.browser.test_funder_browser import open_as_funder, open_every_metric
from tests.browser.test_overview_browser import TIMEOUT, settle

pytestmark = pytest.mark.browser

PERIOD = (date(2025, 1, 1), date(2026, 9, 30))  # the report's default: every whole quarter
COUNTS = {"proportion": ("Numerator", "Denominator"), "distribution": ("Discharges",),
          "count": ("Number",)}
FIGURE = {k: {"proportion": "Rate", "distribution": "Median days", "count": "Number"}[m.kind]
          for k, m in FUNDER_METRICS.items()}
FIELD = {"Numerator": "numerator", "Denominator": "denominator", "Discharges": "numerator",
         "Number": "numerator"}


def _quarter(label: str) -> date:
    year, q = re.fullmatch(r"(\d{4}) Q([1-4])", label).groups()
    return date(int(year), 3 * int(q) - 2, 1)


def _near(shown: tuple[int, ...], true: tuple[int, ...]) -> bool:
    return all(s % 5 == 0 and abs(s - t) <= 4 for s, t in zip(shown, true, strict=True))


def audit_published(published: dict[str, list[dict[str, str]]], sample, sample_path: Path
                    ) -> int:
    """Check every shown count against the truth and audit what is shown; the number of
    hidden rows."""
    db = Database(sample, sample_path)
    last_day = db.frame("data_span").row(0)[1]
    first = first_complete_quarter(db.frame("data_span").row(0)[0])
    assert funder_period(Scope(Every.ALL, first, last_day), last_day) == PERIOD
    truth = tables(db, PERIOD, last_day)
    ids = dict(db.frame("programs").select("program_name", "program_id").iter_rows())
    ids["All programs"] = None
    assert set(published) == set(FUNDER_METRICS)
    shown: set[str] = set()
    served: dict[tuple[str, str], int] = {}
    for key, rows in published.items():
        columns = COUNTS[FUNDER_METRICS[key].kind]
        fields = [FIELD[c] for c in columns]
        true = {(p, q): r for p, q, *r in truth[key].select(
            "program_id", "quarter", *fields).iter_rows()}
        for row in rows:
            if row[columns[0]] == "*":
                assert all(row[c] == "*" for c in columns) and row["Note"] != "—"
                continue
            if row[columns[0]] == "—":  # not yet released, or never: no figure
                assert row[FIGURE[key]] in (NOT_CLOSED, TOO_EARLY)
                continue
            counts = tuple(int(row[c].replace(",", "")) for c in columns)
            if year := re.fullmatch(r"(\d{4}) \(whole year\)", row["Quarter"]):
                sums = [sum(true[(ids[row["Program"]], date(int(year.group(1)), m, 1))][i]
                            for m in (1, 4, 7, 10)) for i in range(len(columns))]
                assert _near(counts, tuple(sums)), (key, row)
                continue
            place = (ids[row["Program"]], _quarter(row["Quarter"]))
            shown.add(unit(key, place))
            assert _near(counts, tuple(true[place])), (key, place)
            served |= {(unit(key, place), f): n for f, n in zip(fields, counts, strict=True)}
    cells, atoms = release_cells(truth)
    cells = as_served(cells, served)  # each as read from the files
    hidden = {c.unit for c in cells} - shown  # hidden, or not in the file at all
    exposed = [v for v in audit(cells, atoms, hidden, exact=True) if not v.safe]
    assert not exposed, exposed[:5]
    return len(hidden - {c.unit for c in cells if c.unit.startswith(DERIVED)})


def _html_tables(text: str) -> dict[str, list[dict[str, str]]]:
    out = {}
    for key in FUNDER_METRICS:
        section = re.search(f'<section class="metric" id="{key}">(.*?)</section>', text,
                            flags=re.DOTALL).group(1)
        table = re.search(r"<table>(.*?)</table>", section, flags=re.DOTALL).group(1)
        head = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
        out[key] = [dict(zip(head, (html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r)),
                             strict=True))
                    for r in re.findall(r"<tr(?: class=\"total\")?>(.*?)</tr>", table)
                    if "<td>" in r]
    return out


def test_every_funder_csv_and_the_html_report_pass_the_audit_as_downloaded(
        server: str, page: Page, tmp_path, sample, sample_path):
    open_as_funder(server, page)
    open_every_metric(page)  # each table's CSV is in its metric's section
    buttons = page.get_by_role("button", name="Download CSV")
    expect(buttons).to_have_count(len(FUNDER_METRICS), timeout=TIMEOUT)
    published = {}
    for i in range(buttons.count()):
        with page.expect_download(timeout=TIMEOUT) as download:
            buttons.nth(i).click()
        name = download.value.suggested_filename
        saved = tmp_path / name
        download.value.save_as(saved)
        key = re.fullmatch(r"funder_(\w+)\.csv", name).group(1)
        published[key] = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
        settle(page)
    hidden = audit_published(published, sample, sample_path)
    assert hidden > 0  # the sample has small cells: something had to be hidden

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the report \\(HTML\\)")).click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    report = _html_tables(saved.read_text(encoding="utf-8"))
    assert audit_published(report, sample, sample_path) == hidden
