-- one row per contact_type and mode with contacts from $start to $end (E8)
-- Contacts of the enrollments in scope (by program and primary worker).
-- Parameters: the scope filter's ($start and $end among them).
with

enrollments_in_scope as (
    select enrollment_id
    from enrollments
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
),

contacts_in_range as (
    select c.contact_type, c.mode, c.minutes
    from contacts as c
    inner join enrollments_in_scope as e on e.enrollment_id = c.enrollment_id
    where c.contact_on >= (select start_day from scope_dates)
        and c.contact_on <= (select end_day from scope_dates)
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
