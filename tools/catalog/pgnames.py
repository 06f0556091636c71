"""PostgreSQL's own naming rules, so that derived catalogs spell names exactly as the server does.

- `pg_quote_ident`: when PostgreSQL's deparser (`quote_identifier`, used by `pg_get_expr`,
  `format_type` and regclass output) puts double quotes around a name.
- `truncate_identifier`: names longer than 63 bytes (NAMEDATALEN - 1) are cut silently.
- `pg_object_name`: how PostgreSQL names an implicit object such as a serial column's sequence
  (`makeObjectName`: shorten the longer part first until `name1_name2_label` fits).
- `prisma_constraint_name`: how Prisma names keys, indexes and foreign keys, with its own truncation
  (`RecurringExpenseLink_groupId_nextExpenseCreatedAt_nextExpen_idx`).
"""

from __future__ import annotations

import re

MAX_IDENTIFIER_BYTES = 63

# Every keyword that is not UNRESERVED: quote_identifier() quotes these even when lower case.
# (Reserved, column-name and type/function-name keywords of the PostgreSQL grammar.)
QUOTED_KEYWORDS = frozenset((
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
    "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
    "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists",
    "json_object", "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table",
    "json_value", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "merge_action", "national", "natural", "nchar", "none", "normalize", "not",
    "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
    "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references",
    "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
    "substring", "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp",
    "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
    "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
    "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
    "xmlroot", "xmlserialize", "xmltable",
))

_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")


def pg_quote_ident(name: str) -> str:
    """The name as PostgreSQL's deparser prints it: bare when safe, else double-quoted."""
    if _PLAIN.match(name) and name not in QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def pg_qualified(schema: str | None, name: str, search_path: tuple[str, ...] = ("public",)) -> str:
    """`schema.name` as regclass/format_type print it: unqualified when the schema is on the search path."""
    if schema is None or schema in search_path or schema == "pg_catalog":
        return pg_quote_ident(name)
    return f"{pg_quote_ident(schema)}.{pg_quote_ident(name)}"


def _clip_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` that fits in `limit` UTF-8 bytes without splitting a character."""
    if len(text) <= limit and (text.isascii() or len(text) * 4 <= limit):  # fits whatever its bytes
        return text
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def truncate_identifier(name: str) -> str:
    """PostgreSQL keeps the first 63 bytes of a longer identifier (and says so only as a NOTICE)."""
    return _clip_bytes(name, MAX_IDENTIFIER_BYTES)


def pg_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName(): `name1_name2_label`, shortening the longer of the two names."""
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    available = MAX_IDENTIFIER_BYTES - overhead
    n1, n2 = len(name1.encode()), len(name2.encode()) if name2 else 0
    while n1 + n2 > available:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    out = _clip_bytes(name1, n1)
    if name2:
        out += "_" + _clip_bytes(name2, n2)
    if label:
        out += "_" + label
    return out


def prisma_constraint_name(table: str, columns: list[str] | tuple[str, ...], suffix: str) -> str:
    """Prisma's default name for a key, index or foreign key: `Table_col1_col2` cut to fit, then the suffix.

    The suffix is `_pkey`, `_key`, `_idx` or `_fkey`; a primary key's name uses no columns.
    """
    base = "_".join([table, *columns])
    limit = MAX_IDENTIFIER_BYTES - len(suffix)
    return _clip_bytes(base, limit) + suffix
