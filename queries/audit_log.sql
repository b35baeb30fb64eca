-- one row per audited event, newest first: when, who, as which role, what, with which filters
-- Parameters: $action (null: every action), $limit (the newest rows to return).
with

events as (
    select * from audit_log
),

final as (
    select
        event_id,
        happened_at,
        who,
        role,
        action,
        what,
        filters
    from events
    where $action is null or action = $action
)

select * from final
order by happened_at desc, event_id desc
limit $limit
