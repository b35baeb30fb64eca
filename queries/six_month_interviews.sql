-- one row per enrollment with an intake interview, in the scope's programs and of its workers
-- R1, R6, R8 and the interviews due: the first intake interview, its instrument and window;
-- the first 6-month interview in that window, with its answers (one per enrollment, should an
-- interview have been repeated); a SUPRT closeout; all from enrollment_summary; intakes from
-- $start - 240 days (the longest window) to $end. Parameters: the scope filter's ($start
-- and $end among them).
with

-- every figure needs only intakes from 240 days before the range to its end (R1's windows
-- closing in it, R6/R8's interviews in it, the interviews due at its end)
intakes as (
    select *
    from enrollment_summary
    where program_id in (select program_id from scope_programs)
        and worker_id in (select worker_id from scope_workers)
        and intake_on >= (select start_day from scope_dates) - 240
        and intake_on <= (select end_day from scope_dates)
),

final as (
    select
        i.enrollment_id,
        i.participant_id,
        i.program_id,
        i.worker_id,
        w.display_name as worker_name,
        i.discharge_reason,
        i.intake_on,
        i.intake_instrument as instrument,
        i.window_opens,
        i.window_closes,
        i.closeout_on,
        i.intake_barc10,
        i.intake_housed,
        i.intake_employed,
        i.intake_arrests,
        i.six_month_on,
        i.six_month_barc10,
        i.six_month_housed,
        i.six_month_employed,
        i.six_month_arrests
    from intakes as i
    left join workers as w on w.worker_id = i.worker_id
)

select * from final
order by enrollment_id
