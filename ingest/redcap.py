"""A REDCap project's data dictionary, given among the uploaded files, read so that a raw export
(codes such as 1/2) reads as its labels. The mapping's `[records.values]` tables are written
against labels, so one mapping then serves a project's raw and label exports alike
(docs/MAPPING_REDCAP.md).

Also from the dictionary: a header may be named by its variable (`discharge_status`) or its field
label (`Discharge Status`), whichever the export used; and a checkbox field's columns
(`referral___1`, `referral___2`, cells 0/1) read as one column, `referral`, holding the checked
choices' labels. Whole columns at a time; the dictionary itself is small.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import polars as pl

from ingest.headers import norm
from ingest.limits import Budget
from ingest.mapping import label_text
from ingest.text import decode, read_delimited

# The headers every REDCap data dictionary download has (matched as headers are)
HEADERS = {"field": "Variable / Field Name", "form": "Form Name", "kind": "Field Type",
           "label": "Field Label", "choices": "Choices, Calculations, OR Slider Labels"}
CODED = ("radio", "dropdown", "checkbox", "yesno", "truefalse")  # field types with choices
FIXED = {"yesno": "1, Yes | 0, No", "truefalse": "1, True | 0, False"}  # REDCap's own choices
CHECKBOX = re.compile(r"^(?P<field>[a-z][a-z0-9_]*?)___(?P<code>[A-Za-z0-9_]+)$")
# A label export names a checkbox column by the field's label and the choice's
LABELLED_BOX = re.compile(r"^(?P<label>.+?)\s*\(choice=(?P<choice>.+)\)$")
# REDCap's own columns, which no dictionary lists: the variable and a label export's header
OWN = {"redcap_event_name": "Event Name", "redcap_repeat_instrument": "Repeat Instrument",
       "redcap_repeat_instance": "Repeat Instance", "redcap_data_access_group": "Data Access Group"}
CHECKED = ("1", "checked")  # a raw export's 1, a label export's "Checked"
JOIN = " | "  # between the labels of several checked choices, as REDCap writes choices
SHOWN = 6  # choices named in one problem


@dataclass(frozen=True)
class Dictionary:
    """Which files were dictionaries, each field's label and type, and each coded field's
    choices (field, code, label)."""

    sources: tuple[str, ...]
    fields: pl.DataFrame
    choices: pl.DataFrame


@dataclass
class Labelled:
    """An export's cells after the dictionary: codes turned into labels, checkbox columns
    joined; `also` names each column a second way (norm(field label or variable) -> column)."""

    headers: list[str]
    data: pl.DataFrame
    also: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    joined: dict[str, str] = field(default_factory=dict)  # a checkbox column -> its field's


def is_dictionary(data: bytes) -> bool:
    """Whether a file's header line is a REDCap data dictionary's (read before the rest)."""
    try:
        text = decode(data[:8192])[0].decode("utf-8", errors="ignore")
        first = (text.splitlines() or [""])[0]  # any line ends: \r alone too
        found = {norm(h) for h in next(csv.reader(io.StringIO(first)), [])}
    except Exception:  # not text: not a dictionary, and read_file will say what it is
        return False
    return all(norm(HEADERS[k]) in found for k in ("field", "form", "kind", "choices"))


def read_dictionary(source: str, data: bytes, budget: Budget) -> Dictionary:
    """The dictionary's fields and, one row per choice, its coded fields' codes and labels."""
    raw, _ = read_delimited(data, None, budget)
    where = {norm(str(h)): name for h, name in zip(raw.row(0), raw.columns, strict=True)}
    body = raw.slice(1).select(
        pl.col(where[norm(h)]).cast(pl.String).str.strip_chars().alias(k) if norm(h) in where
        else pl.lit(None, pl.String).alias(k) for k, h in HEADERS.items()
    ).with_columns(pl.col("kind").str.to_lowercase()).filter(pl.col("field").is_not_null())
    coded = body.filter(pl.col("kind").is_in(CODED)).with_columns(
        pl.col("kind").replace_strict(FIXED, default=pl.col("choices")).alias("choices"))
    choices = (coded.select("field", choice=pl.col("choices").str.split("|")).explode("choice")
               .with_columns(pl.col("choice").str.splitn(",", 2)
                             .struct.rename_fields(["code", "label"]))
               .unnest("choice")
               .select("field", pl.col("code").str.strip_chars(),
                       pl.col("label").str.strip_chars())
               .filter(pl.col("code").is_not_null() & (pl.col("code") != ""))
               .unique(["field", "code"], keep="first", maintain_order=True))
    fields = body.select("field", "kind", "label").unique("field", keep="first",
                                                           maintain_order=True)
    return Dictionary((source,), fields, choices)


def combine(first: Dictionary | None, second: Dictionary) -> Dictionary:
    """Two projects' dictionaries given together act as one; a field both define is the
    first's (so each code has one label)."""
    if first is None:
        return second
    fields = pl.concat([first.fields, second.fields]).unique("field", keep="first",
                                                             maintain_order=True)
    theirs = second.choices.join(first.fields.select("field"), on="field", how="anti")
    return Dictionary(first.sources + second.sources, fields,
                      pl.concat([first.choices, theirs]))


def checked_column(variable: str) -> str:
    """The name of the column holding a checkbox field's checked labels."""
    return f"_checked_{variable}"


def _choices_text(choices: pl.DataFrame) -> str:
    shown = [f"{c} = {label}" for c, label in choices.select("code", "label").head(SHOWN).rows()]
    more = choices.height - SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _relabel(book: Dictionary, variable: str, cells: pl.Series,
             where: str) -> tuple[pl.Series, list[str]]:
    """Codes -> labels in one coded column; a cell already a label stays. A value that is
    neither is one problem per value, with its count of rows."""
    choices = book.choices.filter(pl.col("field") == variable)
    text = cells.cast(pl.String).str.strip_chars()
    labels = text.replace_strict(choices["code"], choices["label"], default=None)
    known = label_text(pl.col("v")).is_in(choices.select(label_text(pl.col("label"))
                                                         ).to_series().implode())
    odd = (pl.DataFrame({"v": text, "l": labels})
           .filter(pl.col("l").is_null() & pl.col("v").is_not_null() & (pl.col("v") != "")
                   & known.not_())
           .group_by("v", maintain_order=True).len())
    problems = [f"The value {v!r} in {where} ({n:,} row{'s' * (n != 1)}) is not one of the "
                f"field's choices in the data dictionary ({_choices_text(choices)}). Download "
                "the data dictionary again from the REDCap project (its choices may have "
                "changed since), or correct the export." for v, n in odd.rows()]
    return pl.select(pl.coalesce(labels, text)).to_series().alias(cells.name), problems


def _checked(book: Dictionary, variable: str, columns: dict[str, str],
             data: pl.DataFrame) -> tuple[pl.Series, list[str]]:
    """A checkbox field's columns (code -> column name) as the checked choices' labels, joined
    by ` | ` in the dictionary's order; empty where none is checked."""
    choices = book.choices.filter(pl.col("field") == variable)
    unknown = [c for c in columns if c not in choices["code"].to_list()]
    if unknown:
        return pl.Series(variable, [], pl.String), [
            f"The export has a checkbox column for choice {code!r} of {variable}, a choice the "
            f"data dictionary does not list ({_choices_text(choices)}). Download the "
            "data dictionary again from the REDCap project, or correct the export."
            for code in unknown]
    ticks = [pl.when(pl.col(columns[code]).cast(pl.String).str.strip_chars().str.to_lowercase()
                     .is_in(CHECKED)).then(pl.lit(label))
             for code, label in choices.select("code", "label").rows() if code in columns]
    joined = data.select(pl.concat_str(ticks, separator=JOIN, ignore_nulls=True)).to_series()
    return joined.replace("", None).alias(variable), []


def _box(book: Dictionary, by_field: dict[str, tuple[str, str, str]],
         by_label: dict[str, str], header: str) -> tuple[str, str] | None:
    """(variable, code) of a checkbox column: `referral___2`, or a label export's
    `Referred By (choice=Hospital ED)`; None for any other column."""
    if (box := CHECKBOX.match(header.strip())) and by_field.get(
            norm(box["field"]), ("", "", ""))[1] == "checkbox":
        return by_field[norm(box["field"])][0], box["code"]
    if (box := LABELLED_BOX.match(header.strip())) and (variable := by_label.get(
            norm(box["label"]))) is not None:
        codes = book.choices.filter((pl.col("field") == variable) & (
            label_text(pl.col("label")) == label_text(pl.lit(box["choice"]))))["code"]
        return (variable, codes[0]) if codes.len() else (variable, box["choice"])
    return None


def label_cells(book: Dictionary, headers: list[str], data: pl.DataFrame) -> Labelled:
    """An export (its header line and its cells, every one text) read through the dictionary."""
    fields = book.fields
    by_field = {norm(f): (f, k, lab) for f, k, lab in fields.rows()}
    by_label = {norm(lab): f for f, k, lab in fields.rows() if k == "checkbox" and lab}
    found = Labelled(list(headers), data)
    boxes: dict[str, dict[str, str]] = {}
    for header, name in zip(headers, data.columns, strict=True):
        if (box := _box(book, by_field, by_label, header)) is not None:
            boxes.setdefault(box[0], {})[box[1]] = name
            continue
        variable, kind, label = by_field.get(norm(header), (None, None, None))
        if variable is None:  # a label export's header: its variable names it too (below)
            continue
        if label:
            found.also.setdefault(norm(label), name)
        if kind in CODED:
            where = f"{variable}" + (f" ({label!r})" if label else "")
            cells, problems = _relabel(book, variable, data.get_column(name), where)
            found.data = found.data.with_columns(cells)
            found.problems += problems
    for variable, columns in boxes.items():
        joined, problems = _checked(book, variable, columns, data)
        found.problems += problems
        if not problems:
            name = checked_column(variable)
            found.data = found.data.with_columns(joined.alias(name))
            found.joined |= dict.fromkeys(columns.values(), name)
            found.headers.append(variable)
            if label := by_field[norm(variable)][2]:
                found.also.setdefault(norm(label), name)
    named = {norm(h): name for h, name in zip(found.headers, found.data.columns, strict=True)}
    pairs = [*((f, lab) for f, _k, lab in fields.rows()), *OWN.items()]
    for variable, label in pairs:  # a label export's headers named by their variables, too
        if label and (column := named.get(norm(label))) is not None:
            found.also.setdefault(norm(variable), column)
        elif (column := named.get(norm(variable))) is not None and label:
            found.also.setdefault(norm(label), column)
    return found
