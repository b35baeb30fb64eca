-- one row per service and peer_referred (true, false, or null when not recorded) (A2, A3)
-- Appointments scheduled from $start to $end that were attended or missed; cancelled and
-- still-scheduled ones are left out. Parameters: the scope filter's ($start and $end
-- among them).
with

enrollments_in_scope as (
    select enrollment_id
    from enrollments
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

kept_or_missed as (
    select a.service, a.peer_referred, a.status
    from appointments as a
    inner join enrollments_in_scope as e on e.enrollment_id = a.enrollment_id
    where a.scheduled_on >= (select start_day from scope_dates)
        and a.scheduled_on <= (select end_day from scope_dates)
        and a.status in ('attended', 'missed')
),

final as (
    select
        service,
        peer_referred,
        count(case when status = 'attended' then 1 end) as attended,
        count(*) as attended_or_missed
    from kept_or_missed
    group by service, peer_referred
)

select * from final
order by service, peer_referred
