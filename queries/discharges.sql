-- one row per enrollment discharged from $start to $end (E6 engagement length, E7 reasons)
-- engagement_days: enrolled_on to the last contact (null without any contact).
-- Parameters: $programs, $workers, $start, $end.
with

discharged as (
    select
        e.enrollment_id,
        e.program_id,
        e.worker_id,
        e.enrolled_on,
        e.discharged_on,
        e.discharge_reason
    from enrollments as e
    where ($programs is null or list_contains($programs, e.program_id))
        and ($workers is null or list_contains($workers, e.worker_id))
        and e.discharged_on >= cast($start as date)
        and e.discharged_on <= cast($end as date)
),

last_contacts as (
    select d.enrollment_id, max(c.contact_on) as last_contact_on
    from discharged as d
    inner join contacts as c on c.enrollment_id = d.enrollment_id
    group by d.enrollment_id
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
        date_diff('day', d.enrolled_on, l.last_contact_on) as engagement_days
    from discharged as d
    inner join programs as p on p.program_id = d.program_id
    left join last_contacts as l on l.enrollment_id = d.enrollment_id
)

select * from final
order by discharged_on, enrollment_id
