-- one row: the first and the last day the data covers.
-- The last day (the latest contact or enrollment) is the data's "today": windows that end
-- after it are still open.
select
    (select min(enrolled_on) from enrollments) as first_day,
    greatest(
        (select max(contact_on) from contacts),
        (select max(enrolled_on) from enrollments)
    ) as last_day
