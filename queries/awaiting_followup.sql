-- one row per enrollment discharged in the 30 days up to $end (reason not deceased or
-- incarcerated) with no attended appointment since its discharge, as of $end: who to call.
-- next_scheduled_on: the next appointment still scheduled after $end, if any.
-- Parameters: $programs, $workers, $end.
with

recent_discharges as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        e.discharged_on,
        e.discharge_reason
    from enrollments as e
    where ($programs is null or list_contains($programs, e.program_id))
        and ($workers is null or list_contains($workers, e.worker_id))
        and e.discharged_on > cast($end as date) - 30
        and e.discharged_on <= cast($end as date)
        and e.discharge_reason not in ('deceased', 'incarcerated')
),

appointments_since as (
    select
        d.enrollment_id,
        count(case when a.status = 'attended' and a.scheduled_on <= cast($end as date)
            then 1 end) as attended,
        min(case when a.status = 'scheduled' and a.scheduled_on > cast($end as date)
            then a.scheduled_on end) as next_scheduled_on
    from recent_discharges as d
    inner join appointments as a
        on a.enrollment_id = d.enrollment_id
        and a.scheduled_on >= d.discharged_on
    group by d.enrollment_id
),

final as (
    select
        d.participant_id,
        d.enrollment_id,
        p.program_name,
        w.display_name as worker,
        d.discharged_on,
        d.discharge_reason,
        date_diff('day', d.discharged_on, cast($end as date)) as days_since_discharge,
        s.next_scheduled_on
    from recent_discharges as d
    inner join programs as p on p.program_id = d.program_id
    inner join workers as w on w.worker_id = d.worker_id
    left join appointments_since as s on s.enrollment_id = d.enrollment_id
    where coalesce(s.attended, 0) = 0
)

select * from final
order by days_since_discharge desc, participant_id
