-- one row per import, newest first: when, who, which files, what changed, whether undone
-- Parameters: none.
with

files as (
    select
        import_id,
        string_agg(file_name, ', ' order by file_name) as files,
        sum(size_bytes) as size_bytes
    from import_files
    group by import_id
),

counts as (
    select
        import_id,
        sum(rows_new) as rows_new,
        sum(rows_changed) as rows_changed,
        sum(rows_unchanged) as rows_unchanged,
        sum(rows_rejected) as rows_rejected
    from import_counts
    group by import_id
),

final as (
    select
        i.import_id,
        i.loaded_at,
        i.uploader,
        f.files,
        f.size_bytes,
        c.rows_new,
        c.rows_changed,
        c.rows_unchanged,
        c.rows_rejected,
        i.policy,
        i.status,
        i.undone_at,
        i.undone_by
    from imports as i
    left join files as f on f.import_id = i.import_id
    left join counts as c on c.import_id = i.import_id
)

select * from final
order by import_id desc
