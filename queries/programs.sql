-- one row per program
select
    program_id,
    program_name,
    region,
    funder
from programs
order by program_name
