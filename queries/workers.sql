-- one row per worker of the chosen programs (all programs when $programs is null)
-- Parameters: $programs.
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
    where $programs is null or list_contains($programs, w.program_id)
),

final as (
    select * from workers_in_scope
)

select * from final
order by program_name, display_name, worker_id
