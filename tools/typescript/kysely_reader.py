"""Read a project's Kysely types: `read_kysely(path_or_text) -> KyselyFile`, and per column what
Kysely makes of it: `kysely_to_columns(file)`.

The database interface is the one passed to `new Kysely<…>` in the file, or the one named by
`interface=`, else the first of `DB`, `Database` declared there. Its keys are tables (`"auth.users"`
is table `users` of schema `auth`, as Kysely reads it), each pointing at an interface, a type alias
or an inline object type whose properties are the columns. Types are read structurally
(tools/typescript/ts_types.py) and resolved through the file's aliases and the sibling files it
imports, so that the output of triple-orm's generator, of kysely-codegen (a .d.ts) and of
prisma-kysely (types.ts + enums.ts) all read the same way.

Kysely's semantics for a column type `T` (kysely 0.27+):
- `ColumnType<S, I = S, U = I>` is selected as S, inserted as I, updated as U; `never` forbids;
- `Generated<T>` is `ColumnType<T, T | undefined, T>`; `GeneratedAlways<T>` is `ColumnType<T, never, never>`;
  `JSONColumnType<S, I = string, U = string>` is `ColumnType<S, I, U>`;
- these distribute over unions (`Timestamp | null` selects `Date | null`);
- on insert, a column is optional when its insert type admits `undefined` or `null`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.catalog.model import DEFAULT_SCHEMA, qualified
from tools.errors import InputNotFound, SourceSpan
from tools.typescript.modules import Module, Project
from tools.typescript.parse import ReadProblem, property_name, walk
from tools.typescript.ts_types import UNDEFINED, TsType, TypeResolver, property_member, read_type

DATABASE_NAMES = ("DB", "Database")


@dataclass(slots=True)
class KyselyColumn:
    """One property of a table type, as declared."""

    name: str
    type: TsType  # resolved: aliases keep their name, `target` holds what they stand for
    optional: bool = False  # declared with `?`
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type.render(), "optional": self.optional,
                "location": self.span.to_dict() if self.span else None}


@dataclass(slots=True)
class KyselyTable:
    """One key of the database interface and the table type it names."""

    key: str  # the key as written: "users", "auth.users"
    schema: str | None  # None: the default schema
    name: str
    type_name: str | None  # the interface or alias the key points at (None: an inline object type)
    columns: list[KyselyColumn] = field(default_factory=list)
    span: SourceSpan | None = None

    def column(self, name: str) -> KyselyColumn | None:
        return next((c for c in self.columns if c.name == name), None)

    def to_dict(self) -> dict:
        return {"key": self.key, "schema": self.schema, "name": self.name, "type_name": self.type_name,
                "columns": [c.to_dict() for c in self.columns], "location": self.span.to_dict() if self.span else None}


@dataclass
class KyselyFile:
    """The database interface of a Kysely types file, and what could not be read."""

    path: str
    interface: str | None
    tables: list[KyselyTable] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)

    def table(self, name: str, schema: str | None = None) -> KyselyTable | None:
        return next((t for t in self.tables if t.name == name and (t.schema or None) == (schema or None)), None)

    def to_dict(self) -> dict:
        return {"path": self.path, "interface": self.interface, "tables": [t.to_dict() for t in self.tables],
                "files": list(self.files), "problems": [p.to_dict() for p in self.problems]}


def read_kysely(source: str | Path, *, path: str | None = None, interface: str | None = None) -> KyselyFile:
    """Read the database interface of a Kysely types file (its text when `path` is given or it has
    a newline, else its path); `interface` names the database interface when it is not found."""
    project = Project()
    if path is not None or (isinstance(source, str) and "\n" in source):
        module = project.add_text(str(source), path or "<text>")
    else:
        if not Path(source).is_file():
            raise InputNotFound(f"{source}: no such file", help="check the path to the Kysely types file")
        module = project.load(source)
    resolver = TypeResolver(project)
    found = _database_interface(project, module, interface)
    result = KyselyFile(str(path or source) if path or not isinstance(source, str) or "\n" not in source else "<text>",
                        found[0] if found else interface)
    if found is None:
        wanted = interface or " or ".join(DATABASE_NAMES)
        result.problems.append(ReadProblem("unresolved", f"no database interface `{wanted}` (nor `new Kysely<…>`) in this file",
                                           SourceSpan(module.path, 1, 1)))
    else:
        result.tables = _tables(resolver, *found[1:], result.problems)
    result.files = [m.path for m in project.modules.values()]
    result.problems = [p for m in project.modules.values() for p in m.source.problems] + result.problems
    return result


def _database_interface(project: Project, module: Module, wanted: str | None):
    """(name, module, members) of the database interface, or None."""
    names = [wanted] if wanted else [*_kysely_arguments(module), *DATABASE_NAMES]
    for name in names:
        binding = project.lookup(module, name, types=True)
        if binding is None or binding.kind not in ("interface", "type"):
            continue
        body = _object_body(binding)
        if body is not None:
            return name, binding.module, body
    return None


def _kysely_arguments(module: Module) -> list[str]:
    """The type arguments of `new Kysely<X>(…)` / `Kysely<X>` in the file."""
    out: list[str] = []
    if b"Kysely<" not in module.source.data:  # generated type files never name it: skip the walk
        return out
    for node in walk(module.source.root, {"generic_type", "new_expression"}):
        name = node.child_by_field_name("name") if node.type == "generic_type" else node.child_by_field_name("constructor")
        arguments = node.child_by_field_name("type_arguments")
        if name is not None and module.source.text_of(name) == "Kysely" and arguments is not None:
            out += [module.source.text_of(a) for a in arguments.named_children if a.type == "type_identifier"]
    return out


def _object_body(binding):
    """The body node listing an interface's or an object-type alias's properties."""
    if binding.kind == "interface":
        return binding.node.child_by_field_name("body")
    value = binding.node.child_by_field_name("value")
    return value if value is not None and value.type == "object_type" else None


def _tables(resolver: TypeResolver, module: Module, body, problems: list[ReadProblem]) -> list[KyselyTable]:
    tables = []
    for member in body.named_children:
        if member.type != "property_signature":
            continue
        key = property_name(module.source, member.child_by_field_name("name"))
        annotation = member.child_by_field_name("type")
        if key is None or annotation is None:
            problems.append(module.source.problem("unresolved", "a table key of the database interface could not be read", member))
            continue
        schema, _, name = key.rpartition(".") if "." in key else (None, "", key)
        table = KyselyTable(key, schema or None, name, None, span=module.source.span(member))
        _fill_columns(resolver, module, table, read_type(module, annotation), member, problems)
        tables.append(table)
    return tables


def _fill_columns(resolver: TypeResolver, module: Module, table: KyselyTable, declared: TsType, member,
                  problems: list[ReadProblem]) -> None:
    """The table type's properties: from an interface, an alias of an object type, or inline."""
    if declared.kind == "object":
        table.columns = [KyselyColumn(n, resolver.resolve(t, module), o, table.span) for n, o, t in declared.members]
        return
    binding = resolver.project.lookup(module, declared.name, types=True) if declared.kind == "ref" else None
    body = _object_body(binding) if binding is not None and binding.kind in ("interface", "type") else None
    if body is None:
        problems.append(module.source.problem("unresolved", f"table `{table.key}`: its type `{declared.render()}` could not be found", member))
        return
    table.type_name = declared.name
    table.columns = _interface_columns(resolver, binding, body, set())


def _interface_columns(resolver: TypeResolver, binding, body, seen: set) -> list[KyselyColumn]:
    """The properties of an interface, after those of the interfaces it extends (`extends Base`)."""
    owner = binding.module
    seen.add((owner.path, binding.name))
    columns: list[KyselyColumn] = []
    clause = next((c for c in binding.node.named_children if c.type == "extends_type_clause"), None) \
        if binding.kind == "interface" else None
    for base in clause.named_children if clause is not None else []:
        name = owner.source.text_of(base.child_by_field_name("name") if base.type == "generic_type" else base)
        parent = resolver.project.lookup(owner, name, types=True)
        parent_body = _object_body(parent) if parent is not None and parent.kind in ("interface", "type") else None
        if parent_body is not None and (parent.module.path, parent.name) not in seen:
            columns += _interface_columns(resolver, parent, parent_body, seen)
    for node in body.named_children:
        found = property_member(owner, node)
        if found is not None:
            name, optional, column_type = found
            columns = [c for c in columns if c.name != name]  # a redeclared property replaces the base's
            columns.append(KyselyColumn(name, resolver.resolve(column_type, owner), optional, owner.source.span(node)))
    return columns


# -- what Kysely makes of each column ----------------------------------------------------------------

@dataclass(slots=True)
class KyselyColumnShape:
    """A column as Kysely's Selectable / Insertable / Updateable see it."""

    table: str  # catalog key of the table (`schema.name`)
    name: str  # the column's name in the database
    declared: str  # the type as written
    select: TsType
    insert: TsType | None  # None: the column cannot be inserted (`never`)
    update: TsType | None  # None: the column cannot be updated
    nullable: bool  # `null` is a possible selected value
    insert_required: bool  # an insert must give it
    generated: str | None = None  # "Generated" | "GeneratedAlways" | "ColumnType" (own insert/update types)
    optional: bool = False  # declared with `?`
    array: bool = False
    enum_values: list[str] | None = None
    span: SourceSpan | None = None
    key: str = ""  # the property as written (differs from `name` under CamelCasePlugin)

    @property
    def base(self) -> TsType:
        """The selected type without null."""
        return self.select.without("null")

    def to_dict(self) -> dict:
        return {"table": self.table, "name": self.name, "key": self.key, "declared": self.declared,
                "select": self.select.render(),
                "insert": self.insert.render() if self.insert is not None else None,
                "update": self.update.render() if self.update is not None else None, "nullable": self.nullable,
                "insert_required": self.insert_required, "generated": self.generated, "optional": self.optional,
                "array": self.array, "enum_values": self.enum_values,
                "location": self.span.to_dict() if self.span else None}


@dataclass(slots=True)
class KyselyTableShape:
    key: str  # `schema.name`
    schema: str
    name: str
    columns: dict[str, KyselyColumnShape] = field(default_factory=dict)
    span: SourceSpan | None = None

    def to_dict(self) -> dict:
        return {"key": self.key, "schema": self.schema, "name": self.name,
                "columns": [c.to_dict() for c in self.columns.values()],
                "location": self.span.to_dict() if self.span else None}


def kysely_to_columns(file: KyselyFile, *, default_schema: str = DEFAULT_SCHEMA,
                      camel_case: bool = False) -> dict[str, KyselyTableShape]:
    """Per table (keyed `schema.name` like catalog tables): each column's select, insert and update types.

    `camel_case`: the project queries through Kysely's `CamelCasePlugin`, so the interface's keys are
    camelCase and the database's names are their snake_case (the plugin's default mapping).
    """
    rename = snake_case if camel_case else (lambda name: name)
    out: dict[str, KyselyTableShape] = {}
    for table in file.tables:
        schema = table.schema or default_schema
        name = rename(table.name)
        shape = KyselyTableShape(qualified(schema, name), schema, name, span=table.span)
        for column in table.columns:
            shape.columns[rename(column.name)] = column_shape(shape.key, column, rename(column.name))
        out[shape.key] = shape
    return out


def snake_case(name: str) -> str:
    """Kysely's CamelCasePlugin name for a camelCase key (`createSnakeCaseMapper()` defaults):
    an underscore before an upper-case letter that follows a lower-case one (`userID` -> `user_id`)."""
    if not name:
        return name
    out = [name[0].lower()]
    for previous, char in zip(name, name[1:]):
        if char.isupper() and char.lower() != char.upper():
            previous_upper = previous.isupper() and previous.lower() != previous.upper()
            out.append(char.lower() if previous_upper else "_" + char.lower())
        else:
            out.append(char)
    return "".join(out)


def column_shape(table_key: str, column: KyselyColumn, name: str | None = None) -> KyselyColumnShape:
    select, insert, update, generated = _split_cached(column.type)
    if column.optional:  # `a?: T` reads as T | undefined (without exactOptionalPropertyTypes)
        select, insert, update = (TsType.union(t, UNDEFINED) for t in (select, insert, update))
    can_insert = not insert.is_never()
    base = select.without("null", "undefined")
    resolved_base = base.target if base.kind == "ref" and base.target is not None else base
    return KyselyColumnShape(
        table_key, name or column.name, column.type.render(), select, insert if can_insert else None,
        update if not update.is_never() else None, nullable=select.includes("null"),
        insert_required=can_insert and not (insert.includes("undefined") or insert.includes("null")),
        generated=generated, optional=column.optional, array=resolved_base.kind == "array",
        enum_values=base.string_literals(), span=column.span, key=column.name)


_SPLIT_CACHE: dict[TsType, tuple] = {}


def _split_cached(t: TsType) -> tuple[TsType, TsType, TsType, str | None]:
    """`_split`, remembered per type: a large file has a few hundred distinct column types."""
    found = _SPLIT_CACHE.get(t)
    if found is None or found[0] is not t:
        found = (t, _split(t))
        if len(_SPLIT_CACHE) > 5000:
            _SPLIT_CACHE.clear()
        _SPLIT_CACHE[t] = found
    return found[1]


def _split(t: TsType) -> tuple[TsType, TsType, TsType, str | None]:
    """(select, insert, update, wrapper) of a column type, distributing over unions."""
    if t.kind == "union":
        parts = [_split(m) for m in t.args]
        wrappers = [p[3] for p in parts if p[3]]
        return (TsType.union(*(p[0] for p in parts)), TsType.union(*(p[1] for p in parts)),
                TsType.union(*(p[2] for p in parts)), wrappers[0] if wrappers else None)
    if t.kind != "ref":
        return t, t, t, None
    args = t.args
    if t.name == "ColumnType" and args:
        insert = args[1] if len(args) > 1 else args[0]
        return args[0], insert, args[2] if len(args) > 2 else insert, "ColumnType"
    if t.name == "JSONColumnType" and args:
        text = TsType.keyword("string")
        return args[0], args[1] if len(args) > 1 else text, args[2] if len(args) > 2 else text, "ColumnType"
    if t.name == "Generated" and args:
        select, insert, update, _ = _split(args[0])
        return select, TsType.union(insert, UNDEFINED), update, "Generated"
    if t.name == "GeneratedAlways" and args:
        return _split(args[0])[0], TsType.keyword("never"), TsType.keyword("never"), "GeneratedAlways"
    if t.name in ("ArrayType", "ArrayTypeImpl") and args:
        select, insert, update, wrapper = _split(args[0])
        return tuple(TsType("array", args=(p,)) for p in (select, insert, update)) + (wrapper,)  # type: ignore[return-value]
    if t.target is not None and (_is_column_type(t.target) or (t.target.kind == "union" and t.target.includes("null"))):
        # an alias of a column type (`Timestamp`), or of `T | null` written out: looked through.
        # Other aliases stay as named (`Json` of kysely-codegen is JsonValue, whose JSON null is a
        # value of a NOT NULL column, not SQL NULL).
        return _split(t.target)
    return t, t, t, None


_WRAPPERS = ("ColumnType", "Generated", "GeneratedAlways", "JSONColumnType", "ArrayType", "ArrayTypeImpl")


def _is_column_type(t: TsType) -> bool:
    """Whether a type is (or an alias of) one of Kysely's column-type wrappers."""
    return any(m.kind == "ref" and (m.name in _WRAPPERS or (m.target is not None and _is_column_type(m.target)))
               for m in t.members_or_self)

