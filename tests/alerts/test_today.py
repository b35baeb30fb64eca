"""queries/today.py, the one definition of what needs action that the digests (and the
Overview's "Today") read, on a copy of the sample: acknowledgements take flags out until they
get worse, an import's quarantine is an analyst's item only, and funders and admins get none."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from access.viewer import Viewer
from access.worklists import acknowledge
from queries.attention import RULES
from queries.scope import Scope
from queries.today import needs_action, waiting_flags
from settings import Settings
from store.connection import connect
from store.database import Database
from store.published import current
from store.versions import bump_data_version
from tests.alerts.conftest import ROOT
from tests.conftest import AS_OF

SUPERVISOR = Viewer("sup-harbor@example.org", "supervisor", ("harbor",), signed_in=True)
ANALYST = Viewer("analyst@example.org", "analyst", None, signed_in=True)


def opened(path: Path) -> Database:
    return Database(connect(current(path), read_only=True), path, current(path))


def counts(path: Path, viewer: Viewer) -> dict[str, int]:
    db = opened(path)
    try:
        return {i.key: i.count for i in needs_action(db, viewer, Settings(), AS_OF,
                                                     date.today())}
    finally:
        db.con.close()


def test_funders_and_admins_have_nothing_to_act_on_here(db: Path):
    for role in ("funder", "admin"):
        assert counts(db, Viewer(f"{role}@example.org", role, None, signed_in=True)) == {}


def test_items_come_worst_first_each_with_its_page(db: Path):
    base = opened(db)
    try:
        items = needs_action(base, SUPERVISOR, Settings(), AS_OF, date.today())
    finally:
        base.con.close()
    assert [i.key for i in items] == ["calls", "flags", "interviews"]  # seed 7, harbor
    assert [i.page for i in items] == ["aftercare", "workforce", "outcomes"]
    assert all(i.count == len(i.keys) for i in items)


def test_an_acknowledged_flag_stays_out_until_it_gets_worse(db: Path):
    base = opened(db)
    try:
        flags = waiting_flags(base, Scope(("harbor",), AS_OF - timedelta(days=30), AS_OF),
                              Settings(), date.today())
    finally:
        base.con.close()
    before = counts(db, SUPERVISOR)["flags"]
    assert before == flags.height
    up = [rule for rule, r in RULES.items() if r.higher_is_worse]  # a lower figure: better
    (w1, r1, v1), (w2, r2, v2) = flags.filter(pl.col("rule").is_in(up)).sort(
        "worker_id", "rule").select("worker_id", "rule", "value").rows()[:2]
    store = opened(db)
    try:
        acknowledge(store, SUPERVISOR, w1, r1, v1, "talked it through", None, date.today())
        assert counts(db, SUPERVISOR)["flags"] == before - 1  # out, as it stands
        acknowledge(store, SUPERVISOR, w2, r2, v2 - 10, "it was lower", None, date.today())
        assert counts(db, SUPERVISOR)["flags"] == before - 1  # back: worse than acknowledged
    finally:
        store.con.close()


def test_an_import_that_left_rows_in_quarantine_is_an_analysts_item(db: Path, tmp_path: Path):
    export = tmp_path / "programs.csv"
    export.write_text("program_id,program_name,region,funder\n"
                      "bayside,Bayside Peer Hub,Coastal,State Opioid Response\n"
                      ",No Id Program,Coastal,State Opioid Response\n", encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-m", "ingest", "--db", str(db), str(export),
                             "--valid-rows", "--uploader", "test"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert counts(db, ANALYST)["imports"] == 1
    assert "imports" not in counts(db, SUPERVISOR)
    base = opened(db)
    try:
        [item] = [i for i in needs_action(base, ANALYST, Settings(), AS_OF, date.today())
                  if i.key == "imports"]
        # Whole days: loaded today, it is listed 14 days on and gone on the 15th.
        later = [{i.key for i in needs_action(base, ANALYST, Settings(), AS_OF,
                                              date.today() + timedelta(days=days))}
                 for days in (14, 15)]
    finally:
        base.con.close()
    assert "imports" in later[0] and "imports" not in later[1]
    assert item.sentence == "1 import of the last 14 days left 1 row in quarantine."
    assert item.page == "import_history"
    assert pl.Series(item.keys).n_unique() == 1


def test_a_program_that_stopped_sending_contacts_is_quiet(db: Path):
    mine = Viewer("sup@example.org", "supervisor", ("pine-ridge", "mesa"), signed_in=True)
    con = connect(db)  # the copy, read-write: its last 40 days of Pine Ridge contacts removed
    try:
        con.execute("""delete from contacts where contact_on > $since and enrollment_id in
                       (select enrollment_id from enrollments where program_id = 'pine-ridge')""",
                    {"since": AS_OF - timedelta(days=40)})
        bump_data_version(con, "test: Pine Ridge's export stopped")
        base = Database(con, db)
        quiet = [[i for i in needs_action(base, v, Settings(), AS_OF, date.today())
                  if i.key == "quiet"] for v in (ANALYST, mine, SUPERVISOR)]
    finally:
        con.close()
    [analyst], [theirs], harbor = quiet
    assert analyst.sentence == theirs.sentence == (
        "1 program has sent no contacts for longer than its usual gaps between contacts allow.")
    assert (analyst.page, theirs.page) == ("completeness", "overview")  # theirs: no such page
    assert harbor == []  # harbor's supervisor: Pine Ridge is not theirs
