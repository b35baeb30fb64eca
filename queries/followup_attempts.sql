-- one row per follow-up attempt on the worklist $worklist ('aftercare': the call list;
-- 'interview': the interviews due) for an enrollment of the scope's programs, newest
-- first: the dashboard's own records, never shown to a funder.
-- Parameters: the scope filter's, $worklist.
with

attempts as (
    select
        a.attempt_id,
        a.enrollment_id,
        a.attempted_on,
        a.outcome,
        a.note,
        a.made_at,
        a.made_by
    from followup_attempts as a
    inner join enrollments as e on e.enrollment_id = a.enrollment_id
    where a.worklist = $worklist
        and e.program_id in (select program_id from scope_programs)
),

final as (
    select * from attempts
)

select * from final
order by attempted_on desc, made_at desc, attempt_id desc
