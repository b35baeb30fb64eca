-- one row per worker and week (Monday to Sunday) in which the worker made a contact: how many,
-- and their minutes (W2). Worked out once whenever the data changes (store/summaries.py
-- refresh_summaries, inside every import's and undo's transaction).
-- No parameters: worker_contact_load picks the workers and the whole weeks of its range.
with

final as (
    select
        worker_id,
        cast(date_trunc('week', contact_on) as date) as week,
        count(*) as contacts,
        sum(minutes) as minutes
    from contacts
    group by worker_id, cast(date_trunc('week', contact_on) as date)
)

select * from final
order by week, worker_id
