"""Readers of a project's TypeScript: Drizzle schemas and Kysely types, parsed with tree-sitter.

Public API (see /work/notes/ts-readers-api.md for the shapes):
- `read_drizzle(path_or_text, *, path=None, casing=None) -> DrizzleFile`
- `drizzle_to_catalog(file) -> Catalog`, `drizzle_client_side(file)`
- `read_kysely(path_or_text, *, path=None, interface=None) -> KyselyFile`
- `kysely_to_columns(file) -> dict[str, KyselyTableShape]`
"""
