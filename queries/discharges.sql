-- one row per enrollment discharged from $start to $end (E6 engagement length, E7 reasons)
-- engagement_days: enrolled_on to the last contact (null without any contact; the last
-- contact day is the enrollment's, from enrollment_summary).
-- Parameters: the scope filter's ($start and $end among them).
with

discharged as (
    select
        enrollment_id,
        program_id,
        worker_id,
        enrolled_on,
        discharged_on,
        discharge_reason,
        last_contact_on
    from enrollment_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and discharged_on >= (select start_day from scope_dates)
        and discharged_on <= (select end_day from scope_dates)
),

final as (
    select
        d.enrollment_id,
        d.program_id,
        p.program_name,
        d.worker_id,
        d.discharged_on,
        cast(date_trunc('month', d.discharged_on) as date) as month,
        d.discharge_reason,
        date_diff('day', d.enrolled_on, d.last_contact_on) as engagement_days
    from discharged as d
    inner join programs as p on p.program_id = d.program_id
)

select * from final
order by discharged_on, enrollment_id
