-- one row per funder metric, calendar year and program as first released: a program's whole
-- year, published once its four quarters are (the figures every funder is served from then on).
-- Parameters: none.
with

released as (
    select
        metric,
        year,
        program_id,
        program_name,
        numerator,
        denominator,
        value,
        suppressed
    from released_years
),

final as (
    select * from released
)

select * from final
