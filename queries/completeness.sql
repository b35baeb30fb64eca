-- one row per program, record type and calendar month, from the month of the program's first
-- record of that type to the month of $last_day: how many records of that type the program
-- sent dated in the month, with the type's first and last record date and total.
-- Record types with a date and a program: enrollments (enrolled_on), contacts, appointments
-- (scheduled_on, up to $last_day), interviews (assessments.assessed_on), events and wellbeing
-- check-ins (through the worker's program). Parameters: $programs (list, or null), $last_day.
with

dated as (
    select program_id, 'enrollments' as record_type, enrolled_on as on_day from enrollments
    union all
    select e.program_id, 'contacts' as record_type, c.contact_on as on_day
    from contacts as c inner join enrollments as e on e.enrollment_id = c.enrollment_id
    union all
    select e.program_id, 'appointments' as record_type, a.scheduled_on as on_day
    from appointments as a inner join enrollments as e on e.enrollment_id = a.enrollment_id
    union all
    select e.program_id, 'assessments' as record_type, a.assessed_on as on_day
    from assessments as a inner join enrollments as e on e.enrollment_id = a.enrollment_id
    union all
    select e.program_id, 'events' as record_type, v.event_on as on_day
    from events as v inner join enrollments as e on e.enrollment_id = v.enrollment_id
    union all
    select w.program_id, 'wellbeing' as record_type, k.checkin_on as on_day
    from wellbeing as k inner join workers as w on w.worker_id = k.worker_id
),

in_scope as (
    select program_id, record_type, on_day
    from dated
    where ($programs is null or list_contains($programs, program_id))
        and on_day <= cast($last_day as date)
),

spans as (
    select
        program_id,
        record_type,
        min(on_day) as first_record_on,
        max(on_day) as last_record_on,
        count(*) as total_records
    from in_scope
    group by program_id, record_type
),

months as (
    select
        program_id,
        record_type,
        cast(unnest(generate_series(
            date_trunc('month', first_record_on),
            date_trunc('month', cast($last_day as date)),
            interval 1 month
        )) as date) as month
    from spans
),

counts as (
    select
        program_id,
        record_type,
        cast(date_trunc('month', on_day) as date) as month,
        count(*) as records
    from in_scope
    group by program_id, record_type, cast(date_trunc('month', on_day) as date)
),

final as (
    select
        months.program_id,
        coalesce(programs.program_name, months.program_id) as program_name,
        months.record_type,
        months.month,
        coalesce(counts.records, 0) as records,
        spans.first_record_on,
        spans.last_record_on,
        spans.total_records
    from months
    inner join spans
        on spans.program_id = months.program_id and spans.record_type = months.record_type
    left join counts
        on counts.program_id = months.program_id
        and counts.record_type = months.record_type
        and counts.month = months.month
    left join programs on programs.program_id = months.program_id
)

select * from final
order by program_name, record_type, month
