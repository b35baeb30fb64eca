-- one row per SUPRT episode whose annual assessment window is open on the scope's last day or
-- opens within $ahead days of it, with no annual assessment (wave 12_month) in that window by
-- then, in the scope's programs and of its workers: the assessment is due on every 12-month
-- anniversary of the baseline, $half days either side; none after a closeout (the episode has
-- ended) and none for the deceased. GPRA has no annual assessment. Parameters: the scope
-- filter's ($end the day it is as of), $ahead, $half.
with

episodes as (
    select
        s.enrollment_id,
        s.participant_id,
        s.worker_id,
        s.intake_on,
        s.intake_instrument as instrument
    from enrollment_summary as s
    where s.program_id in (select program_id from scope_programs)
        and s.worker_id in (select worker_id from scope_workers)
        and s.intake_instrument in ('suprt_a', 'suprt_c')
        and s.intake_on <= (select end_day from scope_end)
        and (s.closeout_on is null or s.closeout_on > (select end_day from scope_end))
        and coalesce(s.discharge_reason, '') <> 'deceased'
),

windows as (
    select
        e.*,
        y.year,
        cast(e.intake_on + to_years(cast(y.year as integer)) - to_days($half) as date)
            as window_opens,
        cast(e.intake_on + to_years(cast(y.year as integer)) + to_days($half) as date)
            as window_closes
    from episodes as e
    cross join range(1, 11) as y (year)
),

open_soon as (
    select *
    from windows
    where window_closes >= (select end_day from scope_end)
        and window_opens <= (select end_day from scope_end) + to_days($ahead)
),

final as (
    select
        o.participant_id,
        o.enrollment_id,
        w.display_name as worker_name,
        o.intake_on,
        o.instrument,
        o.year,
        o.window_opens,
        o.window_closes
    from open_soon as o
    left join workers as w on w.worker_id = o.worker_id
    where not exists (
        select 1
        from assessments as a
        where a.enrollment_id = o.enrollment_id
            and a.wave = '12_month'
            and a.assessed_on between o.window_opens and o.window_closes
            and a.assessed_on <= (select end_day from scope_end)
    )
)

select * from final
order by window_closes, enrollment_id
