-- one row per enrollment of the scope's programs open on $end (enrolled by then, not discharged by then)
-- whose primary worker is not on staff that day: left on or before it, or not yet hired.
-- Those enrollments are on nobody's caseload. Parameters: the scope filter's ($end among
-- them: scope_end).
with

open_enrollments as (
    select
        enrollment_id,
        participant_id,
        program_id,
        worker_id,
        enrolled_on
    from enrollments
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and enrolled_on <= (select end_day from scope_end)
        and (discharged_on is null or discharged_on > (select end_day from scope_end))
),

off_staff as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        e.enrolled_on,
        w.display_name as worker,
        w.hired_on,
        w.left_on
    from open_enrollments as e
    inner join workers as w on w.worker_id = e.worker_id
    where w.left_on <= (select end_day from scope_end)
        or w.hired_on > (select end_day from scope_end)
),

final as (
    select
        o.program_id,
        p.program_name,
        o.enrollment_id,
        o.participant_id,
        o.enrolled_on,
        o.worker_id,
        o.worker,
        o.hired_on,
        o.left_on,
        date_diff('day', o.left_on, (select end_day from scope_end)) as days_since_left
    from off_staff as o
    inner join programs as p on p.program_id = o.program_id
)

select * from final
order by program_name, left_on, worker, enrolled_on, enrollment_id
