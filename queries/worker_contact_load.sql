-- one row per worker per week (Monday to Sunday) lying wholly within $start to $end, for the
-- weeks the worker was employed in
-- W2: contacts the worker made in the week and their hours. Parameters: the scope filter's
-- ($start and $end among them).
with

workers_in_scope as (
    select worker_id, display_name, hired_on, left_on
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

weeks as (
    select cast(w as date) as week
    from scope_dates as d
    cross join unnest(generate_series(
        date_trunc('week', d.start_day + 6),
        date_trunc('week', d.end_day - 6),
        interval 7 day
    )) as t (w)
),

worker_weeks as (
    select weeks.week, s.worker_id, s.display_name
    from weeks
    inner join workers_in_scope as s
        on s.hired_on <= weeks.week + 6
        and (s.left_on is null or s.left_on > weeks.week)
),

-- the worker's contacts in each week, from contact_weeks: every week here lies wholly within
-- the range, so all its contacts fall in it
weekly as (
    select k.worker_id, k.week, k.contacts, k.minutes
    from contact_weeks as k
    inner join workers_in_scope as s on s.worker_id = k.worker_id
    inner join weeks on weeks.week = k.week
),

loads as (
    select
        ww.week,
        ww.worker_id,
        ww.display_name,
        coalesce(w.contacts, 0) as contacts,
        coalesce(w.minutes, 0) / 60.0 as hours
    from worker_weeks as ww
    left join weekly as w on w.worker_id = ww.worker_id and w.week = ww.week
),

final as (
    select * from loads
)

select * from final
order by week, worker_id
