"""From syntax tree to meaning: validate a parsed schema and resolve names, types, keys and indexes.

Relations are paired in `tools.prisma.relations`; the checks Prisma's validation pipeline runs on the
result (constraint names, index types, referential actions…) are in `tools.prisma.checks`. Everything
a person can get wrong is collected as a located error (unknown type or attribute, duplicate names, a
default that does not fit…), in Prisma's wording where Prisma has one, and raised together at the end.
"""

from __future__ import annotations

from tools.prisma.ast import (
    ArrayValue,
    Attribute,
    Block,
    ConfigBlock,
    ConstantValue,
    EnumBlock,
    FunctionValue,
    NumberValue,
    SchemaAst,
    StringValue,
    Value,
)
from tools.prisma.checks import check_schema
from tools.prisma.defaults import parse_default
from tools.prisma.diagnostics import AttributeArgs, Diagnostics, suggest, value_kind
from tools.prisma.opclasses import is_known as is_known_opclass
from tools.prisma.relations import resolve_relations
from tools.prisma.schema import (
    Datasource,
    Extension,
    Generator,
    IndexField,
    IndexSpec,
    NativeType,
    PrimaryKeySpec,
    PrismaEnum,
    PrismaEnumValue,
    PrismaField,
    PrismaModel,
    PrismaSchema,
)
from tools.typemap import NATIVE_TYPES, SCALARS

FIELD_ATTRIBUTES = ("id", "unique", "default", "updatedAt", "map", "relation", "ignore", "shardKey")
BLOCK_ATTRIBUTES = ("id", "unique", "index", "map", "ignore", "schema", "fulltext", "shardKey")
INDEX_TYPES = ("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin")
SORT_ORDERS = ("Asc", "Desc")
POSTGRES_PROVIDERS = ("postgresql", "postgres")
# url, directUrl and shadowDatabaseUrl moved to prisma.config.ts in Prisma 7; older schemas keep them
DATASOURCE_PROPERTIES = ("provider", "url", "directUrl", "shadowDatabaseUrl", "relationMode", "referentialIntegrity",
                         "schemas", "extensions")
OTHER_PROVIDERS = ("mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb")


def resolve_schema(ast: SchemaAst, path: str) -> PrismaSchema:
    diagnostics = Diagnostics()
    configs = [d for d in ast.declarations if isinstance(d, ConfigBlock)]
    datasource = _datasource(configs, ast, diagnostics)
    generators = [_generator(c, diagnostics) for c in configs if c.keyword == "generator"]
    _check_unique_names(ast, diagnostics)
    multi_schema = bool(datasource.schemas)
    enums = {}
    for block in ast.declarations:
        if isinstance(block, EnumBlock) and block.name not in enums:
            enums[block.name] = _enum(block, datasource, multi_schema, diagnostics)
    blocks = [d for d in ast.declarations if isinstance(d, Block)]
    for block in blocks:
        if block.keyword == "type":
            diagnostics.error(block, f"composite type `{block.name}` is only supported on MongoDB",
                              "use a model with a relation, or a Json field", block.start, block.name_end)
    model_blocks = {b.name: b for b in blocks if b.keyword in ("model", "view")}
    models: dict[str, PrismaModel] = {}
    for name, block in model_blocks.items():
        models[name] = _model_shell(block, datasource, multi_schema, diagnostics)
    for model in models.values():
        _fields(model, models, enums, datasource, diagnostics)
    for model in models.values():
        _keys_and_indexes(model, diagnostics)
    relations, join_tables = resolve_relations(list(models.values()), datasource, diagnostics)
    for model in models.values():
        _check_unique_criteria(model, diagnostics)
    _check_preview_features(datasource, generators, models, diagnostics)
    features = frozenset(f for g in generators for f in g.preview_features)
    check_schema(list(models.values()), list(enums.values()), relations, datasource.relation_mode, diagnostics, features)
    diagnostics.raise_if_any()
    return PrismaSchema(ast, path, datasource, generators, models, enums, relations, join_tables)


# -- datasource and generators -----------------------------------------------------------------
def _datasource(configs: list[ConfigBlock], ast: SchemaAst, diagnostics: Diagnostics) -> Datasource:
    sources = [c for c in configs if c.keyword == "datasource"]
    if not sources:
        first = ast.files[0] if ast.files else None
        if first is not None:
            from tools.prisma.ast import Node

            diagnostics.error(Node(first, 0, 0), "the schema has no datasource block",
                              'add: datasource db {\n  provider = "postgresql"\n}')
            diagnostics.raise_if_any()
        raise AssertionError("a schema without files")
    for extra in sources[1:]:
        diagnostics.error(extra, "a schema can have only one datasource", None, extra.start, extra.name_end)
    block = sources[0]
    provider_value = block.get("provider").value if block.get("provider") is not None else None
    if isinstance(provider_value, FunctionValue) and provider_value.name == "env":
        diagnostics.error(provider_value, "A datasource must not use the env() function in the provider argument.",
                          'write provider = "postgresql"')
    provider = _string_property(block, "provider", diagnostics) or "postgresql"
    if provider not in POSTGRES_PROVIDERS:
        known = provider in OTHER_PROVIDERS
        diagnostics.error(block.get("provider") or block, f"triple-orm works with PostgreSQL; this datasource's provider is `{provider}`",
                          "set provider = \"postgresql\"" if not known else "Drizzle/Kysely sync and drift checks here are for PostgreSQL only")
    for prop in block.properties:
        if prop.name not in DATASOURCE_PROPERTIES:
            diagnostics.error(prop, f'Property not known: "{prop.name}".',
                              suggest(prop.name, DATASOURCE_PROPERTIES) or f"a datasource takes {', '.join(DATASOURCE_PROPERTIES)}",
                              prop.start, prop.start + len(prop.name))
    relation_mode = _relation_mode(block, diagnostics)
    schemas = _string_list(block, "schemas", diagnostics)
    # Prisma 7 reads the connection URL from prisma.config.ts, not the schema: unqualified tables go
    # to "public" (the oracle, Prisma's own engine, does the same).
    default_schema = "public"
    extensions = _extensions(block, diagnostics)
    return Datasource(block, block.name, "postgresql", relation_mode, schemas, extensions, default_schema)


def _string_property(block: ConfigBlock, name: str, diagnostics: Diagnostics) -> str | None:
    prop = block.get(name)
    if prop is None or prop.value is None:
        return None
    if isinstance(prop.value, StringValue):
        return prop.value.value
    if isinstance(prop.value, FunctionValue) and prop.value.name == "env":
        return None
    diagnostics.error(prop.value, f"`{name}` must be a string, not {value_kind(prop.value)}")
    return None


def _relation_mode(block: ConfigBlock, diagnostics: Diagnostics) -> str:
    for key in ("relationMode", "referentialIntegrity"):
        value = _string_property(block, key, diagnostics)
        if value is None:
            continue
        if value not in ("prisma", "foreignKeys"):
            diagnostics.error(block.get(key), f"`{key}` must be \"foreignKeys\" or \"prisma\", not \"{value}\"")
            return "foreignKeys"
        return value
    return "foreignKeys"


def _string_list(block: ConfigBlock, name: str, diagnostics: Diagnostics) -> list[str]:
    prop = block.get(name)
    if prop is None or prop.value is None:
        return []
    if not isinstance(prop.value, ArrayValue) or not all(isinstance(i, StringValue) for i in prop.value.items):
        diagnostics.error(prop.value, f"`{name}` must be a list of strings, like [\"public\", \"auth\"]")
        return []
    return [item.value for item in prop.value.items]  # type: ignore[union-attr]


def _extensions(block: ConfigBlock, diagnostics: Diagnostics) -> list[Extension]:
    prop = block.get("extensions")
    if prop is None or prop.value is None:
        return []
    if not isinstance(prop.value, ArrayValue):
        diagnostics.error(prop.value, "`extensions` must be a list, like [citext, pg_trgm]")
        return []
    out = []
    for item in prop.value.items:
        if isinstance(item, ConstantValue):
            out.append(Extension(item.name, node=item))
        elif isinstance(item, FunctionValue):
            args = {a.name: a.value for a in item.args}
            if any(not isinstance(v, StringValue) or k not in ("map", "schema", "version") for k, v in args.items()):
                diagnostics.error(item, f"extension `{item.name}` takes map, schema and version as strings")
                continue
            name = args["map"].value if "map" in args else item.name  # type: ignore[union-attr]
            schema = args["schema"].value if "schema" in args else None  # type: ignore[union-attr]
            version = args["version"].value if "version" in args else None  # type: ignore[union-attr]
            out.append(Extension(name, schema, version, item))
        else:
            diagnostics.error(item, f"expected an extension name in `extensions`, found {value_kind(item)}")
    return out


def _generator(block: ConfigBlock, diagnostics: Diagnostics) -> Generator:
    if block.get("provider") is None:
        diagnostics.error(block, f'Argument "provider" is missing in generator block "{block.name}".',
                          'add provider = "prisma-client-js" (or your generator\'s)', block.start, block.name_end)
    provider = _string_property(block, "provider", diagnostics)
    features = _string_list(block, "previewFeatures", diagnostics)
    output = _string_property(block, "output", diagnostics)
    return Generator(block, block.name, provider, features, output)


# Names Prisma Client cannot give a model, view or enum (JavaScript's keywords and its own class).
RESERVED_NAMES = frozenset((
    "PrismaClient", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
    "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements",
    "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
))
_NAME_KINDS = {"model": "Model", "view": "view", "type": "Composite type", "enum": "Enum"}


def _check_name(node, name: str, kind: str, diagnostics: Diagnostics, end: int | None = None) -> None:
    """PSL names are letters, digits and `_`; the grammar lets `-` through and validation refuses it."""
    if "-" in name:
        diagnostics.error(node, f"The character `-` is not allowed in {kind} names.", "use `_` or camelCase, and @map for the database name",
                          node.start, end)


def _check_reserved(declaration, kind: str, diagnostics: Diagnostics) -> None:
    if declaration.name not in RESERVED_NAMES or kind == "type":
        return
    where = ("https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums" if kind == "enum"
             else "https://pris.ly/d/naming-models")
    diagnostics.error(declaration, f"The {kind} name `{declaration.name}` is invalid. It is a reserved name. Please change it. "
                      f"Read more at {where}", "rename it and keep the database name with @@map", declaration.start, declaration.name_end)


def _check_unique_names(ast: SchemaAst, diagnostics: Diagnostics) -> None:
    seen: dict[str, str] = {}
    for declaration in ast.declarations:
        if isinstance(declaration, ConfigBlock):
            continue
        kind = declaration.keyword if isinstance(declaration, Block) else "enum"
        _check_name(declaration, declaration.name, _NAME_KINDS[kind], diagnostics, declaration.name_end)
        _check_reserved(declaration, kind, diagnostics)
        for item in declaration.values if isinstance(declaration, EnumBlock) else declaration.fields:
            if "-" in item.name:
                _check_name(item, item.name, "Enum Value" if isinstance(declaration, EnumBlock) else "Field", diagnostics)
        if declaration.name in seen:
            diagnostics.error(declaration, f"the {kind} `{declaration.name}` cannot be defined: a {seen[declaration.name]} with that name already exists",
                              "rename one of them", declaration.start, declaration.name_end)
        else:
            seen[declaration.name] = kind
        if declaration.name in SCALARS or declaration.name == "Unsupported":
            diagnostics.error(declaration, f"`{declaration.name}` is a reserved type name", "choose another name",
                              declaration.start, declaration.name_end)


def _check_preview_features(datasource: Datasource, generators: list[Generator], models: dict[str, PrismaModel],
                            diagnostics: Diagnostics) -> None:
    """What Prisma still gates behind a preview feature of some generator (on PostgreSQL)."""
    features = {feature for generator in generators for feature in generator.preview_features}
    extensions = datasource.node.get("extensions")
    if extensions is not None and "postgresqlExtensions" not in features:
        diagnostics.error(extensions, "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
                          'add "postgresqlExtensions" to previewFeatures in the generator block')
    for model in models.values():
        if model.kind == "view" and "views" not in features:
            diagnostics.error(model.node, "View definitions are only available with the `views` preview feature.",
                              'add "views" to previewFeatures in the generator block', model.node.start, model.node.name_end)
        if "partialIndexes" in features:
            continue
        for index in model.indexes:
            where = index.node.arg("where") if index.where is not None and isinstance(index.node, Attribute) else None
            if where is not None:
                diagnostics.error(where, "Partial indexes are a preview feature. Add \"partialIndexes\" to previewFeatures in your generator block.")


# -- enums ---------------------------------------------------------------------------------------
def _map_name(attribute: Attribute | None, diagnostics: Diagnostics) -> str | None:
    if attribute is None:
        return None
    args = AttributeArgs(attribute, diagnostics, ("name",), positional="name")
    name = args.string("name")
    if name is None and "name" not in args.values:
        diagnostics.error(attribute, f"{attribute.display} needs the database name", f'write {attribute.display}("db_name")')
    return name


def _schema_attribute(block, datasource: Datasource, multi_schema: bool, diagnostics: Diagnostics) -> str | None:
    attribute = block.attribute("schema")
    if attribute is None:
        if multi_schema and not (isinstance(block, Block) and block.keyword == "type"):
            kind = "enum" if isinstance(block, EnumBlock) else block.keyword
            diagnostics.error(block, f"this {kind} is missing an `@@schema` attribute",
                              f"the datasource lists schemas ({', '.join(datasource.schemas)}): add @@schema(\"…\")",
                              block.start, block.name_end)
        return None
    args = AttributeArgs(attribute, diagnostics, ("name",), positional="name")
    name = args.string("name")
    if name is None:
        return None
    if not multi_schema:
        diagnostics.error(attribute, "@@schema needs the datasource to list its schemas",
                          f'add schemas = ["{name}"] to the datasource block')
    elif name not in datasource.schemas:
        diagnostics.error(attribute, f"the schema `{name}` is not in the datasource's schemas ({', '.join(datasource.schemas)})",
                          suggest(name, datasource.schemas) or "add it to `schemas` in the datasource")
    return name


def _enum(block: EnumBlock, datasource: Datasource, multi_schema: bool, diagnostics: Diagnostics) -> PrismaEnum:
    for attribute in block.attributes:
        if attribute.name not in ("map", "schema"):
            diagnostics.error(attribute, f"unknown attribute {attribute.display} on an enum",
                              suggest(attribute.name, ("map", "schema")) or "enums accept @@map and @@schema")
    values: list[PrismaEnumValue] = []
    seen: set[str] = set()
    for value in block.values:
        if value.name in seen:
            diagnostics.error(value, f"the value `{value.name}` appears twice in enum `{block.name}`")
            continue
        seen.add(value.name)
        db_name = value.name
        for attribute in value.attributes:
            if attribute.name == "map":
                mapped = _map_name(attribute, diagnostics)
                db_name = value.name if mapped is None else mapped  # @map("") is taken as written, as Prisma does
            else:
                diagnostics.error(attribute, f"unknown attribute {attribute.display} on an enum value", "enum values accept @map")
        values.append(PrismaEnumValue(value, value.name, db_name, value.documentation))
    if not block.values:
        diagnostics.error(block, f"enum `{block.name}` has no values", "add at least one value", block.start, block.name_end)
    mapped = _map_name(block.attribute("map"), diagnostics)
    db_name = block.name if mapped is None else mapped
    schema = _schema_attribute(block, datasource, multi_schema, diagnostics)
    return PrismaEnum(block, block.name, db_name, schema, values, block.documentation)


# -- models and fields ---------------------------------------------------------------------------
def _model_shell(block: Block, datasource: Datasource, multi_schema: bool, diagnostics: Diagnostics) -> PrismaModel:
    for attribute in block.attributes:
        if attribute.name not in BLOCK_ATTRIBUTES:
            diagnostics.error(attribute, f"unknown attribute {attribute.display}",
                              suggest(attribute.name, BLOCK_ATTRIBUTES, "@@")
                              or "block attributes are @@id, @@unique, @@index, @@map, @@ignore and @@schema",
                              attribute.start, attribute.name_end)
        elif attribute.name == "fulltext":
            diagnostics.error(attribute, "@@fulltext is supported only on MySQL and MongoDB",
                              "use @@index([…], type: Gin) on a tsvector column instead", attribute.start, attribute.name_end)
    mapped = _map_name(block.attribute("map"), diagnostics)
    db_name = block.name if mapped is None else mapped
    schema = _schema_attribute(block, datasource, multi_schema, diagnostics)
    ignored = block.attribute("ignore") is not None
    return PrismaModel(block, block.name, db_name, schema, block.keyword, ignored=ignored, documentation=block.documentation)


def _fields(model: PrismaModel, models: dict[str, PrismaModel], enums: dict[str, PrismaEnum],
            datasource: Datasource, diagnostics: Diagnostics) -> None:
    seen: dict[str, PrismaField] = {}
    db_names: dict[str, PrismaField] = {}
    for node in model.node.fields:
        field = _field(model, node, models, enums, datasource, diagnostics)
        if field is None:
            continue
        if field.name in seen:
            diagnostics.error(node, f"the field `{field.name}` is defined twice in {model.kind} `{model.name}`",
                              "rename or remove one of them", node.start, node.name_end)
            continue
        seen[field.name] = field
        if field.kind != "relation":
            if field.db_name in db_names:
                other = db_names[field.db_name]
                diagnostics.error(node, f"the fields `{other.name}` and `{field.name}` of `{model.name}` map to the same column `{field.db_name}`",
                                  "give one of them another @map name", node.start, node.name_end)
            db_names[field.db_name] = field
        model.fields.append(field)


def _field_kind(model: PrismaModel, node, models, enums, diagnostics) -> str | None:
    type_name = node.type.name
    if node.type.unsupported:
        return "unsupported"
    if type_name in SCALARS:
        return "scalar"
    if type_name in enums:
        return "enum"
    if type_name in models:
        return "relation"
    candidates = [*SCALARS, *enums, *models]
    diagnostics.error(node.type, f"the type `{type_name}` of field `{node.name}` is neither a scalar type, an enum nor a model",
                      suggest(type_name, candidates) or f"Prisma's scalar types are {', '.join(SCALARS)}")
    return None


def _field(model: PrismaModel, node, models, enums, datasource: Datasource, diagnostics: Diagnostics) -> PrismaField | None:
    kind = _field_kind(model, node, models, enums, diagnostics)
    if kind is None:
        return None
    ftype = node.type
    field = PrismaField(model, node, node.name, node.name, kind, ftype.name, ftype.optional, ftype.list,
                        documentation=node.documentation)
    if kind == "relation" and ftype.name in models and models[ftype.name].kind == "view" and model.kind == "model":
        pass  # relations to views are allowed by Prisma (they create no foreign key)
    for attribute in node.attributes:
        _field_attribute(field, attribute, enums, datasource, diagnostics)
    if field.updated_at and ftype.list:
        diagnostics.error(node.attribute("updatedAt"), "Fields that are marked with @updatedAt cannot be lists.")
    elif field.updated_at and (kind != "scalar" or ftype.name != "DateTime"):
        diagnostics.error(node.attribute("updatedAt"), "@updatedAt works only on DateTime fields")
    return field


def _field_attribute(field: PrismaField, attribute: Attribute, enums, datasource: Datasource, diagnostics: Diagnostics) -> None:
    name = attribute.name
    if "." in name:
        _native_type(field, attribute, datasource, diagnostics)
        return
    if name not in FIELD_ATTRIBUTES:
        diagnostics.error(attribute, f"unknown attribute @{name}",
                          suggest(name, FIELD_ATTRIBUTES, "@")
                          or "field attributes are @id, @unique, @default, @updatedAt, @map, @relation, @ignore and @db.*",
                          attribute.start, attribute.name_end)
        return
    if name == "map":
        mapped = _map_name(attribute, diagnostics)
        field.db_name = field.db_name if mapped is None else mapped
    elif name == "default":
        if field.kind == "relation":
            diagnostics.error(attribute, "a relation field cannot have a default", "put @default on the scalar field that holds the foreign key")
        else:
            field.default = parse_default(attribute, field.kind, field.type, field.list, enums, diagnostics)
    elif name == "updatedAt":
        AttributeArgs(attribute, diagnostics, ())
        field.updated_at = True
    elif name == "ignore":
        AttributeArgs(attribute, diagnostics, ())
        field.ignored = True
    elif name in ("id", "unique") and field.kind == "relation":
        diagnostics.error(attribute, f"@{name} cannot be on a relation field", f"put @{name} on the scalar field(s) in `fields: […]`")
    # @id, @unique and @relation are read with the model's keys and relations


def _native_type(field: PrismaField, attribute: Attribute, datasource: Datasource, diagnostics: Diagnostics) -> None:
    prefix, _, type_name = attribute.name.partition(".")
    if prefix != datasource.name:
        diagnostics.error(attribute, f"unknown attribute @{attribute.name}",
                          f"native types are written @{datasource.name}.{type_name} (the datasource is called `{datasource.name}`)",
                          attribute.start, attribute.name_end)
        return
    spec = NATIVE_TYPES.get(type_name)
    if spec is None:
        diagnostics.error(attribute, f"`{type_name}` is not a native type of PostgreSQL in Prisma",
                          (suggest(type_name, NATIVE_TYPES) or "see the list of @db.* types for PostgreSQL"),
                          attribute.start, attribute.name_end)
        return
    if field.kind != "scalar" or field.type not in spec.scalars:
        diagnostics.error(attribute, f"the native type {type_name} does not fit a field of type {field.type}",
                          f"@{datasource.name}.{type_name} is for {', '.join(spec.scalars)} fields", attribute.start, attribute.name_end)
        return
    args = []
    for argument in attribute.args:
        if argument.name is not None or not isinstance(argument.value, NumberValue) or not argument.value.is_integer:
            diagnostics.error(argument, f"the arguments of @{attribute.name} are whole numbers")
            return
        args.append(argument.value.text)
    if len(args) > spec.max_args or (type_name == "Decimal" and len(args) == 1):
        expected = {0: "no arguments", 1: "at most one argument", 2: "two arguments (precision, scale)"}[spec.max_args]
        diagnostics.error(attribute, f"@{attribute.name} takes {expected}, not {len(args)}")
        return
    if field.native is not None:
        diagnostics.error(attribute, f"the field `{field.name}` has two native types", "keep one @db.* attribute")
        return
    problem = _native_argument_problem(type_name, [int(a) for a in args])
    if problem:
        diagnostics.error(attribute, problem, None, attribute.start, attribute.name_end)
        return
    field.native = NativeType(type_name, tuple(args), attribute)


def _native_argument_problem(type_name: str, args: list[int]) -> str | None:
    """Prisma's range checks of native type arguments on PostgreSQL (its own wording)."""
    shown = f"{type_name}({','.join(map(str, args))})"
    if type_name == "Decimal" and args:
        if min(args) < 0:
            return f"Expected two nonnegative integers, but found ({', '.join(map(str, args))})."
        if not 1 <= args[0] <= 1000:
            return f"Argument M is out of range for native type `{shown}` of Postgres: Precision must be positive with a maximum value of 1000."
        if args[1] > args[0]:
            return f"The scale must not be larger than the precision for the {shown} native type in Postgres."
    elif type_name in ("Bit", "VarBit") and args and args[0] < 1:
        return f"Argument M is out of range for native type `{shown}` of Postgres: M must be a positive integer."
    elif type_name in ("Timestamp", "Timestamptz", "Time", "Timetz") and args and not 0 <= args[0] <= 6:
        # PostgreSQL itself would cut a larger precision to 6 with a warning; Prisma refuses it
        return f"Argument M is out of range for native type `{shown}` of Postgres: M can range from 0 to 6."
    return None


# -- keys and indexes ----------------------------------------------------------------------------
def _index_fields(model: PrismaModel, items, attribute: Attribute, diagnostics: Diagnostics) -> list[IndexField] | None:
    out: list[IndexField] = []
    for name, node in items:
        field = model.field(name)
        if field is None:
            diagnostics.error(node, f"{attribute.display} refers to `{name}`, which is not a field of `{model.name}`",
                              suggest(name, [f.name for f in model.fields]))
            return None
        if field.kind == "relation":
            diagnostics.error(node, f"{attribute.display} refers to the relation field `{name}`",
                              "list the scalar field(s) that hold the foreign key instead")
            return None
        index_field = IndexField(field)
        if isinstance(node, FunctionValue):
            if not _index_field_args(index_field, node, attribute, diagnostics):
                return None
        out.append(index_field)
    return out


def _index_field_args(index_field: IndexField, node: FunctionValue, attribute: Attribute, diagnostics: Diagnostics) -> bool:
    for argument in node.args:
        value = argument.value
        if argument.name == "sort" and isinstance(value, ConstantValue) and value.name in SORT_ORDERS:
            index_field.sort = value.name
        elif argument.name == "length" and isinstance(value, NumberValue):
            diagnostics.error(argument, "`length` on an index field is supported only on MySQL")
            return False
        elif argument.name == "ops":
            ops = _operator_class(value, diagnostics)
            if ops is None:
                return False
            index_field.ops = ops
            index_field.ops_name = value.name if isinstance(value, ConstantValue) else None
        else:
            diagnostics.error(argument, f"`{argument.name or value_kind(value)}` is not a valid argument of an index field in {attribute.display}",
                              "index fields accept sort: Asc|Desc and ops: (an operator class)")
            return False
    return True


# Prisma's names for PostgreSQL operator classes; any other class is written ops: raw("name").
_OPS_WORDS = {"MinMax": "minmax", "TimestampTz": "timestamptz", "TimeTz": "timetz", "VarBit": "varbit",
              "TsVector": "tsvector", "JsonbPath": "jsonb_path", "Bpchar": "bpchar", "Multi": "multi"}


def _operator_class(value: Value, diagnostics: Diagnostics) -> str | None:
    if isinstance(value, FunctionValue) and value.name == "raw" and len(value.args) == 1 and isinstance(value.args[0].value, StringValue):
        return value.args[0].value.value
    if isinstance(value, ConstantValue) and not is_known_opclass(value.name):
        diagnostics.error(value, f"Invalid operator class: {value.name}",
                          'Prisma names GiST, GIN, SP-GiST and BRIN classes (JsonbPathOps, InetOps…); write any other as ops: raw("name")')
        return None
    if isinstance(value, ConstantValue):
        import re

        text = value.name
        for word, replacement in _OPS_WORDS.items():
            text = text.replace(word, f"_{replacement}_")
        text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
        return re.sub(r"_+", "_", text).strip("_").lower()
    diagnostics.error(value, "`ops` must be an operator class such as JsonbPathOps or raw(\"gin_trgm_ops\")")
    return None


def _keys_and_indexes(model: PrismaModel, diagnostics: Diagnostics) -> None:
    """Primary key and indexes in Prisma's order: field @unique, then @@index, then @@unique."""
    _primary_key(model, diagnostics)
    uniques, indexes = [], []
    for field in model.fields:
        attribute = field.node.attribute("unique")
        if attribute is not None and field.kind != "relation":
            args = AttributeArgs(attribute, diagnostics, ("map", "sort", "length", "clustered"))
            sort = args.constant("sort", SORT_ORDERS)
            if "length" in args.values:  # a MySQL prefix length
                diagnostics.error(attribute, "The length argument is not supported in an index definition with the current connector")
            model.indexes.append(IndexSpec("unique", [IndexField(field, sort=sort)], attribute, map=args.string("map"), field_level=True))
    for attribute in model.node.attributes:
        if attribute.name == "index":
            indexes.append(_block_index(model, attribute, "index", diagnostics))
        elif attribute.name == "unique":
            uniques.append(_block_index(model, attribute, "unique", diagnostics))
    model.indexes.extend(i for i in indexes + uniques if i is not None)


def _block_index(model: PrismaModel, attribute: Attribute, kind: str, diagnostics: Diagnostics) -> IndexSpec | None:
    accepted = ("fields", "name", "map", "clustered", "where") + (("type",) if kind == "index" else ())
    args = AttributeArgs(attribute, diagnostics, accepted, positional="fields")
    items = args.names("fields")
    if items is None:
        if "fields" not in args.values:
            diagnostics.error(attribute, f"{attribute.display} needs the list of fields", f"write {attribute.display}([a, b])")
        return None
    if not items:
        diagnostics.error(attribute, f"{attribute.display} needs at least one field")
        return None
    fields = _index_fields(model, items, attribute, diagnostics)
    if fields is None:
        return None
    method = args.constant("type", INDEX_TYPES) if kind == "index" else None
    where = _where(args, diagnostics)
    name, map_name = args.string("name"), args.string("map")
    if kind == "index" and map_name is None:
        # On @@index, `name:` is the database name (Prisma 2's spelling of `map:`); on @@unique and
        # @@id it is the name Prisma Client uses, and `map:` names the database object.
        map_name, name = name, None
    return IndexSpec(kind, fields, attribute, name=name, map=map_name, method=method, where=where)


def _where(args: AttributeArgs, diagnostics: Diagnostics) -> str | None:
    value = args.get("where")
    if value is None:
        return None
    if isinstance(value, FunctionValue) and value.name == "raw" and len(value.args) == 1 and isinstance(value.args[0].value, StringValue):
        return value.args[0].value.value
    if isinstance(value, StringValue):
        return value.value
    diagnostics.error(value, "`where` takes the predicate of a partial index, like raw(\"deleted_at IS NULL\")")
    return None


def _primary_key(model: PrismaModel, diagnostics: Diagnostics) -> None:
    field_ids = [f for f in model.fields if f.node.attribute("id") is not None and f.kind != "relation"]
    block_ids = model.node.attributes_named("id")
    if len(field_ids) + len(block_ids) > 1:
        target = (block_ids[1] if len(block_ids) > 1 else block_ids[0]) if block_ids else field_ids[1].node.attribute("id")
        diagnostics.error(target, f"`{model.name}` has more than one primary key",
                          "use one @id, or one @@id([a, b]) for a compound key")
        return
    if field_ids:
        field = field_ids[0]
        attribute = field.node.attribute("id")
        args = AttributeArgs(attribute, diagnostics, ("map", "sort", "length", "clustered"))
        if "length" in args.values:
            diagnostics.error(attribute, "The length argument is not supported in the primary key with the current connector")
        if field.optional or field.list:
            diagnostics.error(attribute, f"the @id field `{field.name}` must be required", "remove the `?` or `[]`")
        model.primary_key = PrimaryKeySpec([IndexField(field, sort=args.constant("sort", SORT_ORDERS))], attribute,
                                           map=args.string("map"), field_level=True)
    elif block_ids:
        attribute = block_ids[0]
        args = AttributeArgs(attribute, diagnostics, ("fields", "name", "map", "clustered"), positional="fields")
        items = args.names("fields")
        fields = _index_fields(model, items, attribute, diagnostics) if items else None
        if items == []:
            diagnostics.error(attribute, "@@id needs at least one field")
        if fields:
            for index_field in fields:
                if index_field.field.optional or index_field.field.list:
                    diagnostics.error(attribute, f"`{index_field.field.name}` is optional and cannot be part of the primary key")
            model.primary_key = PrimaryKeySpec(fields, attribute, name=args.string("name"), map=args.string("map"))


def _check_unique_criteria(model: PrismaModel, diagnostics: Diagnostics) -> None:
    """Prisma needs a way to identify each row of a model (views and ignored models excepted): a key
    of required fields, none of them Unsupported."""
    if model.kind != "model" or model.ignored:
        return
    criteria = [[f.field for f in index.fields] for index in model.indexes if index.kind == "unique"]
    if model.primary_key is not None:
        criteria.insert(0, [f.field for f in model.primary_key.fields])
    if any(all(f.required and f.kind != "unsupported" for f in fields) for fields in criteria):
        return
    message = ("Each model must have at least one unique criteria that has only required fields. Either mark a single field "
               "with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.")
    if criteria:
        listing = "\n".join("- " + ", ".join(f.name for f in fields) for fields in criteria)
        message += f" The following unique criterias were not considered as they contain fields that are not required:\n{listing}"
    diagnostics.error(model.node, message, "or @@ignore the model (Prisma Client then leaves it out)", model.node.start, model.node.name_end)
