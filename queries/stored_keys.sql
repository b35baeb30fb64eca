-- one row per stored participant and per stored enrollment: the keys an export's cells may
-- hold (the Upload page's mapping step offers a column whose cells are these as that key).
-- Parameters: none.
select
    'participant' as kind,
    participant_id as key,
from participants

union all

select
    'enrollment' as kind,
    enrollment_id as key,
from enrollments
