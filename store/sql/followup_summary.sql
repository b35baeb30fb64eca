-- one row per discharged enrollment: the first attended appointment on or after its discharge
-- day (A1 and who to call), null if none. Worked out once whenever the data changes
-- (store/summaries.py refresh_summaries, inside every import's and undo's transaction).
-- No parameters: the pages' queries filter it by their scope.
with

first_followup as (
    select e.enrollment_id, min(a.scheduled_on) as followed_up_on
    from enrollments as e
    inner join appointments as a on a.enrollment_id = e.enrollment_id
    where a.status = 'attended' and a.scheduled_on >= e.discharged_on
    group by e.enrollment_id
),

final as (
    select
        e.enrollment_id,
        e.participant_id,
        e.program_id,
        e.worker_id,
        e.discharged_on,
        e.discharge_reason,
        f.followed_up_on
    from enrollments as e
    left join first_followup as f on f.enrollment_id = e.enrollment_id
    where e.discharged_on is not null
)

select * from final
order by enrollment_id
