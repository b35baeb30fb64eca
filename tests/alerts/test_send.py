"""python -m alerts send, run as cron runs it (a separate process) against a real SMTP server
on 127.0.0.1 and a copy of the sample database: who gets what, whether a person could be
recognised from any mail, each supervisor's counts against their own programs recomputed here,
a second run, a server that is down, and no server at all."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from html import unescape
from pathlib import Path

import duckdb
import polars as pl
from aiosmtpd.controller import Controller

from access.viewer import Viewer
from access.worklists import acknowledge
from alerts.compose import period
from queries.admin import audit_trail
from queries.attention import thresholds
from queries.funder import funder_release
from queries.scope import ALL, Scope
from queries.triage import flag_states
from queries.workforce import workforce_frames
from settings import Settings
from store.connection import Store, connect
from store.database import Database
from store.published import current
from tests.alerts.conftest import APP_URL, ROOT, USERS, Inbox, Mailer
from tests.conftest import AS_OF, own_rows

HARBOR, TWO = ("harbor",), ("mesa", "pine-ridge")
ALERT_RULES = ("Recent critical incident", "Burnout rising")


def text(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert part is not None, "no plain-text part"
    return str(part.get_content()).replace("\r\n", "\n")  # as sent: SMTP's line ends


def html(mail: EmailMessage) -> str:
    part = mail.get_body(("html",))
    assert part is not None, "no HTML part"
    return str(part.get_content())


def shown(mail: EmailMessage) -> str:
    """The HTML part as a reader sees it: its text, entities read, without the tags."""
    return unescape(re.sub(r"<[^>]+>", " ", html(mail)))


def whole(mail: EmailMessage) -> str:
    """Everything a reader (or a leak) of the mail gets: its headers and both parts."""
    return "\n".join([*(f"{k}: {v}" for k, v in mail.items()), text(mail), html(mail)])


def said(body: str, pattern: str) -> int:
    """The count a sentence of the digest gives (0: the digest has no such line)."""
    found = re.search(pattern, body)
    return int(found.group(1).replace(",", "")) if found else 0


CALLS = r"(\d[\d,]*) (?:person|people) discharged more than 7 days ago"
FLAGS = r"(\d[\d,]*) needs-attention flags? of"
INTERVIEWS = r"(\d[\d,]*) follow-up interviews? ha"


def calls(con: duckdb.DuckDBPyConnection, programs: tuple[str, ...] | None) -> int:
    """Discharged 8-29 days before the data's last day (not deceased or incarcerated), no
    appointment attended since the discharge, none scheduled after the last day: plain SQL."""
    return con.execute("""
        select count(*) from enrollments as e
        where ($programs is null or list_contains($programs, e.program_id))
            and e.discharged_on > $since and e.discharged_on < $before
            and e.discharge_reason not in ('deceased', 'incarcerated')
            and not exists (select 1 from appointments as a where a.enrollment_id =
                e.enrollment_id and a.status = 'attended' and a.scheduled_on >= e.discharged_on
                and a.scheduled_on <= $last)
            and not exists (select 1 from appointments as a where a.enrollment_id =
                e.enrollment_id and a.status = 'scheduled' and a.scheduled_on > $last)""",
        {"programs": list(programs) if programs else None, "last": AS_OF,
         "since": AS_OF - timedelta(days=30), "before": AS_OF - timedelta(days=7)}
    ).fetchall()[0][0]


def interviews(con: duckdb.DuckDBPyConnection, programs: tuple[str, ...] | None) -> int:
    """Intakes whose window closes within 7 days of the last day, not interviewed by then,
    not deceased, not closed out (SUPRT) before the window closed; and SUPRT episodes whose
    annual assessment window (the baseline's anniversary, 30 days either side) closes within 7
    days with no annual assessment in it by then, not closed out, not deceased: plain SQL."""
    return con.execute("""
        select (select count(*) from enrollment_summary
        where ($programs is null or list_contains($programs, program_id))
            and window_closes between $last and $last + 7
            and (six_month_on is null or six_month_on > $last)
            and coalesce(discharge_reason, '') <> 'deceased'
            and not (closeout_on is not null and closeout_on <= $last
                     and closeout_on <= window_closes and six_month_on is null))
        + (select count(*) from enrollment_summary as s, range(1, 4) as y (k)
        where ($programs is null or list_contains($programs, s.program_id))
            and s.intake_instrument <> 'gpra'
            and cast(s.intake_on + to_years(cast(y.k as integer)) as date) + 30
                between $last and $last + 7
            and coalesce(s.discharge_reason, '') <> 'deceased'
            and (s.closeout_on is null or s.closeout_on > $last)
            and not exists (select 1 from assessments as a
                where a.enrollment_id = s.enrollment_id and a.wave = '12_month'
                and a.assessed_on <= $last and a.assessed_on between
                cast(s.intake_on + to_years(cast(y.k as integer)) as date) - 30
                and cast(s.intake_on + to_years(cast(y.k as integer)) as date) + 30))""",
        {"programs": list(programs) if programs else None, "last": AS_OF}).fetchall()[0][0]


def waiting_flags(path: Path, programs: tuple[str, ...] | None) -> pl.DataFrame:
    """The flags waiting for a look as the Workforce page finds them (its frames, a range
    from the start of the year), none acknowledged yet."""
    con = connect(current(path), read_only=True)
    try:
        db = Database(con, path, current(path))
        scope = Scope(programs or ALL, date(AS_OF.year, 1, 1), AS_OF)
        frames = workforce_frames(db, scope, thresholds(Settings()))
        acks = db.frame("flag_acknowledgements", **scope.params())
        return flag_states(frames.flags, acks, date.today()).filter("waiting")
    finally:
        con.close()


def test_one_send_delivers_each_user_the_digest_of_their_role_as_text_and_html(
        mailer: Mailer, inbox: Inbox, db: Path):
    done = mailer.run("send")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Sent 4 digests to 4 people."
    # every user but the admin, who sees no figures; one mail each
    assert sorted(r for rcpt, _ in inbox.received for r in rcpt) == sorted(
        e for e, (role, _) in USERS.items() if role != "admin")
    for email, (role, _) in USERS.items():
        for mail in inbox.to(email):
            assert mail["From"] == "dashboard@example.org"
            assert mail["Subject"].startswith("Peer Recovery Dashboard: ")
            page = "funder" if role == "funder" else "workforce"
            assert f"{APP_URL}/{page}" in text(mail)
            assert f'<a href="{APP_URL}/{page}">' in html(mail)
            assert "sign in" in text(mail).lower()
            # where to change it: the Subscriptions page, a page of the app (ui/access.py)
            assert f"or to stop it: {APP_URL}/subscriptions" in text(mail)
            assert f'<a href="{APP_URL}/subscriptions">' in html(mail)
    # each one audited: to whom, which rules, the counts the mail gave
    app = Database(connect(current(db), read_only=True), db, current(db))
    trail = audit_trail(app, action="mail", limit=20)
    app.con.close()
    assert sorted(trail["what"].str.extract(r"to (\S+) ").to_list()) == sorted(
        e for e, (role, _) in USERS.items() if role != "admin")
    sup = trail.filter(pl.col("what").str.contains("sup-harbor@"))["filters"][0]
    body = text(inbox.to("sup-harbor@example.org")[0])
    assert f'"calls": {said(body, CALLS)}' in sup and f'"flags": {said(body, FLAGS)}' in sup


def test_each_supervisor_gets_the_counts_of_their_own_programs(
        mailer: Mailer, inbox: Inbox, db: Path, sample: duckdb.DuckDBPyConnection):
    assert mailer.run("send").returncode == 0
    for email, programs in (("sup-harbor@example.org", HARBOR),
                            ("sup-two@example.org", TWO), ("analyst@example.org", None)):
        [mail] = inbox.to(email)
        body = text(mail)
        assert said(body, CALLS) == calls(sample, programs), email
        assert said(body, INTERVIEWS) == interviews(sample, programs), email
        assert said(body, FLAGS) == waiting_flags(db, programs).height, email
    # the two supervisors' programs are apart: together they are not the analyst's whole
    everyone = text(inbox.to("analyst@example.org")[0])
    assert said(everyone, CALLS) > said(text(inbox.to("sup-harbor@example.org")[0]), CALLS)


def identifiers(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every participant id, enrollment id, worker id and worker name (and first name) in the
    database."""
    rows = con.execute("""
        select participant_id from participants
        union select enrollment_id from enrollments
        union select worker_id from workers
        union select display_name from workers
        union select split_part(display_name, ' ', 1) from workers""").fetchall()
    return {r[0] for r in rows if r[0]}


def test_no_mail_holds_a_participant_id_or_a_worker_id_or_name(
        mailer: Mailer, inbox: Inbox, db: Path, sample: duckdb.DuckDBPyConnection):
    assert mailer.run("subscribe", "--email", "sup-harbor@example.org", "--alerts", "on"
                      ).returncode == 0
    assert mailer.run("send").returncode == 0
    assert len(inbox.received) > 4  # the digests and the harbor supervisor's alerts
    ids = identifiers(sample)
    assert len(ids) > 3000
    # each id or name on its own (not inside a longer word or number), in any case
    anywhere = re.compile(r"(?<!\w)(" + "|".join(
        re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
    name = sample.execute("select display_name from workers limit 1").fetchall()[0][0]
    assert anywhere.search(f"Burnout rising for {name}.")  # it would catch one
    for _, mail in inbox.received:
        found = anywhere.findall(whole(mail))
        assert not found, (mail["To"], found[:5])


def test_a_funders_digest_says_a_new_quarter_is_out_with_no_count_at_all(
        mailer: Mailer, inbox: Inbox, db: Path):
    con = connect(current(db), read_only=True)
    funder_release(Database(con, db, current(db)), AS_OF)  # as a funder's first view keeps it
    con.close()
    assert mailer.run("send").returncode == 0
    [mail] = inbox.to("funder@example.org")
    body = text(mail)
    assert mail["Subject"] == "Peer Recovery Dashboard: a new quarter's release is out"
    # the latest quarter whose windows have closed by 20 Nov 2026
    assert "A new quarter's release is out: July to September 2026." in body
    # the only numbers in what it says are years: the quarter in words, no count, no day.
    # (the Date and Message-ID headers are the mail's own envelope, the HTML's tags its
    # markup: what a reader reads is the subject, the text and the HTML as shown)
    numbers = re.findall(r"\d+", "\n".join([mail["Subject"], body, shown(mail)]))
    assert numbers and all(n in ("2026",) for n in numbers), numbers


def test_a_second_send_sends_nothing_and_says_so(mailer: Mailer, inbox: Inbox):
    assert mailer.run("send").returncode == 0
    first = len(inbox.received)
    again = mailer.run("send")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == ("Nothing new to send: every digest and alert due now was "
                                    "sent already.")
    assert len(inbox.received) == first == 4


def test_a_server_that_is_down_is_said_and_the_next_run_delivers(mailer: Mailer, db: Path):
    down = mailer.run("send")  # nothing listens on the port yet
    assert down.returncode == 1
    assert "Could not deliver 4 messages (127.0.0.1:" in down.stdout
    assert "the next run retries them" in down.stdout
    assert own_rows(db, "select count(*) from mail_messages where sent_at is null") == [(4,)]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=mailer.port)
    controller.start()
    try:
        up = mailer.run("send")
        assert up.returncode == 0, up.stderr
        assert up.stdout.strip() == ("Retried 4 messages that an earlier run could not "
                                     "deliver: 4 delivered now.")
        assert len(handler.received) == 4
        assert mailer.run("send").stdout.strip().startswith("Nothing new to send")
    finally:
        controller.stop()
    assert own_rows(db, "select count(*), min(attempts) from mail_messages "
                        "where sent_at is not null") == [(4, 2)]


def test_without_a_mail_server_nothing_is_sent_or_queued(mailer: Mailer, db: Path):
    env = mailer.env()
    del env["PEERDASH_SMTP_HOST"]
    refused = mailer.run("send", env=env)
    assert refused.returncode == 2
    assert "No mail can be sent: PEERDASH_SMTP_HOST is not set" in refused.stderr
    assert "Nothing was sent or changed." in refused.stderr
    assert own_rows(db, "select count(*) from mail_messages") == [(0,)]


def test_an_alert_comes_once_per_worker_and_rule_until_acknowledged_and_back(
        mailer: Mailer, inbox: Inbox, db: Path):
    assert mailer.run("subscribe", "--email", "sup-harbor@example.org", "--alerts", "on"
                      ).returncode == 0
    flags = waiting_flags(db, HARBOR).filter(pl.col("rule").is_in(ALERT_RULES))
    assert flags.height >= 2  # seed 7: three incidents and a burnout rise in harbor
    assert mailer.run("send").returncode == 0
    alerts = [m for m in inbox.to("sup-harbor@example.org") if "a worker's flag" in m["Subject"]]
    assert len(alerts) == flags.height
    assert mailer.run("send").stdout.strip().startswith("Nothing new to send")
    # one flag acknowledged as it stands (stays out), one acknowledged at a lower figure
    # than it has now (so it is back, worse): exactly one alert more
    store = Store(connect(current(db), read_only=True), db, current(db))
    sup = Viewer("sup-harbor@example.org", "supervisor", HARBOR, signed_in=True)
    (w1, r1, v1), (w2, r2, v2) = flags.select("worker_id", "rule", "value").rows()[:2]
    acknowledge(store, sup, w1, r1, v1, "debriefed", None, date.today())
    acknowledge(store, sup, w2, r2, v2 - 1, "debriefed", None, date.today())
    store.con.close()
    again = mailer.run("send")
    assert again.stdout.strip() == "Sent 1 alert to 1 person."
    assert inbox.received[-1][1]["Subject"].endswith(r2.lower())


def test_preview_prints_what_the_user_gets(mailer: Mailer, inbox: Inbox):
    shown = mailer.run("preview", "--email", "sup-two@example.org")
    assert shown.returncode == 0, shown.stderr
    assert mailer.run("send").returncode == 0
    [mail] = inbox.to("sup-two@example.org")
    assert text(mail).strip() in shown.stdout
    assert mailer.run("preview", "--email", "nobody@example.org").returncode == 1


def test_the_mail_command_runs_without_streamlit():
    found = subprocess.run(
        [sys.executable, "-c", "import sys, alerts.__main__, queries.today; "
         "print(any(m.split('.')[0] == 'streamlit' for m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.stdout.strip() == "False", found.stderr


def test_a_daily_digest_is_once_a_day_and_a_weekly_one_once_an_iso_week():
    monday = datetime(2026, 12, 7, 7, 0)
    assert period("daily", monday) == "day 2026-12-07"
    assert period("weekly", monday) == period("weekly", monday + timedelta(days=6))
    assert period("weekly", monday) != period("weekly", monday + timedelta(days=7))
