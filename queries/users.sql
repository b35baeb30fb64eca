-- one row per user who may sign in: role, programs (null: every program), when and by whom,
-- and for a peer worker the worker record they are
-- Parameters: $email (lower case; null: every user).
with

users_table as (
    select * from users
),

final as (
    select
        email,
        role,
        programs,
        added_at,
        added_by,
        worker_id
    from users_table
    where $email is null or email = $email
)

select * from final
order by email
