"""The Audit trail page: each row's filters in words, on the page and in its CSV (the JSON kept
beside them), and the trail narrowed to a person and to days, in SQL."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date

import duckdb
import pytest

from queries.admin import audit_trail
from store.database import Database
from tests.pages.apptest import page_as
from ui.audit_trail import trail_file
from ui.downloads import csv_bytes

HARBOR = "Harbor Recovery Community Center"
EVENTS = [  # (when, who, action, what, filters)
    ("2026-11-02 09:15:00", "ana@example.org", "download", "workforce: caseload.csv",
     {"page": "workforce", "programs": ["harbor"], "start": "2025-12-01",
      "end": "2026-11-20", "workers": None}),
    ("2026-11-10 16:40:00", "ana@example.org", "sign_in", "signed in as analyst", None),
    ("2026-11-19 23:59:00", "sam@example.org", "download", "overview: cards.csv",
     {"page": "overview", "programs": None, "start": "2026-01-01", "end": "2026-03-31",
      "workers": None}),
    ("2026-11-20 00:00:01", "sam@example.org", "import", "import 7", None),
]


@pytest.fixture
def trail_db(sample_path, tmp_path):
    path = tmp_path / "audit.duckdb"
    shutil.copy(sample_path, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("delete from audit_log")
        for when, who, action, what, filters in EVENTS:
            con.execute("insert into audit_log (happened_at, who, role, action, what, filters) "
                        "values (cast($1 as timestamp), $2, 'analyst', $3, $4, $5)",
                        [when, who, action, what, json.dumps(filters) if filters else None])
    finally:
        con.close()
    return path


def _shown(at) -> list[tuple[str, str]]:
    frame = at.dataframe[0].value
    return list(zip(frame["what"], frame["filters"].fillna(""), strict=True))


def test_filters_read_as_words_with_program_names_and_days(monkeypatch, trail_db):
    at = page_as(monkeypatch, trail_db, "audit", "admin")
    assert not at.exception
    shown = dict(_shown(at))
    assert shown["workforce: caseload.csv"] == \
        f"Programs: {HARBOR}; 1 Dec 2025 to 20 Nov 2026; page Workforce"
    assert shown["overview: cards.csv"] == "Programs: all; 1 Jan 2026 to 31 Mar 2026; page Overview"
    assert shown["import 7"] == ""
    assert not any("{" in f or '"' in f for f in shown.values())  # no JSON left


def test_a_person_and_days_narrow_the_trail(monkeypatch, trail_db):
    at = page_as(monkeypatch, trail_db, "audit", "admin")
    people = next(s for s in at.selectbox if s.label == "Person")
    assert people.options == ["Everyone", "ana@example.org", "sam@example.org"]
    people.set_value("ana@example.org").run()
    assert [w for w, _ in _shown(at)] == ["signed in as analyst", "workforce: caseload.csv"]
    people.set_value(None).run()
    at.date_input(key="audit_since").set_value(date(2026, 11, 10)).run()
    at.date_input(key="audit_until").set_value(date(2026, 11, 19)).run()
    # both days included: the 19th's 23:59, not the 20th's first second
    assert [w for w, _ in _shown(at)] == ["overview: cards.csv", "signed in as analyst"]
    at.date_input(key="audit_since").set_value(date(2026, 11, 21)).run()
    assert not at.exception
    assert "is after 'To'" in at.warning[0].value and not at.dataframe


def test_the_query_binds_person_and_days(trail_db):
    con = duckdb.connect(str(trail_db), read_only=True)
    try:
        db = Database(con, trail_db)
        got = audit_trail(db, limit=10, who="sam@example.org'; --", since=None, until=None)
        assert got.is_empty()  # a bound value, not SQL
        days = audit_trail(db, limit=10, since=date(2026, 11, 20), until=date(2026, 11, 20))
        assert days["what"].to_list() == ["import 7"]
    finally:
        con.close()


def test_the_trail_file_holds_the_filters_in_words_and_the_json_beside_them(trail_db):
    con = duckdb.connect(str(trail_db), read_only=True)
    try:
        db = Database(con, trail_db)
        trail = audit_trail(db, limit=10, who="ana@example.org").drop("event_id")
        programs = dict(db.frame("programs").select("program_id", "program_name").iter_rows())
    finally:
        con.close()
    rows = list(csv.DictReader(io.StringIO(
        csv_bytes(trail_file(trail, programs, {})).decode("utf-8-sig"))))
    assert list(rows[0]) == ["happened_at", "who", "role", "action", "what", "filters",
                             "filters_json"]
    download = next(r for r in rows if r["what"] == "workforce: caseload.csv")
    assert download["filters"] == f"Programs: {HARBOR}; 1 Dec 2025 to 20 Nov 2026; page Workforce"
    assert json.loads(download["filters_json"]) == EVENTS[0][4]  # as kept, for a script
    sign_in = next(r for r in rows if r["action"] == "sign_in")
    assert (sign_in["filters"], sign_in["filters_json"]) == ("", "")


def test_the_filter_offers_mail_and_shows_only_the_mail_rows(monkeypatch, trail_db):
    """Mail sent and subscriptions changed (alerts/) are audited as `mail`: the filter names
    it among every action, in words."""
    from access.audit import MAIL, record
    from ui.data import database

    record(database(str(trail_db)), "admin@example.org", "admin", MAIL,
           "subscription of sam@example.org: digest weekly, alerts off")
    at = page_as(monkeypatch, trail_db, "audit", "admin")
    show = next(s for s in at.selectbox if s.label == "Show")
    assert show.options[-2:] == ["Mail", "Source mappings"]
    assert len(show.options) == 12  # Everything + 11 actions
    show.set_value(MAIL).run()
    assert not at.exception
    assert [w for w, _ in _shown(at)] == [
        "subscription of sam@example.org: digest weekly, alerts off"]
