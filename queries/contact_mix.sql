-- one row per contact_type and mode with contacts from $start to $end (E8)
-- Contacts of the enrollments in scope (by program and primary worker).
-- Parameters: $programs, $workers, $start, $end.
with

enrollments_in_scope as (
    select enrollment_id
    from enrollments
    where ($programs is null or list_contains($programs, program_id))
        and ($workers is null or list_contains($workers, worker_id))
),

contacts_in_range as (
    select c.contact_type, c.mode, c.minutes
    from contacts as c
    inner join enrollments_in_scope as e on e.enrollment_id = c.enrollment_id
    where c.contact_on >= cast($start as date)
        and c.contact_on <= cast($end as date)
),

final as (
    select
        contact_type,
        mode,
        count(*) as contacts,
        cast(sum(minutes) as bigint) as minutes
    from contacts_in_range
    group by contact_type, mode
)

select * from final
order by contact_type, mode
