-- one row per logged supervision session of the chosen programs' and workers' workers that has
-- a note kept in the dashboard's own records (session_notes, never in the records): the
-- session's day, minutes and kind from its record, the note and who kept it. Parameters: the
-- scope filter's.
with

workers_in_scope as (
    select worker_id
    from workers
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

final as (
    select
        s.supervision_id,
        s.worker_id,
        s.held_on,
        s.minutes,
        s.kind,
        n.note,
        n.made_by,
        n.made_at
    from supervision as s
    inner join workers_in_scope as w on w.worker_id = s.worker_id
    inner join session_notes as n on n.supervision_id = s.supervision_id
)

select * from final
order by held_on desc, made_at desc
