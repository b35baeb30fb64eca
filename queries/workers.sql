-- one row per worker of the chosen programs (queries/scope.sql)
-- Parameters: the scope filter's (queries/scope.sql).
with

workers_in_scope as (
    select
        w.worker_id,
        w.display_name,
        w.program_id,
        p.program_name,
        w.role,
        w.fte,
        w.supervisor_id,
        w.hired_on,
        w.left_on
    from workers as w
    inner join programs as p on p.program_id = w.program_id
    where w.program_id in (select program_id from scope_programs)
),

final as (
    select * from workers_in_scope
)

select * from final
order by program_name, display_name, worker_id
