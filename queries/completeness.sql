-- one row per program, record type and calendar month, from the month of the program's first
-- record of that type to the month of $last_day: how many records of that type the program
-- sent dated in the month, with the type's first and last record date and total.
-- Record types with a date and a program: enrollments (enrolled_on), contacts, appointments
-- (scheduled_on, up to $last_day), interviews (assessments.assessed_on), events and wellbeing
-- check-ins (through the worker's program). Parameters: the scope filter's, $last_day.
with

-- each record type counted per program and month first: the big tables are read once each
counts as (
    select
        program_id,
        'enrollments' as record_type,
        cast(date_trunc('month', enrolled_on) as date) as month,
        count(*) as records,
        min(enrolled_on) as first_on,
        max(enrolled_on) as last_on
    from enrollments
    where enrolled_on <= cast($last_day as date)
        and program_id in (select program_id from scope_programs)
    group by program_id, cast(date_trunc('month', enrolled_on) as date)
    union all
    select
        p.program_id,
        'contacts' as record_type,
        cast(date_trunc('month', r.contact_on) as date) as month,
        count(*) as records,
        min(r.contact_on) as first_on,
        max(r.contact_on) as last_on
    from contacts as r
    inner join enrollments as p on p.enrollment_id = r.enrollment_id
    where r.contact_on <= cast($last_day as date)
        and p.program_id in (select program_id from scope_programs)
    group by p.program_id, cast(date_trunc('month', r.contact_on) as date)
    union all
    select
        p.program_id,
        'appointments' as record_type,
        cast(date_trunc('month', r.scheduled_on) as date) as month,
        count(*) as records,
        min(r.scheduled_on) as first_on,
        max(r.scheduled_on) as last_on
    from appointments as r
    inner join enrollments as p on p.enrollment_id = r.enrollment_id
    where r.scheduled_on <= cast($last_day as date)
        and p.program_id in (select program_id from scope_programs)
    group by p.program_id, cast(date_trunc('month', r.scheduled_on) as date)
    union all
    select
        p.program_id,
        'assessments' as record_type,
        cast(date_trunc('month', r.assessed_on) as date) as month,
        count(*) as records,
        min(r.assessed_on) as first_on,
        max(r.assessed_on) as last_on
    from assessments as r
    inner join enrollments as p on p.enrollment_id = r.enrollment_id
    where r.assessed_on <= cast($last_day as date)
        and p.program_id in (select program_id from scope_programs)
    group by p.program_id, cast(date_trunc('month', r.assessed_on) as date)
    union all
    select
        p.program_id,
        'events' as record_type,
        cast(date_trunc('month', r.event_on) as date) as month,
        count(*) as records,
        min(r.event_on) as first_on,
        max(r.event_on) as last_on
    from events as r
    inner join enrollments as p on p.enrollment_id = r.enrollment_id
    where r.event_on <= cast($last_day as date)
        and p.program_id in (select program_id from scope_programs)
    group by p.program_id, cast(date_trunc('month', r.event_on) as date)
    union all
    select
        p.program_id,
        'wellbeing' as record_type,
        cast(date_trunc('month', r.checkin_on) as date) as month,
        count(*) as records,
        min(r.checkin_on) as first_on,
        max(r.checkin_on) as last_on
    from wellbeing as r
    inner join workers as p on p.worker_id = r.worker_id
    where r.checkin_on <= cast($last_day as date)
        and p.program_id in (select program_id from scope_programs)
    group by p.program_id, cast(date_trunc('month', r.checkin_on) as date)
),

spans as (
    select
        program_id,
        record_type,
        min(first_on) as first_record_on,
        max(last_on) as last_record_on,
        cast(sum(records) as bigint) as total_records
    from counts
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
