-- one row per program and metric an analyst set a target for
-- Parameters: the scope filter's (queries/scope.sql).
with

final as (
    select
        targets.program_id,
        coalesce(programs.program_name, targets.program_id) as program_name,
        targets.metric,
        targets.target,
        targets.set_at,
        targets.set_by
    from targets
    left join programs on programs.program_id = targets.program_id
    where targets.program_id in (select program_id from scope_programs)
)

select * from final
order by program_name, metric
