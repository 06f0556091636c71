"""Drift: do the database, the migration history and the TypeScript files agree with schema.prisma?

    from tools.drift.check import CheckOptions, run_check
    report = run_check(CheckOptions(schema=..., database_url=..., migrations=...))
    report.exit_code(), report.findings, report.to_dict()

One subject per module:
- `rules`: every rule id, its severity and group (drift, unknown to the schema, outside Prisma's
  model, migration history, TypeScript files);
- `database`: schema ⇄ live catalog (`schema_catalog`, `read_database`, `compare_with_database`);
  `database_url`: Prisma's connection strings (`?schema=`, its own parameters) for libpq;
- `differences`: a catalog difference as a finding (message, schema line, severity);
  `closing_sql`: the SQL that closes the gap, in Prisma's DDL;
- `migrations_folder`, `checksum`, `history`: the folder read as Prisma reads it, its checksums,
  and the folder against `_prisma_migrations`;
- `replay`: the folder applied to a throwaway PostgreSQL, against the schema;
- `drizzle`, `kysely`, `kysely_types`, `generated`: the TypeScript files (through the tree-sitter
  readers of `tools.typescript`) and whether a generated one is merely stale;
- `results`: `Comparison` and `DriftReport` (exit codes); `check`: all of them for `triple-orm check`.

`health` builds on the same pieces: `schema_catalog` + `read_database` for the two catalogs,
`DifferenceFindings`/`location_of` to attribute an object to its schema line, `Comparison` and
`DriftReport` for the report and its exit code.
"""
