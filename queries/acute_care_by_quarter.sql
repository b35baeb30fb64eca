-- one row per program in scope and calendar quarter from $start to $end (the first and last
-- quarter cut to the range)
-- R5: ED visits, hospital and detox admissions while enrolled, enrollments active at any time
-- in the quarter, and readmissions (an admission 1-30 days after the enrollment's previous
-- one). R9: overdose and overdose_death events of the enrollments, enrolled or not by then.
-- `whole` says the quarter is wholly inside the range and the data.
-- Parameters: the scope filter's ($start and $end among them), $last_day.
with

enrollments_in_scope as (
    select program_id, enrolled_on, discharged_on
    from enrollments
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

programs_in_scope as (
    select program_id
    from programs
    where program_id in (select program_id from scope_programs)
),

quarters as (
    select
        cast(q as date) as quarter,
        greatest(cast(q as date), d.start_day) as quarter_first,
        least(cast(q + interval 3 month as date) - 1, d.end_day) as quarter_last,
        cast(q as date) >= d.start_day
            and cast(q + interval 3 month as date) - 1
                <= least(d.end_day, cast($last_day as date)) as whole
    from scope_dates as d
    cross join unnest(generate_series(
        date_trunc('quarter', d.start_day),
        date_trunc('quarter', d.end_day),
        interval 3 month
    )) as t (q)
),

-- active on day d: enrolled_on <= d < discharged_on, as for E1
active as (
    select q.quarter, e.program_id, count(*) as active
    from quarters as q
    inner join enrollments_in_scope as e
        on e.enrolled_on <= q.quarter_last
        and (e.discharged_on is null
             or e.discharged_on > greatest(e.enrolled_on, q.quarter_first))
    group by q.quarter, e.program_id
),

-- the events in the range, each in its quarter (the quarters are cut to the range), with
-- enrolled and readmission from event_summary
dated as (
    select
        cast(date_trunc('quarter', event_on) as date) as quarter,
        program_id,
        event_type,
        enrolled,
        readmission
    from event_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and event_on >= (select start_day from scope_dates)
        and event_on <= (select end_day from scope_dates)
),

counted as (
    select
        quarter,
        program_id,
        sum(case when enrolled and event_type = 'ed_visit' then 1 else 0 end) as ed_visits,
        sum(case when enrolled and event_type = 'hospital_admission' then 1 else 0 end)
            as hospital_admissions,
        sum(case when enrolled and event_type = 'detox_admission' then 1 else 0 end)
            as detox_admissions,
        sum(case when enrolled and readmission then 1 else 0 end) as readmissions,
        sum(case when event_type = 'overdose' then 1 else 0 end) as overdoses,
        sum(case when event_type = 'overdose_death' then 1 else 0 end) as overdose_deaths
    from dated
    group by quarter, program_id
),

final as (
    select
        q.quarter,
        p.program_id,
        q.quarter_first,
        q.quarter_last,
        q.whole,
        coalesce(a.active, 0) as active,
        cast(coalesce(c.ed_visits, 0) as bigint) as ed_visits,
        cast(coalesce(c.hospital_admissions, 0) as bigint) as hospital_admissions,
        cast(coalesce(c.detox_admissions, 0) as bigint) as detox_admissions,
        cast(coalesce(c.readmissions, 0) as bigint) as readmissions,
        cast(coalesce(c.overdoses, 0) as bigint) as overdoses,
        cast(coalesce(c.overdose_deaths, 0) as bigint) as overdose_deaths
    from quarters as q
    cross join programs_in_scope as p
    left join active as a on a.quarter = q.quarter and a.program_id = p.program_id
    left join counted as c on c.quarter = q.quarter and c.program_id = p.program_id
)

select * from final
order by quarter, program_id
