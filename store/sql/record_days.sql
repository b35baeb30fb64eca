-- one row per program, record type and day with records (issue 33): how many records of that
-- type the program has dated that day. Data completeness reads it in place of the records, so
-- the first page run after an import at 500,000 enrollments sums a few thousand rows, not
-- millions. Types with a date and a program: enrollments (enrolled_on), contacts, appointments
-- (scheduled_on), interviews (assessments.assessed_on), events and wellbeing check-ins
-- (through the worker's program). Worked out once whenever the data changes
-- (store/summaries.py refresh_summaries, inside every import's and undo's transaction).
-- No parameters: queries/completeness.sql cuts it to the scope and the data's last day.
with

days as (
    select program_id, 'enrollments' as record_type, enrolled_on as on_day, count(*) as records
    from enrollments
    group by all
    union all
    select e.program_id, 'contacts', r.contact_on, count(*)
    from contacts as r
    inner join enrollments as e on e.enrollment_id = r.enrollment_id
    group by all
    union all
    select e.program_id, 'appointments', r.scheduled_on, count(*)
    from appointments as r
    inner join enrollments as e on e.enrollment_id = r.enrollment_id
    group by all
    union all
    select e.program_id, 'assessments', r.assessed_on, count(*)
    from assessments as r
    inner join enrollments as e on e.enrollment_id = r.enrollment_id
    group by all
    union all
    select e.program_id, 'events', r.event_on, count(*)
    from events as r
    inner join enrollments as e on e.enrollment_id = r.enrollment_id
    group by all
    union all
    select w.program_id, 'wellbeing', r.checkin_on, count(*)
    from wellbeing as r
    inner join workers as w on w.worker_id = r.worker_id
    group by all
)

select program_id, record_type, on_day, cast(records as bigint) as records
from days
where on_day is not null
