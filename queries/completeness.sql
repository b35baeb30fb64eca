-- one row per program, record type and calendar month, from the month of the program's first
-- record of that type to the month of $last_day: how many records of that type the program
-- sent dated in the month, with the type's first and last record date and total.
-- Record types with a date and a program: enrollments (enrolled_on), contacts, appointments
-- (scheduled_on, up to $last_day), interviews (assessments.assessed_on), events and wellbeing
-- check-ins (through the worker's program). Parameters: the scope filter's, $last_day.
with

-- each record type counted per program and month, from the per-day summary the import keeps
-- (store/sql/record_days.sql): the records themselves are not read here
counts as (
    select
        program_id,
        record_type,
        cast(date_trunc('month', on_day) as date) as month,
        cast(sum(records) as bigint) as records,
        min(on_day) as first_on,
        max(on_day) as last_on
    from record_days
    where on_day <= cast($last_day as date)
        and program_id in (select program_id from scope_programs)
    group by program_id, record_type, cast(date_trunc('month', on_day) as date)
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
