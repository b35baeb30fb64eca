"""W6 Needs attention: which workers tripped which rule as of a day, with the figure behind
each flag. Pure polars over the frames of queries.workforce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from metrics.formats import DAY_FORMAT, day
from metrics.instruments import PROQOL_HIGH
from settings import Settings

FLAGS = pl.Schema({"worker_id": pl.String, "display_name": pl.String, "rule": pl.String,
                   "figure": pl.String, "on": pl.Date, "value": pl.Float64, "chip": pl.String})


@dataclass(frozen=True)
class Rule:
    """How a rule weighs in triage, and which way its figure gets worse."""

    weight: int  # added to a worker's severity while the flag is not acknowledged
    higher_is_worse: bool  # the figure (`value`) that gets worse: up, or down (supervision)
    step: float  # how much worse it must get for an acknowledged flag to come back
    why: str


# Triage's severity: the sum of the weights of a worker's flags not acknowledged or snoozed
# (docs/WORKLISTS.md). The why of each weight, in one line:
RULES: dict[str, Rule] = {
    "Recent critical incident": Rule(5, True, 1, "exposure to a critical incident calls for a "
                                     "debrief within days, not at the next check-in"),
    "Burnout rising": Rule(4, True, 1, "a sharp rise is the earliest sign of a worker heading "
                           "for sick leave or leaving; the figure is the latest score"),
    "High burnout": Rule(4, True, 1, "ProQOL's high band: distress now, the main reason peer "
                         "workers leave"),
    "High secondary traumatic stress": Rule(4, True, 1, "ProQOL's high band: trauma carried "
                                            "from participants' stories"),
    "Caseload over threshold": Rule(3, True, 1, "a load the supervisor can change directly, "
                                    "and a cause of the burnout above"),
    "Supervision below target": Rule(2, False, 1, "two months short of supervision: the "
                                     "support that prevents the rest is missing"),
    "No recent check-in": Rule(1, True, 30, "missing readings, not evidence of distress: it "
                               "asks for a check-in; comes back after 30 more days"),
}


@dataclass(frozen=True)
class Thresholds:
    """The configurable limits the rules judge against; the defaults are the settings'."""

    caseload_per_fte: float = Settings.caseload_per_fte_threshold
    supervision_minutes: float = Settings.supervision_target_minutes  # per month
    burnout_rise: int = Settings.burnout_rise_points  # points between the last two check-ins
    incident_days: int = Settings.incident_days
    checkin_gap_days: int = Settings.checkin_gap_days


def _flags(frame: pl.DataFrame, rule: str, figure: pl.Expr, on: pl.Expr, value: pl.Expr,
           chip: pl.Expr) -> pl.DataFrame:
    """The rule's rows: its sentence (figure), day, the number it judges (value) and a chip."""
    return frame.select("worker_id", "display_name", rule=pl.lit(rule),
                        figure=figure, on=on, value=value, chip=chip).cast(FLAGS)


def _by_worker(checkins: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """worker_id, display_name, checkin_on and the columns of the check-ins, by worker and
    date: sorted once for every rule that reads the latest readings (only the columns they
    read: sorting every column of every check-in cost more)."""
    return (checkins.select("worker_id", "display_name", "checkin_on", *columns)
            .sort("worker_id", "checkin_on"))


def _last(by_worker: pl.DataFrame, column: str, n: int = 1) -> pl.DataFrame:
    """Of check-ins by worker and date (_by_worker), each worker's last `n` that have
    `column`, oldest first: worker_id, display_name, checkin_on and the column."""
    return (by_worker.select("worker_id", "display_name", "checkin_on", column)
            .filter(pl.col(column).is_not_null())
            .group_by("worker_id", maintain_order=True).tail(n))


def _proqol(by_worker: pl.DataFrame) -> list[pl.DataFrame]:
    out = []
    for column, name, short in (("proqol_bo", "Burnout", "Burnout"),
                                ("proqol_sts", "Secondary traumatic stress", "STS")):
        high = _last(by_worker, column).filter(pl.col(column) >= PROQOL_HIGH)
        out.append(_flags(high, f"High {name.lower()}", pl.format(
            f"{name} {{}} (high ≥ {PROQOL_HIGH}) on {{}}", column, _date("checkin_on")),
            pl.col("checkin_on"), pl.col(column), pl.format(f"{short} {{}}", column)))
    return out


def _date(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime(DAY_FORMAT)


def _pairs(by_worker: pl.DataFrame, column: str) -> pl.DataFrame:
    """Each worker's last two check-ins with `column`: before, after and their dates."""
    last = _last(by_worker, column, 2)
    return last.group_by("worker_id", "display_name", maintain_order=True).agg(
        before=pl.col(column).first(), after=pl.col(column).last(),
        first_on=pl.col("checkin_on").first(), last_on=pl.col("checkin_on").last(),
        n=pl.len()).filter(pl.col("n") == 2)


def _rising(by_worker: pl.DataFrame, rise: int) -> pl.DataFrame:
    pairs = _pairs(by_worker, "proqol_bo").filter(pl.col("after") - pl.col("before") >= rise)
    return _flags(pairs, "Burnout rising", pl.format(
        "Burnout up {} points ({} → {}) from {} to {}", pl.col("after") - pl.col("before"),
        "before", "after", _date("first_on"), _date("last_on")), pl.col("last_on"),
        pl.col("after"), pl.format("Burnout {} ↑{}", "after", pl.col("after") - pl.col("before")))


def supervision_months(as_of: date) -> tuple[date, date]:
    """The first days of the two whole months W6 judges supervision on: those ending on or
    before `as_of` (as of 20 Nov: September and October; as of 30 Nov: October and November)."""
    last = as_of.replace(day=1) if (as_of + timedelta(days=1)).day == 1 else (
        as_of.replace(day=1) - timedelta(days=1)).replace(day=1)
    return (last - timedelta(days=1)).replace(day=1), last


def _supervision(by_worker: pl.DataFrame, months: pl.DataFrame, as_of: date,
                 target: float) -> pl.DataFrame:
    """Two months running under target. A worker with sessions logged (the supervision
    records) in the two whole months before `as_of` is judged on those months' W4 minutes, a
    month without any counting what its check-ins report, else nothing; every other worker on
    their last two check-ins, each one's minutes a month since the one before."""
    first, last = supervision_months(as_of)
    window = months.filter(pl.col("month").is_between(first, last))
    logged = window.filter(pl.col("source") == "records")["worker_id"].unique().implode()
    by_month = (window.filter(pl.col("worker_id").is_in(logged))
                .group_by("worker_id", "display_name").agg(
                    before=pl.col("minutes").filter(pl.col("month") == first).sum(),
                    after=pl.col("minutes").filter(pl.col("month") == last).sum())
                .filter((pl.col("before") < target) & (pl.col("after") < target))
                .sort("worker_id"))
    on_records = _flags(by_month, "Supervision below target", pl.format(
        f"Supervision {{}} then {{}} min logged in {first:%B} and {last:%B %Y} "
        f"(target {target:g} a month)", "before", "after"), pl.lit(last),
        pl.col("after").cast(pl.Float64), pl.format("Supervision {} min", "after"))
    pairs = _pairs(by_worker.filter(~pl.col("worker_id").is_in(logged)),
                   "supervision_per_month").filter(
        (pl.col("before") < target) & (pl.col("after") < target))
    on_checkins = _flags(pairs, "Supervision below target", pl.format(
        f"Supervision {{}} then {{}} min a month (target {target:g}) at the check-ins of {{}} "
        "and {}", pl.col("before").round(0).cast(pl.Int64), pl.col("after").round(0)
        .cast(pl.Int64), _date("first_on"), _date("last_on")), pl.col("last_on"), pl.col("after"),
        pl.format("Supervision {} min", pl.col("after").round(0).cast(pl.Int64)))
    return pl.concat([on_records, on_checkins])


def _caseload(caseload: pl.DataFrame, as_of: date, limit: float) -> pl.DataFrame:
    over = caseload.filter((pl.col("day") == as_of) & (pl.col("per_fte") > limit))
    return _flags(over, "Caseload over threshold", pl.format(
        f"Caseload {{}} on {{}} FTE = {{}} per FTE (over {limit:g}) on {day(as_of)}",
        "caseload", pl.col("fte").round(2), pl.col("per_fte").round(1)), pl.lit(as_of),
        pl.col("per_fte"), pl.format("{} per FTE", pl.col("per_fte").round(0).cast(pl.Int64)))


def _incidents(incidents: pl.DataFrame, as_of: date, days: int) -> pl.DataFrame:
    """Critical incidents in the last `days` (worker_incidents.sql: the records of a
    worker-quarter with any, else what its check-ins report)."""
    recent = (incidents.filter(pl.col("occurred_on") > as_of - timedelta(days=days),
                               pl.col("occurred_on") <= as_of)
              .group_by("worker_id", "display_name", maintain_order=True)
              .agg(n=pl.col("incidents").sum(), on=pl.col("occurred_on").max(),
                   logged=(pl.col("source") == "records").sum(), n_rows=pl.len()))
    where = (pl.when(pl.col("logged") == pl.col("n_rows")).then(pl.lit("logged"))
             .when(pl.col("logged") == 0).then(pl.lit("reported at check-ins"))
             .otherwise(pl.lit("logged or reported at check-ins")))
    return _flags(recent, "Recent critical incident", pl.format(
        f"{{}} critical incident(s) {{}} in the last {days} days (latest {{}})",
        "n", where, _date("on")), pl.col("on"), pl.col("n"),
        pl.format("{} incident{}", "n", pl.when(pl.col("n") == 1).then(pl.lit(""))
                  .otherwise(pl.lit("s"))))


def _silent(roster: pl.DataFrame, checkins: pl.DataFrame, as_of: date,
            gap: int) -> pl.DataFrame:
    last = checkins.group_by("worker_id").agg(last_on=pl.col("checkin_on").max())
    since = roster.join(last, on="worker_id", how="left").with_columns(
        days=(pl.lit(as_of) - pl.coalesce("last_on", "hired_on")).dt.total_days())
    quiet = since.filter(pl.col("days") > gap)
    figure = pl.when(pl.col("last_on").is_null()).then(pl.format(
        "No check-in since hired on {} ({} days)", _date("hired_on"), "days")).otherwise(
        pl.format("No check-in for {} days (last on {})", "days", _date("last_on")))
    return _flags(quiet, "No recent check-in", figure, pl.lit(as_of), pl.col("days"),
                  pl.format("No check-in {} days", "days"))


def on_staff(roster: pl.DataFrame, day: date) -> pl.DataFrame:
    """The workers employed on the day: hired on or before it, not yet left."""
    return roster.filter(pl.col("hired_on") <= day,
                         pl.col("left_on").is_null() | (pl.col("left_on") > day))


def needs_attention(roster: pl.DataFrame, caseload: pl.DataFrame, checkins: pl.DataFrame,
                    incidents: pl.DataFrame, supervision: pl.DataFrame, as_of: date,
                    limits: Thresholds) -> pl.DataFrame:
    """One row per rule that fired for a worker employed on `as_of`, judged on the check-ins,
    incidents (worker_incidents.sql), supervision by month (W4's,
    worker_supervision_by_month.sql, from supervision_months) and caseloads up to that day:
    rule, the figure behind it, and the day it is from."""
    employed = on_staff(roster, as_of)
    ids = employed["worker_id"].implode()
    checkins = checkins.filter(pl.col("worker_id").is_in(ids), pl.col("checkin_on") <= as_of)
    caseload = caseload.filter(pl.col("worker_id").is_in(ids))
    incidents = incidents.filter(pl.col("worker_id").is_in(ids))
    supervision = supervision.filter(pl.col("worker_id").is_in(ids))
    by_worker = _by_worker(checkins, "proqol_bo", "proqol_sts", "supervision_per_month")
    parts = [*_proqol(by_worker), _rising(by_worker, limits.burnout_rise),
             _caseload(caseload, as_of, limits.caseload_per_fte),
             _supervision(by_worker, supervision, as_of, limits.supervision_minutes),
             _incidents(incidents, as_of, limits.incident_days),
             _silent(employed, checkins, as_of, limits.checkin_gap_days)]
    return pl.concat(parts)


def thresholds(settings: Settings) -> Thresholds:
    """The rules' limits as the settings give them."""
    return Thresholds(settings.caseload_per_fte_threshold, settings.supervision_target_minutes,
                      settings.burnout_rise_points, settings.incident_days,
                      settings.checkin_gap_days)
