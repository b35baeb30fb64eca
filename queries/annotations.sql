-- one row per annotation (a dated program change an analyst recorded), oldest first
-- Parameters: the scope filter's (queries/scope.sql).
with

notes as (
    select annotation_id, program_id, noted_on, note, restarts_baseline, added_at, added_by
    from annotations
    where program_id in (select program_id from scope_programs)
),

final as (
    select
        notes.annotation_id,
        notes.program_id,
        coalesce(programs.program_name, notes.program_id) as program_name,
        notes.noted_on,
        notes.note,
        notes.restarts_baseline,
        notes.added_at,
        notes.added_by
    from notes
    left join programs on programs.program_id = notes.program_id
)

select * from final
order by noted_on, annotation_id
