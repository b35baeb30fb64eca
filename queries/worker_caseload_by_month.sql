-- one row per worker per calendar month from $start to $end, for workers employed on the
-- month's last day (the range's end day for its last month)
-- W1: the worker's active enrollments on that day, and per FTE. Workers are picked by their
-- program and by id; the caseload is all their active enrollments, whatever the enrollment's
-- program (it is their workload). Parameters: the scope filter's ($start and $end among
-- them).
with

workers_in_scope as (
    select worker_id, display_name, role, fte, hired_on, left_on
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

months as (
    select
        cast(m as date) as month,
        least(cast(m + interval 1 month as date) - 1, d.end_day) as day
    from scope_dates as d
    cross join unnest(generate_series(
        date_trunc('month', d.start_day),
        date_trunc('month', d.end_day),
        interval 1 month
    )) as t (m)
),

on_staff as (
    select months.month, months.day, w.worker_id, w.display_name, w.role, w.fte
    from months
    inner join workers_in_scope as w
        on w.hired_on <= months.day
        and (w.left_on is null or w.left_on > months.day)
),

-- each enrollment counted on each month's day it is active (enrolled_on <= day <
-- discharged_on), per primary worker, before meeting the workers on staff
active as (
    select months.month, e.worker_id, count(*) as caseload
    from months
    inner join enrollments as e
        on e.enrolled_on <= months.day
        and (e.discharged_on is null or e.discharged_on > months.day)
    where e.worker_id in (select worker_id from workers_in_scope)
    group by months.month, e.worker_id
),

caseloads as (
    select
        o.month,
        o.day,
        o.worker_id,
        o.display_name,
        o.role,
        o.fte,
        coalesce(a.caseload, 0) as caseload
    from on_staff as o
    left join active as a on a.month = o.month and a.worker_id = o.worker_id
),

final as (
    select
        month,
        day,
        worker_id,
        display_name,
        role,
        fte,
        caseload,
        caseload / fte as per_fte
    from caseloads
)

select * from final
order by month, worker_id
