-- one row per file archived with an import: the bytes as uploaded, and their SHA-256
-- Parameters: $import_id.
with

archived as (
    select
        import_id,
        file_name,
        sha256,
        size_bytes,
        content
    from import_files
    where import_id = $import_id
),

final as (
    select * from archived
)

select * from final
order by file_name
