"""Drift: does the database, the migration history and the TypeScript files agree with schema.prisma?

    from tools.drift.check import CheckOptions, run_check
    report = run_check(CheckOptions(schema=..., database_url=..., migrations=...))
    report.exit_code(), report.findings, report.to_dict()

One subject per module: `rules` (the rule ids), `database` (schema ⇄ live catalog), `differences`
(catalog differences as findings), `closing_sql` (the SQL that closes a gap), `database_url`
(Prisma's connection strings), `migrations_folder`, `checksum` and `history` (folder ⇄
`_prisma_migrations`), `replay` (the folder applied to a throwaway database), `results`
(`Comparison`, `DriftReport`) and `check` (all of them, for `triple-orm check`).
"""
