-- one row per check-in on or before $end by a worker of the chosen programs and workers
-- W3, W4, W5, W6: ProQOL raw sums, hours, and what the check-in reports "since the last
-- check-in"; supervision per month = its minutes / months since the worker's previous check-in
-- (days / 30.44; none for a first check-in). Parameters: the scope filter's ($end among
-- them: scope_end).
with

workers_in_scope as (
    select worker_id, display_name
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

checkins as (
    select
        c.checkin_id,
        c.worker_id,
        w.display_name,
        c.checkin_on,
        lag(c.checkin_on) over (
            partition by c.worker_id order by c.checkin_on, c.checkin_id
        ) as previous_on,
        c.proqol_cs,
        c.proqol_bo,
        c.proqol_sts,
        c.hours_per_week,
        c.supervision_minutes,
        c.critical_incidents
    from wellbeing as c
    inner join workers_in_scope as w on w.worker_id = c.worker_id
    where c.checkin_on <= (select end_day from scope_end)
),

final as (
    select
        checkin_id,
        worker_id,
        display_name,
        checkin_on,
        previous_on,
        proqol_cs,
        proqol_bo,
        proqol_sts,
        hours_per_week,
        supervision_minutes,
        critical_incidents,
        date_diff('day', previous_on, checkin_on) / cast(30.44 as double) as months_covered,
        case when checkin_on > previous_on
            then supervision_minutes
                / (date_diff('day', previous_on, checkin_on) / cast(30.44 as double))
        end as supervision_per_month
    from checkins
)

select * from final
order by worker_id, checkin_on, checkin_id
