-- one row per acknowledgement (or snooze) of a flag of a worker of the scope's programs,
-- newest first: the dashboard's own records, never shown to a funder.
-- Parameters: the scope filter's (queries/scope.sql).
with

acknowledgements as (
    select
        a.ack_id,
        a.worker_id,
        a.rule,
        a.figure,
        a.snoozed_until,
        a.note,
        a.made_at,
        a.made_by
    from flag_acknowledgements as a
    inner join workers as w on w.worker_id = a.worker_id
    where w.program_id in (select program_id from scope_programs)
),

final as (
    select * from acknowledgements
)

select * from final
order by made_at desc, ack_id desc
