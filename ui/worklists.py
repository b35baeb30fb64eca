"""The forms that work a list through: acknowledge or snooze a worker's flags, record an
attempt to reach someone; and the chosen row of a list, kept in the URL (?call=, ?interview=)
so that a reload or a shared link opens the same one. Writers are access/worklists.py's."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from access.viewer import NotAllowed
from access.worklists import OUTCOMES, NoteRefused, acknowledge, record_attempt
from metrics.formats import COLUMN_DAY, INPUT_DAY, day
from metrics.text import as_markdown
from queries.triage import WAITING
from ui.data import PageData

SNOOZE_DAYS = 14  # the snooze's suggested length: two weeks, about one supervision cycle


def table_key(param: str) -> str:
    """The list's table key: a new one after each change, so that no stale selection (a row
    number in the old order) picks another row."""
    return f"{param}:{st.session_state.get(f'{param}:generation', 0)}"


def _reset(param: str, close: bool = False) -> None:
    st.session_state[f"{param}:generation"] = st.session_state.get(f"{param}:generation", 0) + 1
    if close:
        st.query_params.pop(param, None)


def chosen_row(param: str, frame: pl.DataFrame, event: object) -> dict | None:
    """The list's row whose enrollment the URL names (?<param>=E123), else None; a row just
    selected in the table (its `event`) is written to the URL first."""
    rows = event["selection"]["rows"] if isinstance(event, dict) else []
    if rows and rows[0] < frame.height:
        st.query_params[param] = frame["enrollment_id"][rows[0]]
    wanted = st.query_params.get(param)
    if wanted is None:
        return None
    found = frame.filter(pl.col("enrollment_id") == wanted)
    if found.height == 0:
        st.info(f"Enrollment {as_markdown(wanted)} (from the address) is not on this list now: "
                "it may have been followed up, or be outside the filters in the sidebar.")
        return None
    return found.row(0, named=True)


def attempt_form(data: PageData, row: dict, worklist: str, param: str,
                 attempts: pl.DataFrame, today: date) -> None:
    """Record an attempt for the chosen row, and list the attempts made so far."""
    enrollment = row["enrollment_id"]
    st.markdown(f"**Participant {as_markdown(row['participant_id'])}** (enrollment "
                f"{as_markdown(enrollment)}) · {as_markdown(row['worker'])} · last attempt: "
                f"{row['last_attempt']}")
    with st.form(f"attempt:{worklist}", clear_on_submit=True, border=True):
        left, right = st.columns([1, 2])
        on = left.date_input("Date of the attempt", value=today, max_value=today,
                             format=INPUT_DAY)
        outcome = right.radio("Outcome", list(OUTCOMES), format_func=OUTCOMES.__getitem__,
                              horizontal=True, index=None)  # chosen, never assumed
        note = st.text_input("Note (optional)", max_chars=2_000)
        clicked = st.form_submit_button("Record the attempt", type="primary")
        if clicked:
            if outcome is None:
                st.error("Choose the outcome of the attempt (" + ", ".join(
                    OUTCOMES.values()).lower() + "), then record it: nothing was saved.")
            else:
                _save_attempt(data, enrollment, worklist, on, outcome, note, today, param)
    mine = attempts.filter(pl.col("enrollment_id") == enrollment)
    if mine.height:
        st.dataframe(mine.select(
            Date="attempted_on", Outcome=pl.col("outcome").replace_strict(OUTCOMES),
            Note="note", By="made_by"), hide_index=True, width="stretch",
            column_config={"Date": st.column_config.DateColumn(format=COLUMN_DAY)})
    st.button("Close", key=f"close:{param}", on_click=_reset, args=(param, True))


def _save_attempt(data: PageData, enrollment: str, worklist: str, on: date, outcome: str,
                  note: str, today: date, param: str) -> None:
    try:
        data.run(record_attempt, data.viewer, enrollment, worklist, on, outcome, note, today)
    except (NoteRefused, NotAllowed) as refused:
        st.error(str(refused))
    else:
        st.toast(f"Recorded: {OUTCOMES[outcome]} on {day(on)}.")
        _reset(param)
        st.rerun()


def acknowledge_form(data: PageData, worker_id: str, states: pl.DataFrame,
                     today: date) -> None:
    """Acknowledge the worker's flags waiting for a look (or the ones chosen), with a note;
    with a day, they are snoozed until it. Either way a flag returns if its figure worsens."""
    waiting = states.filter(pl.col("waiting"))
    if waiting.height == 0:
        st.caption("Every flag of this worker is acknowledged or snoozed.")
        return
    chips = dict(zip(waiting["rule"], waiting["chip"], strict=True))
    with st.form(f"acknowledge:{worker_id}", clear_on_submit=True, border=True):
        st.markdown("**Acknowledge**")
        chosen = st.multiselect("Flags", list(chips), default=list(chips),
                                format_func=lambda r: f"{r}: {chips[r]}")
        note = st.text_input("Note: what was done, or why it can wait", max_chars=2_000)
        until = st.date_input("Snooze until (leave empty to acknowledge until it gets worse)",
                              value=None, min_value=today + timedelta(days=1),
                              format=INPUT_DAY,
                              help=f"For example {day(today + timedelta(days=SNOOZE_DAYS))}.")
        if st.form_submit_button("Acknowledge", type="primary"):
            _save_acknowledgements(data, worker_id, waiting, chosen, note, until, today)


def _save_acknowledgements(data: PageData, worker_id: str, waiting: pl.DataFrame,
                           chosen: list[str], note: str, until: date | None,
                           today: date) -> None:
    if not chosen:
        st.error("Choose at least one flag to acknowledge.")
        return
    try:
        for flag in waiting.filter(pl.col("rule").is_in(chosen)).iter_rows(named=True):
            data.run(acknowledge, data.viewer, worker_id, flag["rule"], flag["value"], note,
                     until, today)
    except (NoteRefused, NotAllowed) as refused:
        st.error(str(refused))
        return
    st.toast(f"Acknowledged {len(chosen)} flag(s)" + (f" until {day(until)}." if until
                                                       else "."))
    st.rerun()


STATE_BADGES = {"new": "blue", "not yet acknowledged": "gray", "back: worse": "red",
                "back: date passed": "orange", "snoozed": "violet", "acknowledged": "green"}


def flag_lines(states: pl.DataFrame) -> str:
    """Each flag's full sentence with its state as a badge (and until when, if snoozed)."""
    lines = []
    for flag in states.iter_rows(named=True):
        state = flag["state"]
        if state == "snoozed":
            state = f"snoozed until {day(flag['snoozed_until'])}"
        badge = f":{STATE_BADGES[flag['state']]}-badge[{state}]"
        ack = (f" · *{as_markdown(flag['note'])}* ({as_markdown(flag['made_by'])}, "
               f"{day(flag['made_at'].date())})"
               if flag["made_at"] is not None and flag["state"] not in WAITING[:2] else "")
        lines.append(f"- {badge} {flag['figure']}{ack}")
    return "\n".join(lines)
