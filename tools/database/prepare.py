"""Make an empty database ready for a schema's DDL: the extensions it uses and stand-ins for the rest.

Prisma's DDL assumes things that a migration folder or a hosting provider set up beforehand: the
`citext` type behind `@db.Citext`, the `gin_trgm_ops` operator class behind a trigram index, or a
function such as `nanoid()` that a `dbgenerated("nanoid()")` default calls. Applying that DDL to a
fresh database (the Prisma-oracle tests, `check --embedded`) first needs them.

Everything is derived from the DDL itself, parsed with PostgreSQL's own parser (pglast): the types
its columns use, the operator classes its indexes name, the functions its defaults call. What the
database lacks is installed from the extension that provides it; a function nothing provides gets a
stand-in (a plain SQL function of the right name and argument types, returning the column's type),
and a type nothing provides gets a domain over text. What cannot be stood in for is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pglast
from pglast import ast
from pglast.enums import ConstrType

from tools.errors import DatabaseError

# Objects that Prisma schemas commonly use and the contrib extension that provides them. A type
# whose name equals an available extension's name (citext, vector, hstore, ltree, cube, ...) needs
# no entry: that extension is tried first.
PROVIDED_BY: dict[str, str] = {
    # operator classes
    "gin_trgm_ops": "pg_trgm", "gist_trgm_ops": "pg_trgm",
    "gin__int_ops": "intarray", "gist__int_ops": "intarray", "gist__intbig_ops": "intarray",
    "vector_l2_ops": "vector", "vector_ip_ops": "vector", "vector_cosine_ops": "vector",
    "vector_l1_ops": "vector", "halfvec_cosine_ops": "vector", "halfvec_l2_ops": "vector",
    "gist_ltree_ops": "ltree", "gist_hstore_ops": "hstore", "gin_hstore_ops": "hstore",
    # types
    "halfvec": "vector", "sparsevec": "vector", "lquery": "ltree", "ltxtquery": "ltree",
    # functions
    "uuid_generate_v1": "uuid-ossp", "uuid_generate_v1mc": "uuid-ossp", "uuid_generate_v3": "uuid-ossp",
    "uuid_generate_v4": "uuid-ossp", "uuid_generate_v5": "uuid-ossp", "uuid_nil": "uuid-ossp",
    "gen_random_bytes": "pgcrypto", "crypt": "pgcrypto", "gen_salt": "pgcrypto", "digest": "pgcrypto",
    "hmac": "pgcrypto", "pgp_sym_encrypt": "pgcrypto", "similarity": "pg_trgm",
    "word_similarity": "pg_trgm", "unaccent": "unaccent", "earth_distance": "earthdistance",
    "ll_to_earth": "earthdistance", "levenshtein": "fuzzystrmatch", "soundex": "fuzzystrmatch",
}

# Stand-in bodies by the type a function must return: unique-ish values for text and uuid so that
# a row inserted without the column still satisfies a UNIQUE index.
_STAND_IN_BODY = {
    "text": "SELECT md5(random()::text)",
    "uuid": "SELECT gen_random_uuid()",
}


@dataclass(frozen=True, slots=True)
class FunctionCall:
    """A function a default calls, with the argument types its literals imply."""

    schema: str | None
    name: str
    arg_types: tuple[str, ...]
    returns: str  # the type of the column whose default calls it
    value_type: str = ""  # the same with its modifiers: an explicit cast to it truncates (varchar(10))

    def signature(self) -> str:
        qualified = f'"{self.schema}"."{self.name}"' if self.schema else f'"{self.name}"'
        return f"{qualified}({', '.join(self.arg_types)})"


@dataclass(slots=True)
class DdlNeeds:
    """What a DDL script uses that an empty database may not have."""

    types: set[str] = field(default_factory=set)  # type names not qualified pg_catalog.* (the database says which exist)
    opclasses: set[str] = field(default_factory=set)
    functions: dict[tuple[str | None, str], FunctionCall] = field(default_factory=dict)
    extensions: set[str] = field(default_factory=set)  # created by the DDL itself
    schemas: set[str] = field(default_factory=set)  # created by the DDL itself
    defined_types: set[str] = field(default_factory=set)  # enums, domains, composites the DDL creates
    defined_functions: set[str] = field(default_factory=set)  # functions the DDL creates


@dataclass(slots=True)
class Preparation:
    """What `prepare_database` did: extensions installed, stand-ins created, and what it could not do."""

    ddl: str = ""  # the script to run: the given DDL with `rewrites` applied
    extensions: list[str] = field(default_factory=list)
    stand_ins: list[str] = field(default_factory=list)
    rewrites: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"extensions": self.extensions, "stand_ins": self.stand_ins, "rewrites": self.rewrites,
                "unresolved": self.unresolved}


def ddl_needs(ddl: str) -> DdlNeeds:
    """Types, operator classes and default-called functions a DDL script uses (parsed, not grepped)."""
    try:
        statements = pglast.parse_sql(ddl)
    except pglast.parser.ParseError as error:
        raise DatabaseError(f"the DDL does not parse: {error}") from None
    needs = DdlNeeds()
    for raw in statements:
        _collect_definitions(raw.stmt, needs)
    for raw in statements:
        for node in _walk(raw.stmt):
            if isinstance(node, ast.ColumnDef):
                _collect_column(node, needs)
            elif isinstance(node, ast.IndexElem) and node.opclass:
                needs.opclasses.add(node.opclass[-1].sval)
            elif isinstance(node, ast.AlterTableCmd) and node.def_ is not None and not isinstance(node.def_, ast.ColumnDef):
                _collect_calls(node.def_, "text", needs)  # ALTER COLUMN SET DEFAULT: the column type is not in sight
    needs.types -= needs.defined_types
    return needs


def _collect_definitions(stmt: ast.Node, needs: DdlNeeds) -> None:
    """Objects the script creates itself: never installed or stood in for."""
    if isinstance(stmt, ast.CreateExtensionStmt):
        needs.extensions.add(stmt.extname)
    elif isinstance(stmt, ast.CreateSchemaStmt):
        needs.schemas.add(stmt.schemaname)
    elif isinstance(stmt, ast.CreateEnumStmt):
        needs.defined_types.add(stmt.typeName[-1].sval)
    elif isinstance(stmt, ast.CreateDomainStmt):
        needs.defined_types.add(stmt.domainname[-1].sval)
    elif isinstance(stmt, ast.CompositeTypeStmt):
        needs.defined_types.add(stmt.typevar.relname)
    elif isinstance(stmt, ast.CreateFunctionStmt):
        needs.defined_functions.add(stmt.funcname[-1].sval)


def _collect_column(column: ast.ColumnDef, needs: DdlNeeds) -> None:
    type_name = column.typeName
    if type_name is None:
        return
    names = [n.sval for n in type_name.names]
    if names[0] != "pg_catalog" and names[-1] not in _SERIAL_NOTATIONS:
        needs.types.add(names[-1])
    for constraint in column.constraints or ():
        if constraint.contype == ConstrType.CONSTR_DEFAULT and constraint.raw_expr is not None:
            _collect_calls(constraint.raw_expr, _type_sql(type_name), needs, _type_sql(type_name, modifiers=True))


def _collect_calls(expr: ast.Node, returns: str, needs: DdlNeeds, value_type: str = "") -> None:
    for node in _walk(expr):
        if isinstance(node, ast.FuncCall):
            names = [n.sval for n in node.funcname]
            if names[0] == "pg_catalog" or names[-1] in needs.defined_functions:
                continue
            schema = names[0] if len(names) > 1 else None
            call = FunctionCall(schema, names[-1], tuple(_literal_type(a) for a in node.args or ()), returns,
                                value_type or returns)
            needs.functions.setdefault((schema, call.name), call)


# `serial` and its siblings are notations CREATE TABLE expands, not types in pg_type.
_SERIAL_NOTATIONS = {"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"}


def _literal_type(arg: ast.Node) -> str:
    """The argument type a literal implies (PostgreSQL resolves an untyped string literal to text)."""
    if isinstance(arg, ast.TypeCast):
        return _type_sql(arg.typeName)
    if isinstance(arg, ast.A_Const) and not arg.isnull:
        return {ast.Integer: "integer", ast.Float: "numeric", ast.Boolean: "boolean"}.get(type(arg.val), "text")
    return "text"


def _type_sql(type_name: ast.TypeName, modifiers: bool = False) -> str:
    """SQL text of a type, without its modifiers unless asked (function signatures ignore them)."""
    from pglast.stream import RawStream

    if modifiers:
        return RawStream()(type_name)
    return RawStream()(ast.TypeName(names=type_name.names, arrayBounds=type_name.arrayBounds))


def _walk(node: Any) -> Iterable[ast.Node]:
    """Every AST node below `node`, depth first."""
    if isinstance(node, ast.Node):
        yield node
        for name in node.__slots__:
            yield from _walk(getattr(node, name, None))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _walk(item)


def prepare_database(url: str, ddl: str) -> Preparation:
    """Install what `ddl` needs into the (empty) database at `url`; returns what was done.

    Idempotent: run it twice and the second run finds everything in place. Run `.ddl` of the
    result, not `ddl`: it may carry rewrites (see `defaults_as_generated`).
    """
    import psycopg

    needs = ddl_needs(ddl)
    preparation = Preparation(ddl=ddl)
    preparation.ddl, preparation.rewrites = defaults_as_generated(ddl)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            _install_extensions(conn, needs, preparation)
            _create_stand_ins(conn, needs, preparation)
    except psycopg.Error as error:
        raise DatabaseError(f"could not prepare the database: {str(error).strip()}") from None
    return preparation


def _missing(conn: Any, needs: DdlNeeds) -> tuple[set[str], set[str], list[FunctionCall]]:
    """The types, operator classes and functions the database does not have yet (one query each)."""
    types = {r[0] for r in conn.execute("SELECT typname FROM pg_type WHERE typname = ANY(%s)", [list(needs.types)])}
    opclasses = {r[0] for r in conn.execute("SELECT opcname FROM pg_opclass WHERE opcname = ANY(%s)", [list(needs.opclasses)])}
    calls = list(needs.functions.values())
    rows = conn.execute(
        "SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.proname = ANY(%s) AND (n.nspname = ANY(current_schemas(true)) OR n.nspname = ANY(%s))",
        [[c.name for c in calls], [c.schema for c in calls if c.schema]],
    ).fetchall()
    present = {(schema, name) for schema, name in rows}
    names_on_path = {name for _, name in rows}
    functions = [c for c in calls if ((c.schema, c.name) not in present if c.schema else c.name not in names_on_path)]
    return needs.types - types, needs.opclasses - opclasses, functions


def _install_extensions(conn: Any, needs: DdlNeeds, preparation: Preparation) -> None:
    available = {r[0]: r[1] for r in conn.execute("SELECT name, installed_version FROM pg_available_extensions")}
    types, opclasses, functions = _missing(conn, needs)
    wanted: dict[str, str] = {}
    for name in [*sorted(types), *sorted(opclasses), *(f.name for f in functions)]:
        extension = name if name in available else PROVIDED_BY.get(name)
        if extension and extension in available and available[extension] is None and extension not in needs.extensions:
            wanted.setdefault(extension, name)
    for extension in wanted:
        # CASCADE: an extension that requires another (earthdistance needs cube) brings it along
        conn.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}" CASCADE')
        preparation.extensions.append(extension)


def _create_stand_ins(conn: Any, needs: DdlNeeds, preparation: Preparation) -> None:
    types, opclasses, functions = _missing(conn, needs)
    for name in sorted(types - _types_the_script_installs(needs)):
        # a domain over text lets CREATE TABLE succeed; a type used with modifiers (geometry(Point))
        # would still fail, and the caller sees the name in `unresolved` when it does
        conn.execute(f'CREATE DOMAIN "{name}" AS text')
        preparation.stand_ins.append(f"type {name}")
    for call in functions:
        if PROVIDED_BY.get(call.name) in needs.extensions:
            continue  # the script creates the extension that provides it: a stand-in would clash
        if call.schema:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{call.schema}"')
        body = _STAND_IN_BODY.get(call.returns if call.returns in _STAND_IN_BODY else _base(call.returns),
                                  "SELECT NULL")
        conn.execute(f"CREATE FUNCTION {call.signature()} RETURNS {call.returns} LANGUAGE sql VOLATILE "
                     f"AS $stand_in$ {body}::{call.value_type or call.returns} $stand_in$")
        preparation.stand_ins.append(f"function {call.signature()}")
    preparation.unresolved.extend(f"operator class {name}" for name in sorted(opclasses))


def _types_the_script_installs(needs: DdlNeeds) -> set[str]:
    # a type named like an extension the script creates itself (CREATE EXTENSION vector) arrives then
    return {name for name in needs.types if name in needs.extensions}


def _base(type_sql: str) -> str:
    """`text` for the string types (their stand-in value is a random string), else the type itself."""
    bare = type_sql.split(".")[-1].strip('"').split("(")[0].split("[")[0].strip()
    return "text" if bare in {"text", "varchar", "bpchar", "citext", "character varying", "character"} else bare


def apply_ddl(url: str, ddl: str) -> Preparation:
    """Prepare the database at `url` for `ddl`, then run it (one transaction); returns the preparation."""
    import psycopg

    preparation = prepare_database(url, ddl)
    try:
        with psycopg.connect(url) as conn:
            conn.execute(preparation.ddl)
    except psycopg.Error as error:
        detail = "; ".join(preparation.unresolved)
        raise DatabaseError(f"the DDL failed: {str(error).strip()}" + (f" (not available here: {detail})" if detail else "")) from None
    return preparation


def defaults_as_generated(ddl: str) -> tuple[str, list[str]]:
    """Turn a DEFAULT that reads other columns into GENERATED ALWAYS AS (...) STORED.

    PostgreSQL refuses such a default ("cannot use column reference in DEFAULT expression"). Prisma
    prints one for a generated column: its introspection renders `GENERATED ALWAYS AS (e) STORED` as
    `@default(dbgenerated("e"))`, and `migrate diff` writes that back as `DEFAULT e`. The database
    such a schema describes has the generated column, so that is what we create.
    """
    encoded = ddl.encode()
    edits: list[tuple[int, int, bytes]] = []
    rewrites: list[str] = []
    for raw in pglast.parse_sql(ddl):
        for node in _walk(raw.stmt):
            if not isinstance(node, ast.ColumnDef):
                continue
            for constraint in node.constraints or ():
                if constraint.contype != ConstrType.CONSTR_DEFAULT or constraint.raw_expr is None:
                    continue
                if any(isinstance(n, ast.ColumnRef) for n in _walk(constraint.raw_expr)):
                    start, end = default_span(encoded, constraint)
                    expression = encoded[start:end].strip()
                    start = constraint.location  # from the DEFAULT keyword on
                    edits.append((start, end, b"GENERATED ALWAYS AS (" + expression + b") STORED"))
                    rewrites.append(f"column {node.colname}: DEFAULT {expression.decode()} -> GENERATED ALWAYS AS (...) STORED")
    for start, end, text in sorted(edits, reverse=True):
        encoded = encoded[:start] + text + encoded[end:]
    return encoded.decode(), rewrites


def default_span(encoded: bytes, constraint: ast.Constraint) -> tuple[int, int]:
    """Byte offsets of a DEFAULT constraint's expression in the UTF-8 script (parser locations are bytes)."""
    start = constraint.location + len(b"DEFAULT")
    while encoded[start:start + 1].isspace():
        start += 1
    return start, _expression_end(encoded, start)


def _expression_end(text: bytes, start: int) -> int:
    """Byte offset where an expression starting at `start` ends: the next top-level `,`, `)` or `;`."""
    depth, index, quote = 0, start, None
    while index < len(text):
        char = text[index:index + 1]
        if quote:
            quote = None if char == quote else quote
        elif char in (b"'", b'"'):
            quote = char
        elif char in (b"(", b"["):
            depth += 1
        elif char in (b")", b"]") and depth:
            depth -= 1
        elif char in (b",", b")", b";") and depth == 0:
            return index
        index += 1
    return index
