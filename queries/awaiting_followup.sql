-- one row per enrollment discharged in the 30 days up to $end (reason not deceased or
-- incarcerated) with no attended appointment since its discharge, as of $end: who to call.
-- next_scheduled_on: the next appointment still scheduled after $end, if any.
-- Parameters: the scope filter's ($end among them: scope_end).
with

-- followed_up_on (the first attended appointment since the discharge) from followup_summary
recent_discharges as (
    select
        enrollment_id,
        participant_id,
        program_id,
        worker_id,
        discharged_on,
        discharge_reason
    from followup_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and discharged_on > (select end_day from scope_end) - 30
        and discharged_on <= (select end_day from scope_end)
        and discharge_reason not in ('deceased', 'incarcerated')
        and (followed_up_on is null or followed_up_on > (select end_day from scope_end))
),

next_scheduled as (
    select d.enrollment_id, min(a.scheduled_on) as next_scheduled_on
    from recent_discharges as d
    inner join appointments as a on a.enrollment_id = d.enrollment_id
    where a.status = 'scheduled' and a.scheduled_on > (select end_day from scope_end)
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
        date_diff('day', d.discharged_on, (select end_day from scope_end))
            as days_since_discharge,
        s.next_scheduled_on
    from recent_discharges as d
    inner join programs as p on p.program_id = d.program_id
    inner join workers as w on w.worker_id = d.worker_id
    left join next_scheduled as s on s.enrollment_id = d.enrollment_id
)

select * from final
order by days_since_discharge desc, participant_id
