"""Default expressions in PostgreSQL's stored spelling, so that equivalent spellings compare equal.

A column default is stored as an expression tree and printed back by `pg_get_expr()`: the untyped
literal in `DEFAULT 'PENDING'` comes back as `'PENDING'::"Status"`, `ARRAY['a']::TEXT[]` as
`ARRAY['a'::text]`, `-1` as `'-1'::integer`, `'{"b":1,"a":2}'` on a jsonb column as
`'{"a": 2, "b": 1}'::jsonb`. `normalize_default(text, column)` parses an expression with PostgreSQL's
own parser (pglast) and prints it the way `pg_get_expr` would for that column, for the constructs
whose stored form follows from the text alone: constants of the common types, casts, arrays,
SQL-standard functions (CURRENT_TIMESTAMP), calls with typed arguments, COALESCE, column
references. Anything else (an untyped literal passed to a function or an operator, whose type
PostgreSQL picks from the function's signature) is returned unchanged, whitespace aside.

Two properties hold and are tested against a real server: output of `pg_get_expr` is a fixed point
(`normalize_default(pg, column) == pg`), and a spelling PostgreSQL stores identically maps to it.
Spellings PostgreSQL stores differently stay different: `now()` is not `CURRENT_TIMESTAMP`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pglast
from pglast import ast, keywords
from pglast.enums import SQLValueFunctionOp

from tools.catalog.model import DEFAULT_SCHEMA, Column


class _Unhandled(Exception):
    """A construct whose stored form cannot be known from the text alone."""


# pglast's internal type names → format_type()'s spelling (without modifiers)
_TYPE_NAMES = {
    "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
    "bool": "boolean", "varchar": "character varying", "bpchar": "bpchar", "numeric": "numeric",
    "timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
    "time": "time without time zone", "timetz": "time with time zone", "interval": "interval",
    "bit": '"bit"', "varbit": "bit varying", "text": "text", "char": '"char"',
}
# format_type() long names with their modifiers removed: `character varying(255)` → `character varying`
_MODIFIER = re.compile(r"\(\s*[\d\s,]*\)")

_SQL_VALUE_FUNCTIONS = {
    SQLValueFunctionOp.SVFOP_CURRENT_DATE: "CURRENT_DATE",
    SQLValueFunctionOp.SVFOP_CURRENT_TIME: "CURRENT_TIME",
    SQLValueFunctionOp.SVFOP_CURRENT_TIME_N: "CURRENT_TIME",
    SQLValueFunctionOp.SVFOP_CURRENT_TIMESTAMP: "CURRENT_TIMESTAMP",
    SQLValueFunctionOp.SVFOP_CURRENT_TIMESTAMP_N: "CURRENT_TIMESTAMP",
    SQLValueFunctionOp.SVFOP_LOCALTIME: "LOCALTIME",
    SQLValueFunctionOp.SVFOP_LOCALTIME_N: "LOCALTIME",
    SQLValueFunctionOp.SVFOP_LOCALTIMESTAMP: "LOCALTIMESTAMP",
    SQLValueFunctionOp.SVFOP_LOCALTIMESTAMP_N: "LOCALTIMESTAMP",
    SQLValueFunctionOp.SVFOP_CURRENT_ROLE: "CURRENT_ROLE",
    SQLValueFunctionOp.SVFOP_CURRENT_USER: "CURRENT_USER",
    SQLValueFunctionOp.SVFOP_USER: "USER",
    SQLValueFunctionOp.SVFOP_SESSION_USER: "SESSION_USER",
    SQLValueFunctionOp.SVFOP_CURRENT_CATALOG: "CURRENT_CATALOG",
    SQLValueFunctionOp.SVFOP_CURRENT_SCHEMA: "CURRENT_SCHEMA",
}

_UNSAFE_WORDS = set(keywords.RESERVED_KEYWORDS) | set(keywords.COL_NAME_KEYWORDS) | set(keywords.TYPE_FUNC_NAME_KEYWORDS)


def quote_identifier(name: str) -> str:
    """PostgreSQL's quote_ident(): quotes only when the name would not read back as itself."""
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name not in _UNSAFE_WORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def normalize_default(expression: str | None, column: Column | None = None,
                      default_schema: str = DEFAULT_SCHEMA) -> str | None:
    """`expression` as `pg_get_expr` prints it for a default of `column` (None: no default), with
    `default_schema` alone on the search_path (types elsewhere print schema-qualified)."""
    if expression is None or not expression.strip():
        return None
    if column is None:
        return _normalize(expression.strip(), None, default_schema)
    return _normalize(expression.strip(), (column.type, column.type_schema, column.array), default_schema)


@lru_cache(maxsize=8192)
def _normalize(text: str, column_type: tuple[str, str | None, bool] | None, default_schema: str) -> str | None:
    """Cached by value: a large schema repeats a few defaults (0, false, CURRENT_TIMESTAMP) many times."""
    try:
        node = pglast.parse_sql(f"SELECT {text}")[0].stmt.targetList[0].val
    except Exception:  # not an expression on its own: leave it for an exact comparison
        return _squeeze(text)
    if isinstance(node, ast.A_Const) and node.isnull:
        return None  # PostgreSQL stores no default at all for DEFAULT NULL
    column = None if column_type is None else Column("", column_type[0], type_schema=column_type[1], array=column_type[2])
    try:
        return _render(node, _target(column, default_schema))
    except _Unhandled:
        return _squeeze(text)


def _squeeze(text: str) -> str:
    """Collapse whitespace outside quoted literals and identifiers."""
    parts = re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", text)
    return "".join(p if i % 2 else re.sub(r"\s+", " ", p) for i, p in enumerate(parts)).strip()


class _Type:
    """A target type: the label PostgreSQL prints after `::` and the kind of value it holds."""

    __slots__ = ("label", "kind", "array")

    def __init__(self, label: str, kind: str, array: bool = False):
        self.label, self.kind, self.array = label, kind, array

    def element(self) -> "_Type":
        return _Type(self.label, self.kind)

    def cast_label(self) -> str:
        return self.label + ("[]" if self.array else "")


def _target(column: Column | None, default_schema: str = DEFAULT_SCHEMA) -> _Type | None:
    """The type a default of `column` is coerced to, labelled as format_type prints it without modifiers."""
    if column is None:
        return None
    if column.type_schema not in (None, "pg_catalog"):
        bare = column.type.split("(", 1)[0]
        label = quote_identifier(bare)
        if column.type_schema != default_schema:
            label = f"{quote_identifier(column.type_schema)}.{label}"
        return _Type(label, "citext" if bare == "citext" else "user", column.array)
    label = re.sub(r"\s+", " ", _MODIFIER.sub("", column.type)).strip()
    # a constant carries no length: format_type(bpchar, -1) is `bpchar`, and bare `bit` would mean bit(1)
    label = {"character": "bpchar", "bit": '"bit"'}.get(label, label)
    return _Type(label, label, column.array)


def _type_of(type_name: ast.TypeName) -> _Type:
    """The target of an explicit cast; a cast with modifiers prints differently, so it is not handled."""
    if type_name.typmods or type_name.setof or type_name.pct_type:
        raise _Unhandled
    names = [n.sval for n in type_name.names]
    array = bool(type_name.arrayBounds)
    if names[0] == "pg_catalog" and len(names) == 2:
        label = _TYPE_NAMES.get(names[1], names[1])
        return _Type(label, label, array)
    if len(names) == 1 or names[0] == DEFAULT_SCHEMA:
        # `text`, `jsonb`, `uuid` arrive unqualified like user types; the name selects the canonical form
        return _Type(quote_identifier(names[-1]), names[-1], array)
    return _Type(".".join(quote_identifier(n) for n in names), "user", array)


def _render(node: ast.Node, target: _Type | None) -> str:
    if isinstance(node, ast.A_Const):
        return _render_const(node, target)
    if isinstance(node, ast.TypeCast):
        return _render_cast(node)
    if isinstance(node, ast.A_ArrayExpr):
        if target is None or not target.array or (target.kind != "text" and node.elements):
            raise _Unhandled  # an untyped ARRAY[...] resolves to text[] before the column's coercion
        return _render_array(node, target)
    if isinstance(node, ast.SQLValueFunction):
        name = _SQL_VALUE_FUNCTIONS[node.op]
        return f"{name}({node.typmod})" if node.op.name.endswith("_N") else name
    if isinstance(node, ast.FuncCall):
        return _render_call(node)
    if isinstance(node, ast.CoalesceExpr):
        return f"COALESCE({', '.join(_render(arg, None) for arg in node.args)})"
    if isinstance(node, ast.A_Expr) and node.kind.name == "AEXPR_OP" and len(node.name) == 1 and node.rexpr is not None:
        # an operator prints inside parentheses (pg_get_expr without pretty-printing)
        left = f"{_render(node.lexpr, None)} " if node.lexpr is not None else ""
        return f"({left}{node.name[0].sval} {_render(node.rexpr, None)})"
    if isinstance(node, ast.ColumnRef) and len(node.fields) == 1 and isinstance(node.fields[0], ast.String):
        return quote_identifier(node.fields[0].sval)
    raise _Unhandled


def _render_cast(node: ast.TypeCast) -> str:
    target = _type_of(node.typeName)
    if isinstance(node.arg, ast.A_ArrayExpr) and target.array:
        return _render_array(node.arg, target)
    if isinstance(node.arg, ast.A_Const) and isinstance(node.arg.val, ast.String):
        return _render_const(node.arg, target)
    if target.array:
        raise _Unhandled
    if isinstance(node.arg, ast.A_Const) and _same_type(node.arg, target):
        return _render_const(node.arg, None)  # a cast to the constant's own type is dropped by the parser
    # a cast of a typed value is kept as an explicit coercion, printed (value)::type
    return f"({_render(node.arg, None)})::{target.label}"


def _same_type(const: ast.A_Const, target: _Type) -> bool:
    kinds = {ast.Integer: "integer", ast.Boolean: "boolean"}
    return not const.isnull and kinds.get(type(const.val)) == target.kind


def _render_array(node: ast.A_ArrayExpr, target: _Type) -> str:
    if not node.elements:
        return f"ARRAY[]::{target.cast_label()}"
    return "ARRAY[" + ", ".join(_render(e, target.element()) for e in node.elements) + "]"


def _render_call(node: ast.FuncCall) -> str:
    if (node.agg_star or node.agg_distinct or node.func_variadic or node.over or node.agg_order or node.agg_filter
            or node.funcformat.name != "COERCE_EXPLICIT_CALL"):
        raise _Unhandled
    names = [n.sval for n in node.funcname]
    if names[0] in ("pg_catalog", DEFAULT_SCHEMA) and len(names) == 2:
        names = names[1:]  # visible on the default search_path: printed unqualified
    args = ", ".join(_render(arg, None) for arg in node.args or ())
    return ".".join(quote_identifier(n) for n in names) + f"({args})"


def _render_const(node: ast.A_Const, target: _Type | None) -> str:
    value = node.val
    if node.isnull:
        return "NULL" if target is None else f"NULL::{target.cast_label()}"
    if isinstance(value, ast.Boolean):
        return "true" if value.boolval else "false"
    if isinstance(value, ast.Integer):
        return _int4(str(value.ival))
    if isinstance(value, ast.Float):
        return _numeric_literal(value.fval)
    if isinstance(value, ast.String) and target is not None:
        if target.array:
            return f"{_quote(value.sval)}::{target.cast_label()}"  # array_in's canonical form is not rebuilt here
        return _typed(value.sval, target)
    raise _Unhandled  # an untyped literal whose type comes from a function or operator


def _int4(text: str) -> str:
    # a negative integer prints as '-1'::integer so that it re-parses as one constant
    return text if not text.startswith("-") else f"'{text}'::integer"


def _numeric_literal(text: str) -> str:
    """A numeric literal the parser made: an integer beyond int4 becomes int8, then numeric."""
    if re.fullmatch(r"-?\d+", text):
        number = int(text)
        if -(2**63) <= number < 2**63:
            return f"'{number}'::bigint"
    return _numeric(_decimal(text))


def _numeric(number: Decimal) -> str:
    """numeric_out, labelled the way ruleutils does: bare only when it reads back as a numeric."""
    if number.is_nan():
        return "'NaN'::numeric"
    text = format(number, "f")
    if text.startswith("-"):
        return f"'{text}'::numeric"
    # an integral numeric (from 1e3, or a literal beyond int8) is quoted so that it does not read back as an integer
    return text if "." in text else f"'{text}'::numeric"


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise _Unhandled from None


def _typed(text: str, target: _Type) -> str:
    """An untyped literal coerced to `target`: PostgreSQL runs the type's input function, so the
    stored constant prints in the type's canonical output form."""
    kind = target.kind
    if kind == "integer":
        return _int4(str(_integer(text)))
    if kind == "numeric":
        return _numeric(_decimal(text))
    if kind == "boolean":
        return _boolean(text)
    canonical = _CANONICAL.get(kind)
    return f"{_quote(canonical(text) if canonical else text)}::{target.label}"


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise _Unhandled from None


def _boolean(text: str) -> str:
    """boolin: true/false/yes/no/on/off/1/0 and their unique prefixes, any case."""
    word = text.strip().lower()
    if word and ("true".startswith(word) or "yes".startswith(word) or word in ("on", "1")):
        return "true"
    if word and ("false".startswith(word) or "no".startswith(word) or word in ("off", "of", "0")):
        return "false"
    raise _Unhandled


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _jsonb(text: str) -> str:
    """jsonb_out: keys deduplicated (the last wins) and ordered shorter-first then bytewise, ', ' and
    ': ' separators, numbers in numeric's output form."""
    try:
        value = json.loads(text, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=dict)
    except ValueError:
        raise _Unhandled from None
    return _jsonb_value(value)


def _jsonb_value(value: Any) -> str:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return "{" + ", ".join(f"{_json_string(k)}: {_jsonb_value(value[k])}" for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_jsonb_value(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return _json_string(value)


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _uuid(text: str) -> str:
    digits = re.sub(r"[{}\-]", "", text.strip()).lower()
    if not re.fullmatch(r"[0-9a-f]{32}", digits):
        raise _Unhandled
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


_ISO_TIMESTAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)


def _timestamp(text: str) -> str:
    """timestamp without time zone from an ISO spelling: a zone is ignored, seconds always shown,
    trailing zeros of a fraction dropped."""
    match = _ISO_TIMESTAMP.fullmatch(text.strip())
    if not match:
        raise _Unhandled
    day, hour, minute, second, fraction = match.groups()
    fraction = (fraction or "").rstrip("0").rstrip(".")
    return f"{day} {hour or '00'}:{minute or '00'}:{second or '00'}{fraction}"


def _date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise _Unhandled
    return text.strip()


def _float8(text: str) -> str:
    """float8out: the shortest text that reads back as the same double (Python's repr, PostgreSQL's spelling)."""
    try:
        number = float(text.strip())
    except ValueError:
        raise _Unhandled from None
    if number != number or number in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(number)]
    shown = repr(number)
    return shown[:-2] if shown.endswith(".0") else shown


# Canonical output forms by type; a type without one keeps the literal as written (PostgreSQL's
# own output is canonical already, so its defaults still read back as themselves).
_CANONICAL = {
    "jsonb": _jsonb,
    "uuid": _uuid,
    "timestamp without time zone": _timestamp,
    "date": _date,
    "double precision": _float8,
    "smallint": lambda text: str(_integer(text)),
    "bigint": lambda text: str(_integer(text)),
}
