-- one row per overdose or overdose_death event from $since to $end on an enrollment whose
-- primary worker is one of the chosen programs' and workers'
-- W5, W6: overdoses on the worker's caseload (the enrollment's primary worker, from
-- event_summary). Parameters: the scope filter's ($end among them: scope_end), $since (the
-- first day of the events, on or before the scope's start: queries/workforce.py).
with

workers_in_scope as (
    select worker_id, display_name
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

overdoses as (
    select
        v.event_id,
        v.event_on,
        v.event_type,
        v.enrollment_id,
        v.worker_id,
        w.display_name
    from event_summary as v
    inner join workers_in_scope as w on w.worker_id = v.worker_id
    where v.event_type in ('overdose', 'overdose_death')
        and v.event_on between cast($since as date) and (select end_day from scope_end)
),

final as (
    select * from overdoses
)

select * from final
order by event_on, event_id
