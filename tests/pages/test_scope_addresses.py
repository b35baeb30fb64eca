"""A supervisor of one program, signed in, opens every page of theirs with an address naming
another program's records (?focus=program: and worker:, ?programs=, ?workers=, ?call=,
?interview=): the page runs, and nothing of the other program (its name, its workers' names
and ids, its enrollments and participants) is on it, in text, tables, charts or choices."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from access.roles import PAGE_ROLES
from tests.pages.apptest import APP, AUTH, all_text
from ui.focus import URL_PAGE

MINE, OTHER, OTHER_NAME = "harbor", "mesa", "Mesa Recovery Coaching"
SUPERVISOR = {"is_logged_in": True, "email": "sam@example.org", "peerdash_role": "supervisor",
              "peerdash_programs": [MINE]}
PAGES = sorted(page for page, roles in PAGE_ROLES.items() if "supervisor" in roles)


@pytest.fixture(scope="module")
def theirs(sample) -> dict[str, object]:
    """The other program's marks, less any a record of the supervisor's program shares (two
    programs may each have a worker called Nina W.), and records of it to name."""
    def column(sql: str, p: str = OTHER) -> set[str]:
        with sample.cursor() as cur:
            return {r[0] for r in cur.execute(sql, {"p": p}).fetchall()}

    mine = column("select display_name from workers where program_id <> $p")
    worker = sorted(column("select worker_id from enrollments where program_id = $p"))[0]
    return {
        "names": {OTHER_NAME} | column("select display_name from workers where program_id = $p")
        - mine,
        "ids": column("select worker_id from workers where program_id = $p")
        | column("select enrollment_id from enrollments where program_id = $p")
        | column("select participant_id from enrollments where program_id = $p and "
                 "participant_id not in (select participant_id from enrollments where "
                 "program_id <> $p)"),
        "worker": worker,
        "worker_name": column("select display_name from workers where worker_id = $p",
                              worker).pop(),
        "enrollment": sorted(column("select enrollment_id from enrollments where program_id "
                                    "= $p and discharged_on is not null"))[-1],
    }


def addresses(theirs: dict[str, object]) -> dict[str, dict[str, str]]:
    return {
        "focus on the program": {"focus": f"program:{OTHER}:{OTHER_NAME}"},
        "focus on a worker": {"focus": f"worker:{theirs['worker']}:{theirs['worker_name']}"},
        "programs by name": {"programs": OTHER_NAME},
        "programs by id": {"programs": OTHER},
        "workers": {"workers": str(theirs["worker"])},
        "call": {"call": str(theirs["enrollment"])},
        "interview": {"interview": str(theirs["enrollment"])},
    }


def opened(monkeypatch, db, page: str, query: dict[str, str]) -> AppTest:
    """The page as the signed-in supervisor reaches it by typing the address: the app's first
    run is its start page, which takes a focus off the address as not its own, so the
    address is given again as this page's before switching to it."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"], at.user = AUTH, SUPERVISOR
    at.query_params.update(query)
    at.run()
    at.query_params.update(query)
    at.session_state[URL_PAGE] = page
    return at.switch_page(f"pages/{page}.py").run()


def everything_shown(at: AppTest) -> str:
    """The page's text, tables, metrics, charts' data and every widget's choices."""
    parts = [all_text(at), *(str(m.label) + str(m.value) for m in at.metric)]
    parts += [d.value.to_string() if hasattr(d.value, "to_string") else str(d.value)
              for d in at.dataframe]
    parts += [json.dumps(c.proto.spec if hasattr(c.proto, "spec") else str(c.proto))
              for c in at.get("plotly_chart")]
    for kind in ("selectbox", "multiselect", "radio"):
        parts += [str(o) for w in getattr(at, kind) for o in w.options]
    return "\n".join(parts)


@pytest.mark.parametrize("address", ["focus on the program", "focus on a worker",
                                     "programs by name", "programs by id", "workers", "call",
                                     "interview"])
@pytest.mark.parametrize("page", PAGES)
def test_no_address_shows_a_supervisor_anything_of_another_program(monkeypatch, app_db, theirs,
                                                                   page, address):
    query = addresses(theirs)[address]
    at = opened(monkeypatch, app_db, page, query)
    assert not at.exception
    shown = everything_shown(at)
    asked = set(query.values())  # the address itself may be said back ("not on this list")
    found = {n for n in theirs["names"] if n in shown and n not in asked}
    found |= {i for i in theirs["ids"] if re.search(rf"\b{re.escape(i)}\b", shown)} - asked
    assert not found, f"{page} with {query} shows {sorted(found)[:5]}"
    assert "Harbor Recovery Community Center" in shown  # the page shows their own program
