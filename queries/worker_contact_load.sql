-- one row per worker per week (Monday to Sunday) lying wholly within $start to $end, for the
-- weeks the worker was employed in
-- W2: contacts the worker made in the week and their hours. Parameters: $programs, $workers,
-- $start, $end.
with

workers_in_scope as (
    select worker_id, display_name, hired_on, left_on
    from workers
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
),

weeks as (
    select cast(w as date) as week
    from unnest(generate_series(
        date_trunc('week', cast($start as date) + 6),
        date_trunc('week', cast($end as date) - 6),
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

-- contacts counted per worker and week first, so the join below is on equal keys
weekly as (
    select
        c.worker_id,
        cast(date_trunc('week', c.contact_on) as date) as week,
        count(*) as contacts,
        sum(c.minutes) as minutes
    from contacts as c
    inner join workers_in_scope as s on s.worker_id = c.worker_id
    where c.contact_on >= cast($start as date)
        and c.contact_on <= cast($end as date)
    group by c.worker_id, cast(date_trunc('week', c.contact_on) as date)
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
