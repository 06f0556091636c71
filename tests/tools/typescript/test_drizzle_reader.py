"""read_drizzle on hand-written fixtures (tests/golden/typescript/drizzle/): every construct is read
into the right part of the DrizzleFile, from the right line; what cannot be read is reported with
its place. The catalogs these files give are checked against drizzle-kit itself in
test_drizzle_kit_parity.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.paths import REPO
from tools.errors import ExitCode, InputNotFound, UsageError
from tools.typescript.drizzle_catalog import array_text, drizzle_client_side
from tools.typescript.drizzle_reader import drizzle_to_catalog, read_drizzle

FIXTURES = REPO / "tests" / "golden" / "typescript" / "drizzle"


def _line(path: Path, needle: str) -> int:
    """The 1-based line of the first occurrence of `needle` in a fixture (so tests name code, not numbers)."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(scope="module")
def array_config():
    return read_drizzle(FIXTURES / "array-config" / "schema.ts")


def test_tables_are_found_with_variable_sql_name_schema_and_export(array_config):
    found = {(t.variable, t.schema, t.name, t.exported, t.config_form) for t in array_config.tables}
    assert found == {("users", None, "users", True, "array"), ("invoices", "billing", "invoices", True, "array"),
                     ("memberships", None, "memberships", True, "array"), ("drafts", None, "drafts", False, None)}
    assert array_config.problems == []


def test_column_builders_options_and_chains(array_config):
    users = array_config.table("users")
    handle = users.column_by_key("handle")
    assert (handle.builder, handle.options, handle.not_null, handle.unique_name) == ("varchar", {"length": 32}, True,
                                                                                    "users_handle_key")
    created = users.column("created_at")
    assert created.key == "createdAt" and created.options == {"precision": 3, "withTimezone": True}
    assert created.default.kind == "now" and created.chain == ["defaultNow", "notNull"]
    updated = users.column("updated_at")
    assert (updated.default.kind, updated.default.sql, updated.on_update) == ("sql", "CURRENT_TIMESTAMP", "() => new Date()")
    assert users.column("id").default.kind == "random" and users.column("id").primary_key
    assert users.column("balance").default.value == "0.00"
    assert users.column("settings").default.value["theme"] == "dark"
    assert users.column("tags").array_dimensions == 1 and users.column("tags").default.value == ["a", "b c", ""]
    role = users.column("role")
    assert (role.kind, role.enum, role.enum_values) == ("enum", "Role", ["USER", "ADMIN", "OWNER"])
    assert (users.column("email").kind, users.column("email").data_type) == ("custom", "citext")
    assert users.column("email").span.line == _line(FIXTURES / "array-config" / "schema.ts", 'email: citext("email")')


def test_array_drops_what_was_chained_before_it(array_config):
    # drizzle-orm's .array() wraps the builder in a new one: drizzle-kit creates a nullable column
    column = array_config.table("users").column("notNullThenArray")
    assert column.array_dimensions == 1 and not column.not_null and column.chain == ["notNull", "array"]


def test_references_identity_and_serial(array_config):
    invoices = array_config.table("invoices", "billing")
    reference = invoices.column("user_id").references
    assert (reference.table, reference.column, reference.on_delete, reference.on_update) == ("users", "id", "cascade", "cascade")
    invited = array_config.table("users").column("invited_by").references
    assert (invited.table_variable, invited.column_key, invited.on_delete) == ("users", "id", "set null")  # self-reference
    assert invoices.column("id").not_null and invoices.column("id").builder == "serial"
    seq = array_config.table("memberships").column("seq")
    assert seq.identity.kind == "ALWAYS" and seq.identity.options == {"startWith": 10} and seq.not_null


def test_extra_config_items(array_config):
    users = array_config.table("users")
    indexes = {i.name: i for i in users.indexes}
    assert [(k.column, k.order) for k in indexes["users_created_idx"].keys] == [("created_at", "desc")]
    assert indexes["users_lower_name"].unique and indexes["users_lower_name"].keys[0].expression == 'lower("display_name")'
    assert indexes["users_active_idx"].where == '"active" = true'
    assert indexes["users_settings_gin"].method == "gin"
    assert [(k.order, k.nulls) for k in indexes["users_nulls_first"].keys] == [("asc", "first"), ("desc", "first")]
    assert indexes["users_embedding_idx"].keys[0].opclass == "vector_cosine_ops"
    assert [k.column for k in indexes[None].keys] == ["role", "active"]  # unnamed: drizzle-kit names it
    assert [(c.name, c.sql) for c in users.checks] == [("users_score_check", '"score" >= -1')]
    unique = array_config.table("invoices", "billing").uniques[0]
    assert (unique.name, unique.columns, unique.nulls_not_distinct) == ("invoices_user_number", ["user_id", "number"], True)
    memberships = array_config.table("memberships")
    assert memberships.primary_key.columns == ["user_id", "org_id"] and memberships.primary_key.name is None
    fks = {fk.name: fk for fk in memberships.foreign_keys}
    assert (fks[None].target_table, fks[None].on_delete) == ("users", "cascade")
    assert (fks["memberships_invoice_fk"].target_schema, fks["memberships_invoice_fk"].on_update) == ("billing", "no action")


def test_enums_and_custom_types(array_config):
    enums = {(e.variable, e.name, e.schema, tuple(e.values)) for e in array_config.enums}
    assert enums == {("role", "Role", None, ("USER", "ADMIN", "OWNER")), ("currency", "currency", "billing", ("EUR", "USD", "VND"))}
    customs = {(c.variable, c.data_type, c.data, c.driver_data) for c in array_config.custom_types}
    assert customs == {("citext", "citext", "string", None), ("bytea", "bytea", "Buffer", "Buffer")}


def test_catalog_names_unnamed_objects_as_drizzle_kit_does(array_config):
    catalog = drizzle_to_catalog(array_config)
    assert "public.drafts" not in catalog.tables  # not exported: drizzle-kit never sees it
    users = catalog.table("users")
    names = {i.name for i in users.indexes}
    assert {"users_email_unique", "users_handle_key", "users_role_active_index"} <= names
    assert users.primary_key.name == "users_pkey"
    memberships = catalog.table("memberships")
    assert memberships.primary_key.name == "memberships_user_id_org_id_pk"
    assert {fk.name for fk in memberships.foreign_keys} == {"memberships_user_id_users_id_fk", "memberships_invoice_fk"}
    invoice_id = catalog.table("invoices", "billing").column("id")
    assert (invoice_id.type, invoice_id.nullable, invoice_id.default) == ("integer", False,
                                                                          "nextval('billing.invoices_id_seq'::regclass)")
    assert users.column("tags").default == "'{a,\"b c\",\"\"}'::text[]"
    assert users.column("settings").default == "'{\"n\": 1, \"theme\": \"dark\"}'::jsonb"
    assert users.column("code").type == "character(3)" and users.column("initial").type == "character(1)"
    assert (users.column("embedding").type, users.column("embedding").type_schema) == ("vector(3)", "public")
    assert all(c.origin is not None and c.origin.line > 0 for t in catalog.tables.values() for c in t.columns)


def test_descending_keys_next_to_an_operator_class(array_config, tmp_path):
    text = ('import { index, pgTable, text } from "drizzle-orm/pg-core";\n'
            'export const t = pgTable("t", { a: text() }, (t) => [index("i").on(t.a.desc().op("text_pattern_ops"))]);\n')
    file = read_drizzle(text, path=str(tmp_path / "s.ts"))
    # drizzle-kit writes `"a" text_pattern_ops` and drops DESC; what the file declares keeps it
    assert not drizzle_to_catalog(file).table("t").indexes[0].columns[0].descending
    assert drizzle_to_catalog(file, kit_quirks=False).table("t").indexes[0].columns[0].descending


def test_custom_type_sql_depends_on_the_columns_config(tmp_path):
    text = ('import { customType, pgTable } from "drizzle-orm/pg-core";\n'
            "const varcharN = customType<{ data: string; config: { length?: number } }>({\n"
            "  dataType(config) {\n    return `varchar(${config?.length ?? 255})`;\n  },\n});\n"
            'export const t = pgTable("t", { a: varcharN("a", { length: 20 }), b: varcharN("b") });\n')
    file = read_drizzle(text, path=str(tmp_path / "s.ts"))
    assert file.problems == []
    assert [c.type for c in drizzle_to_catalog(file).table("t").columns] == ["character varying(20)",
                                                                             "character varying(255)"]


def test_client_side_behaviour_is_kept_apart(array_config):
    side = drizzle_client_side(array_config)
    updated = side["public.users"]["updated_at"]
    assert updated.on_update == "() => new Date()" and updated.database_default
    assert side["public.users"]["big"].mode == "number"
    assert side["public.users"]["role"].enum_values == ["USER", "ADMIN", "OWNER"]
    assert side["billing.invoices"]["id"].database_default  # serial


def test_helpers_from_a_sibling_file_and_a_table_creator():
    schema = FIXTURES / "helpers" / "schema.ts"
    file = read_drizzle(schema)
    assert file.problems == []
    projects = file.table("app_projects")
    assert (projects.variable, projects.factory, projects.config_form) == ("projects", "pgTableCreator", "object")
    created = projects.column("created_at")
    assert Path(created.span.file).name == "columns.ts"  # spread in from the helper file
    assert created.span.line == _line(FIXTURES / "helpers" / "columns.ts", "createdAt:")
    ident = projects.column("id")
    assert ident.primary_key and ident.default_fn == "() => crypto.randomUUID()"
    assert ident.span.line == _line(schema, "    id: id(),")
    assert projects.column("owner_id").not_null  # ownerId() with its default parameter
    tasks = file.table("app_tasks")
    assert tasks.column("reviewer_id").not_null and tasks.config_form == "object"
    assert tasks.column("project_id").references.table == "app_projects"
    assert [e.name for e in file.enums] == ["status"] and file.enums[0].exported  # re-exported from enums.ts
    assert {Path(f).name for f in file.files} == {"schema.ts", "columns.ts", "enums.ts"}


def test_a_folder_is_read_as_drizzle_kit_reads_a_schema_folder():
    file = read_drizzle(FIXTURES / "helpers")
    assert {t.name for t in file.tables} == {"app_projects", "app_tasks"}
    assert {e.name: e.exported for e in file.enums} == {"status": True}


def test_casing_names_columns_declared_without_a_name():
    file = read_drizzle(FIXTURES / "casing" / "schema.ts", casing="snake_case")
    posts = file.table("blog_posts")
    assert [c.name for c in posts.columns] == ["post_id", "author_name", "published_at", "view_count", "parent_post_id"]
    assert not posts.column("post_id").name_explicit
    catalog = drizzle_to_catalog(file).table("blog_posts")
    # drizzle-orm names unique constraints from the key, before casing (checked with drizzle-kit)
    assert {i.name for i in catalog.indexes} >= {"blog_posts_viewCount_unique", "blog_posts_authorName_viewCount_unique",
                                                  "blog_posts_author_name_published_at_index"}
    assert [c.name for c in read_drizzle(FIXTURES / "casing" / "schema.ts").table("blog_posts").columns][:2] == \
        ["postId", "authorName"]


def test_relations_v1():
    file = read_drizzle(FIXTURES / "relations-v1" / "schema.ts")
    relations = {(r.table, r.field): r for r in file.relations}
    manager = relations[("users", "manager")]
    assert (manager.kind, manager.target, manager.relation_name, manager.fields, manager.references) == \
        ("one", "users", "management", ["managerId"], ["id"])
    assert relations[("users", "reports")].relation_name == "management"
    assert relations[("groups", "memberships")].target == "usersToGroups"  # `helpers.many(...)` form
    assert len(file.relations) == 6


def test_relations_v2():
    file = read_drizzle(FIXTURES / "relations-v2" / "schema.ts")
    relations = {(r.table, r.field): r for r in file.relations}
    author = relations[("posts", "author")]
    assert (author.kind, author.target, author.from_columns, author.to_columns, author.optional, author.relation_name) == \
        ("one", "users", [("posts", "ownerId")], [("users", "id")], False, "author")
    groups = relations[("users", "groups")]
    assert groups.through == [("usersToGroups", "userId"), ("usersToGroups", "groupId")]
    assert relations[("groups", "members")].relation_name == "members"  # from a spread helper function
    assert file.table("posts").column("owner_id").key == "ownerId"  # `p.` namespace builders


def test_what_cannot_be_read_is_reported_where_it_is():
    path = FIXTURES / "unresolved" / "schema.ts"
    file = read_drizzle(path)
    found = [(p.kind, p.span.line) for p in file.problems]
    assert found == [("unresolved", _line(path, "...auditColumns")), ("unresolved", _line(path, 'kind: missing("kind")')),
                     ("unresolved", _line(path, "new Date()")), ("unresolved", _line(path, "pgTable(tableName"))]
    messages = " | ".join(p.message for p in file.problems)
    assert "@acme/db-helpers" in messages and "does-not-exist" in messages and "table name is not a constant" in messages
    events = file.table("events")
    assert events.column("kind").kind == "unresolved"  # kept, with its place, never dropped
    assert events.column("at").default.kind == "unresolved"
    assert [c.name for c in drizzle_to_catalog(file).table("events").columns] == ["id", "at", "label"]


def test_a_syntax_error_skips_only_its_statement():
    path = FIXTURES / "syntax-error" / "schema.ts"
    file = read_drizzle(path)
    assert [t.name for t in file.tables] == ["before", "after"]
    # located at the skipped statement; the message names the error's own place
    assert [(p.kind, p.span.line) for p in file.problems] == [("syntax-error", _line(path, "export const broken"))]
    assert f"syntax error at {_line(path, 'RAY')}:" in file.problems[0].message


def test_text_input_resolves_imports_beside_its_path():
    text = (FIXTURES / "helpers" / "schema.ts").read_text()
    file = read_drizzle(text, path=str(FIXTURES / "helpers" / "schema.ts"))
    assert file.table("app_projects").column("created_at") is not None


def test_drizzle_config_gives_the_schema_files_and_casing(tmp_path):
    from tools.typescript.drizzle_config import find_drizzle_config, read_drizzle_config

    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "posts.ts").write_text((FIXTURES / "casing" / "schema.ts").read_text())
    (tmp_path / "drizzle.config.ts").write_text(
        'import { defineConfig } from "drizzle-kit";\n'
        'export default defineConfig({\n  schema: ["./db/*.ts"],\n  dialect: "postgresql",\n'
        '  casing: "snake_case",\n  schemaFilter: "public",\n  dbCredentials: { url: process.env.DATABASE_URL! },\n});\n')
    config = read_drizzle_config(find_drizzle_config(tmp_path))
    assert (config.casing, config.dialect, config.schema_filter, config.problems) == ("snake_case", "postgresql", ["public"], [])
    file = read_drizzle(config.schema_paths(), casing=config.casing)
    assert [c.name for c in file.table("blog_posts").columns][:2] == ["post_id", "author_name"]


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(InputNotFound) as missing:
        read_drizzle(tmp_path / "schema.ts")
    assert missing.value.exit_code == ExitCode.NO_INPUT
    with pytest.raises(UsageError):
        read_drizzle(FIXTURES / "casing" / "schema.ts", casing="kebab")


@pytest.mark.parametrize(("values", "expected"), [
    (["a", "b c", "", "NULL", 'q"t', "x\\y"], '{a,"b c","","NULL","q\\"t","x\\\\y"}'),
    ([True, False], "{t,f}"),
    ([[1, 2], [3, 4]], "{{1,2},{3,4}}"),
])
def test_array_defaults_print_as_array_out(values, expected):
    from tools.typescript.static_eval import JsNumber

    def number(v):
        return JsNumber(str(v), v) if isinstance(v, int) and not isinstance(v, bool) else v

    converted = [[number(x) for x in v] if isinstance(v, list) else number(v) for v in values]
    assert array_text(converted, "text") == expected


def test_to_dict_is_json_ready(array_config):
    import json

    data = json.loads(json.dumps(array_config.to_dict()))
    users = next(t for t in data["tables"] if t["name"] == "users")
    assert users["columns"][0]["location"]["line"] > 0
    assert next(c for c in users["columns"] if c["name"] == "score")["default"]["value"] == -1
