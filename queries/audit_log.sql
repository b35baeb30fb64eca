-- one row per audited event, newest first: when, who, as which role, what, with which filters
-- Parameters: $action (null: every action), $who (null: everyone), $since and $until (days,
-- both included; null: no bound), $limit (the newest rows to return).
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
    where ($action is null or action = $action)
        and ($who is null or who = $who)
        and ($since is null or happened_at >= cast($since as date))
        and ($until is null or happened_at < cast($until as date) + interval 1 day)
)

select * from final
order by happened_at desc, event_id desc
limit $limit
