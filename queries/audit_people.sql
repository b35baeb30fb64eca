-- one row per person in the audit trail (an e-mail address), with their first and last event
-- Parameters: none.
with

events as (
    select * from audit_log
),

final as (
    select
        who,
        min(happened_at) as first_at,
        max(happened_at) as last_at
    from events
    group by who
)

select * from final
order by who
