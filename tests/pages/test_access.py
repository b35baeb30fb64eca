"""Who may open which page, signed in through st.user (AppTest's `at.user`): the allowed pages
render, every other one is refused with a sentence and shows no data, whether reached through
the menu or opened directly; a supervisor sees only their programs, whatever the URL says."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from access.users import save_user
from metrics.text import as_markdown
from queries.admin import audit_trail
from tests.conftest import AS_OF, scalar
from tests.pages.apptest import AUTH, ROOT, all_text, run_app
from ui.access import PAGES as REGISTERED
from ui.access import pages_for
from ui.data import database

# What each role may open (the README's roles table), written out here rather than read from
# access.roles, so that a page given to the wrong role fails; every page is in it (a test below).
OPEN = {
    "supervisor": {"overview", "engagement", "aftercare", "workforce", "outcomes",
                   "subscriptions"},
    "funder": {"overview", "funder", "subscriptions"},
    "analyst": {"overview", "engagement", "aftercare", "workforce", "outcomes", "funder",
                "upload", "import_history", "completeness", "targets", "subscriptions"},
    "admin": {"users", "audit", "subscriptions"},
    "peer_worker": {"my_checkins"},
}
PAGES = sorted(set().union(*OPEN.values()))
TITLES = {"overview": "Overview", "engagement": "Engagement", "aftercare": "Aftercare",
          "workforce": "Workforce", "outcomes": "Outcomes", "upload": "Upload program exports",
          "import_history": "Import history", "users": "Users", "audit": "Audit trail",
          "funder": "Funder report", "completeness": "Data completeness",
          "targets": "Targets and annotations", "my_checkins": "My check-ins",
          "subscriptions": "Subscriptions"}
HARBOR = "Harbor Recovery Community Center"


@pytest.fixture(scope="module", autouse=True)
def linked_peer_worker(app_db, sample) -> None:
    """peer_worker@example.org's users row, linking them to a peer specialist of Harbor (a
    token says the role, only the users table says which worker)."""
    worker = scalar(sample, "select min(worker_id) from workers where program_id = 'harbor' "
                            "and role = 'peer_specialist' and left_on is null")
    save_user(database(str(app_db)), "peer_worker@example.org", "peer_worker", None,
              "admin@example.org", "admin", worker)


def claims(role: str, programs: list[str] | None = None) -> dict:
    user = {"is_logged_in": True, "email": f"{role}@example.org", "peerdash_role": role}
    if programs is not None or role == "supervisor":
        user["peerdash_programs"] = programs or ["harbor"]
    return user


def shows_data(at: AppTest) -> bool:
    return bool(at.metric or at.dataframe or at.get("plotly_chart") or at.get("file_uploader"))


def test_every_page_is_registered_and_checked_here():
    """Every file in pages/ is in the menu's registry, and every registered page in OPEN."""
    files = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert {spec.path for spec in REGISTERED.values()} == {f"pages/{f}.py" for f in files}
    assert set(PAGES) == set(REGISTERED) == set(TITLES)


@pytest.mark.parametrize("role", list(OPEN))
def test_the_menu_lists_only_a_roles_pages(role):
    assert {p.key for p in pages_for(role)} == OPEN[role]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", list(OPEN))
def test_each_role_on_each_page(monkeypatch, app_db, role, page):
    if page in OPEN[role]:  # through the menu, as the viewer would
        at = run_app(monkeypatch, app_db, page=page, user=claims(role))
        assert not at.exception
        assert at.title[0].value == TITLES[page]
        return
    # Opened directly (a typed URL reaches the page's file without the menu): refused.
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.secrets["auth"], at.user = AUTH, claims(role)
    at.run()
    assert not at.exception
    assert f"page is not open to the {role} role" in at.error[0].value
    assert not shows_data(at) and not at.title


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_every_page_asks_to_sign_in(monkeypatch, app_db, page):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.secrets["auth"], at.user = AUTH, {"is_logged_in": False}
    at.run()
    assert not at.exception and not shows_data(at)
    assert "sign in to see this dashboard" in at.info[0].value
    assert at.button[0].label == "Sign in"


def test_no_role_is_a_sentence(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, user={"is_logged_in": True, "email": "x@example.org"})
    assert not at.exception and not shows_data(at)
    # The markdown the page writes: the provider's address escaped, shown as it reads.
    assert at.error[0].value == (f"You are signed in as {as_markdown('x@example.org')}, but no "
                                 "role is set up for you. Ask an admin.")
    assert at.button[0].label == "Sign out"


def test_a_supervisor_without_programs_is_refused(monkeypatch, app_db):
    user = {"is_logged_in": True, "email": "s@example.org", "peerdash_role": "supervisor"}
    at = run_app(monkeypatch, app_db, user=user)
    assert not at.exception and not shows_data(at)
    assert "no programs are set up for you. Ask an admin." in at.error[0].value


def active_on(sample, program: str) -> int:
    return scalar(sample, "select count(*) from enrollments where program_id = $p and "
                          "enrolled_on <= $d and (discharged_on is null or discharged_on > $d)",
                  p=program, d=AS_OF)


def test_a_supervisor_sees_their_program_only(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, user=claims("supervisor"))
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Active enrollments"] == f"{active_on(sample, 'harbor'):,}"
    assert f"{HARBOR} · 1 Dec 2025 to 20 Nov 2026" in all_text(at)
    assert at.sidebar.multiselect[0].options == [HARBOR]
    assert f"Signed in as {as_markdown('supervisor@example.org')} · supervisor" in all_text(at)


@pytest.mark.parametrize("page", ["overview", "engagement", "workforce", "aftercare"])
def test_a_url_naming_another_program_shows_nothing_of_it(monkeypatch, app_db, sample, page):
    mesa = scalar(sample, "select program_id from programs where program_name like 'Mesa%'")
    at = run_app(monkeypatch, app_db, page=page, user=claims("supervisor"),
                 programs="Mesa Recovery Coaching")
    assert not at.exception
    text = all_text(at)
    assert "Mesa" not in text
    names = [r[0] for r in sample.execute(
        "select display_name from workers where program_id = $p", {"p": mesa}).fetchall()]
    shown = text + "".join(str(d.value) for d in at.dataframe)
    assert not any(name in shown for name in names)
    if page == "overview":  # either nothing at all, or Harbor's own figures
        metrics = {m.label: m.value for m in at.metric}
        assert metrics.get("Active enrollments") in (None, f"{active_on(sample, 'harbor'):,}")


def test_a_demo_on_a_real_database_is_refused_before_it_is_opened(monkeypatch, tmp_path):
    monkeypatch.delenv("PEERDASH_DEMO_ANY_DATABASE")
    at = run_app(monkeypatch, tmp_path / "real.duckdb", "analyst")
    assert not at.exception and not shows_data(at)
    assert "a demo opens only the sample database" in at.error[0].value
    assert not (tmp_path / "real.duckdb").exists()


def test_the_demo_says_so_and_offers_every_role(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "admin")
    assert not at.exception
    assert "Demo: no sign-in" in at.sidebar.warning[0].value
    assert at.sidebar.selectbox[0].options == ["Supervisor", "Funder", "Analyst", "Admin",
                                               "Peer worker"]
    assert at.title[0].value == "Users"  # an admin's first page


def sign_in_trail(db_path, email: str) -> list[tuple[str, str]]:
    """The audit rows of `email`'s sign-ins, as (role, what)."""
    from ui.data import database

    trail = audit_trail(database(str(db_path)), action="sign_in", limit=1_000)
    return [(r["role"], r["what"]) for r in trail.iter_rows(named=True) if r["who"] == email]


@pytest.mark.parametrize(("claims_", "sentence", "audited"), [
    ({"peerdash_role": "root"}, "but the role 'root' is not one this dashboard knows",
     ("root", "refused: The role 'root' is not one this dashboard knows")),
    ({"peerdash_role": "supervisor", "peerdash_programs": "*"},
     "with the supervisor role, but no programs are set up for you. Ask an admin.",
     ("supervisor", "refused: You are signed in as")),
    ({"peerdash_role": "analyst", "email_verified": False},
     "your identity provider says that address is not verified",
     ("none", "refused: the identity provider has not verified the e-mail")),
])
def test_a_refused_sign_in_is_a_sentence_and_an_audit_row_with_its_reason(
        monkeypatch, app_db, claims_, sentence, audited):
    email = f"refused-{len(claims_)}-{claims_['peerdash_role']}@example.org"
    user = {"is_logged_in": True, "email": email, "iat": 1_700_000_000, **claims_}
    at = run_app(monkeypatch, app_db, user=user)
    assert not at.exception and not shows_data(at)
    assert sentence in at.error[0].value
    assert at.button[0].label == "Sign out"
    rows = sign_in_trail(app_db, email)
    assert len(rows) == 1 and rows[0][0] == audited[0] and rows[0][1].startswith(audited[1])
    run_app(monkeypatch, app_db, user=user)  # the same token again: no second row
    assert len(sign_in_trail(app_db, email)) == 1


def test_an_unverified_address_is_refused_before_the_users_table_is_read(monkeypatch, app_db):
    from access.users import save_user
    from ui.data import database

    save_user(database(str(app_db)), "listed@example.org", "analyst", None, "t@example.org",
              "admin")
    listed = {"is_logged_in": True, "email": "listed@example.org"}
    at = run_app(monkeypatch, app_db, user={**listed, "email_verified": False})
    assert not at.exception and not shows_data(at)
    assert "is not verified" in at.error[0].value
    at = run_app(monkeypatch, app_db, user={**listed, "email_verified": True})
    assert not at.exception and at.title[0].value == "Overview"  # verified: the table decides


def demo(monkeypatch, db, asked: str) -> AppTest:
    """The demo opened from a link carrying ?role=<asked>."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["role"] = asked
    return at.run()


@pytest.mark.parametrize(("asked", "role", "title"), [
    ("funder", "funder", "Overview"), ("FUNDER", "funder", "Overview"),
    ("Analyst", "analyst", "Overview"), (" admin ", "admin", "Users"),
])
def test_the_demo_role_is_matched_on_its_id_in_any_case(monkeypatch, app_db, asked, role,
                                                        title):
    at = demo(monkeypatch, app_db, asked)
    assert not at.exception
    assert at.sidebar.selectbox[0].value == role
    assert at.title[0].value == title
    assert at.query_params["role"] == role
    if role == "funder":  # the funder view: the release's quarters, no program picker
        assert not at.sidebar.multiselect


@pytest.mark.parametrize("asked", ["root", "", "Supervisor: participants", "funders",
                                   "![p](http://127.0.0.1:8609/x.png)"])
def test_a_link_naming_no_role_is_refused_never_a_supervisor(monkeypatch, app_db, asked):
    at = demo(monkeypatch, app_db, asked)
    assert not at.exception and not shows_data(at) and not at.title
    assert at.error[0].value == (f"The link asks for the role '{as_markdown(asked)}', which this "
                                 "dashboard does not have (supervisor, funder, analyst, admin, "
                                 "peer_worker). "
                                 "Choose a role in the sidebar.")
    assert at.sidebar.selectbox[0].value is None


def test_the_start_page_without_a_role_opens_as_the_demos_first_role(monkeypatch, app_db):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "supervisor"
    assert at.query_params["role"] == "supervisor"
