"""Column defaults in two spellings: as Prisma writes them in DDL, and as PostgreSQL stores them.

Prisma writes `DEFAULT 'PENDING'`; after it runs, `pg_get_expr()` hands back
`'PENDING'::"Status"`. A derived catalog must hold the second form to compare equal to a live
one, and `triple-orm sql` prints the first. The rules below follow PostgreSQL's deparser
(ruleutils.c `get_const_expr` / `get_coercion_expr`), calibrated against a real server:

- an int4 literal prints bare, a negative one as `'-1'::integer`; an int8-sized literal as
  `'5000000000'::bigint`; a decimal literal bare (`1.50`), a negative one as `'-1.5'::numeric`.
  The literal's own type counts, not the column's: `@default(-1)` on a BigInt is `'-1'::integer`.
- a string literal takes the column type's label without its length (`'x'::character varying`),
  `character` prints as `bpchar`, `bit` as `"bit"`; jsonb literals are re-printed normalised.
- arrays cast with `ARRAY[…]::T[]`: string elements take T with its typmod, numbers get a
  coercion `(2)::bigint` unless already of T; an empty array is `ARRAY[]::T[]`.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta, timezone

from tools.catalog.pgnames import pg_qualified

INT4 = (-(2**31), 2**31 - 1)
INT8 = (-(2**63), 2**63 - 1)

# format_type() spelling -> the label PostgreSQL prints after a string literal of that type
_LABEL_RENAMES = {"bit": '"bit"'}
_TYPMOD = re.compile(r"\(\d+(?:,\d+)?\)")


def sql_string(text: str) -> str:
    """A standard-conforming SQL string literal (backslashes are ordinary characters)."""
    return "'" + text.replace("'", "''") + "'"


def type_label(pg_type: str, keep_typmod: bool = False) -> str:
    """The type name PostgreSQL prints in `'…'::label` for a column of `pg_type` (format_type form)."""
    if pg_type.startswith("character(") or pg_type == "character":
        return "bpchar"
    label = pg_type if keep_typmod else _TYPMOD.sub("", pg_type).replace("  ", " ").strip()
    return _LABEL_RENAMES.get(label, label)


def number_const(text: str) -> tuple[str, str]:
    """(canonical spelling, the constant's type) of a numeric literal as PostgreSQL stores it."""
    if re.fullmatch(r"-?\d+", text):
        value = int(text)
        if INT4[0] <= value <= INT4[1]:
            return (text if value >= 0 else f"'{value}'::integer"), "integer"
        if INT8[0] <= value <= INT8[1]:
            return f"'{value}'::bigint", "bigint"
        return f"'{value}'::numeric", "numeric"
    return (text if not text.startswith("-") else f"'{text}'::numeric"), "numeric"


def _undecorated(text: str) -> str:
    return text.split("::", 1)[0] if text.startswith("'") else text


def jsonb_text(text: str) -> str:
    """jsonb's own output of a JSON document: keys ordered by length then bytes, `", "` and `": "`."""
    def render(value) -> str:
        if isinstance(value, dict):
            keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
            return "{" + ", ".join(f"{render(k)}: {render(value[k])}" for k in keys) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(render(v) for v in value) + "]"
        if isinstance(value, str):
            return json.dumps(value, ensure_ascii=False)
        if value is True:
            return "true"
        if value is False:
            return "false"
        if value is None:
            return "null"
        return value.text if isinstance(value, _Num) else str(value)

    return render(json.loads(text, parse_float=_Num, parse_int=_Num))


class _Num:
    """A JSON number kept as written (jsonb prints numerics as given, e.g. 1.50)."""

    def __init__(self, text: str):
        self.text = text


# RFC 3339 as Prisma's DateTime defaults must be written (chrono's parser): a date, `T`, `t` or a
# space, a time with optional fraction, then `Z`/`z` or an offset.
_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})")


def parse_rfc3339(value: str) -> tuple[datetime, int] | None:
    """(the moment with its UTC offset, at whole seconds; its nanoseconds) of an RFC 3339 date-time,
    or None when `value` is not one (Prisma then refuses the default)."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    nanos = int((match.group(7) or "0")[:9].ljust(9, "0"))
    zone = match.group(8)
    offset = timedelta(0) if zone in ("Z", "z") else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset)), nanos
    except ValueError:
        return None


def _rounded(moment: datetime, nanos: int) -> datetime:
    """The moment as PostgreSQL stores the literal: its fraction rounded to microseconds. A default is
    kept at that precision whatever the column's (the typmod applies when a row is written)."""
    return moment + timedelta(microseconds=round(nanos / 1000))


def timestamp_text(value: str, pg_type: str) -> str | None:
    """PostgreSQL's output of a date-time literal stored in a `pg_type` column (server in UTC).

    A timestamp without time zone, a date and a time keep the literal's own clock and drop its
    offset; a timestamptz is converted to UTC; a timetz keeps the offset."""
    parsed = parse_rfc3339(value)
    if parsed is None:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        parsed = moment.replace(microsecond=0), moment.microsecond * 1000
    moment = _rounded(*parsed)
    if pg_type == "date":
        return moment.strftime("%Y-%m-%d")
    if pg_type.startswith("timestamp") and "with time zone" in pg_type:
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        return _clock(moment, "%Y-%m-%d %H:%M:%S") + "+00"
    if pg_type.startswith("time") and "with time zone" in pg_type:
        return _clock(moment, "%H:%M:%S") + _pg_offset(moment)
    if pg_type.startswith(("time ", "time(")):
        return _clock(moment, "%H:%M:%S")
    return _clock(moment, "%Y-%m-%d %H:%M:%S")


def _pg_offset(moment: datetime) -> str:
    """A UTC offset as PostgreSQL prints it: `+00`, `-05`, `+05:30`."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def _clock(moment: datetime, fmt: str) -> str:
    text = moment.strftime(fmt)
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text


def prisma_timestamp(value: str) -> str:
    """How Prisma writes a DateTime default literal in DDL: `'2020-01-02 03:04:05.123 +00:00'`, its
    fraction in 3, 6 or 9 digits as needed (chrono's `%.f`) and the offset as written."""
    parsed = parse_rfc3339(value)
    if parsed is None:
        return sql_string(value)
    moment, nanos = parsed
    if nanos == 0:
        fraction = ""
    elif nanos % 1_000_000 == 0:
        fraction = f".{nanos // 1_000_000:03d}"
    elif nanos % 1000 == 0:
        fraction = f".{nanos // 1000:06d}"
    else:
        fraction = f".{nanos:09d}"
    offset = moment.strftime("%z")
    return sql_string(moment.strftime("%Y-%m-%d %H:%M:%S") + fraction + f" {offset[:3]}:{offset[3:5]}")


def bytes_literal(value: str) -> str:
    """Prisma's Bytes defaults are base64; in SQL they are hex bytea: `'\\x00ff'`."""
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        raw = value.encode()
    return "'\\x" + raw.hex() + "'"


def scalar_default(value, literal: str, scalar: str, pg_type: str, enum: tuple[str | None, str] | None) -> tuple[str, str]:
    """(canonical, Prisma DDL) of one literal default on a column of `pg_type`.

    `enum` is (schema, type name) for enum columns; `value` is the parsed Python value.
    """
    if literal == "boolean":
        text = "true" if value else "false"
        return text, text
    if literal == "number":
        return number_const(str(value))[0], str(value)
    if literal == "enum":
        assert enum is not None
        return f"{sql_string(value)}::{pg_qualified(*enum)}", sql_string(value)
    if scalar == "DateTime":
        stored = timestamp_text(value, pg_type)
        canonical = f"{sql_string(stored)}::{type_label(pg_type)}" if stored else f"{sql_string(value)}::{type_label(pg_type)}"
        return canonical, prisma_timestamp(value)
    if scalar == "Bytes":
        ddl = bytes_literal(value)
        return f"{ddl}::bytea", ddl
    if pg_type == "jsonb":
        try:
            return f"{sql_string(jsonb_text(value))}::jsonb", sql_string(value)
        except ValueError:
            pass
    return f"{sql_string(value)}::{type_label(pg_type)}", sql_string(value)


def array_default(values: list, literal: str | None, scalar: str, pg_type: str, pg_ddl_type: str,
                  enum: tuple[str | None, str] | None) -> tuple[str, str]:
    """(canonical, Prisma DDL) of a list default `[…]` on a `pg_type[]` column."""
    element_label = pg_qualified(*enum) if enum else type_label(pg_type, keep_typmod=True)
    ddl_items = []
    canonical_items = []
    for value in values:
        if literal == "number":
            ddl_items.append(str(value))
            canonical_items.append(_array_number(str(value), pg_type))
        elif literal == "boolean":
            ddl_items.append("true" if value else "false")
            canonical_items.append(ddl_items[-1])
        else:
            ddl, stored = _array_text(value, scalar, pg_type)
            ddl_items.append(ddl)
            canonical_items.append(f"{sql_string(stored)}::{element_label}")
    ddl = f"ARRAY[{', '.join(ddl_items)}]::{pg_ddl_type}[]"
    if canonical_items:
        return f"ARRAY[{', '.join(canonical_items)}]", ddl
    if enum is None and _TYPMOD.search(pg_type):
        bare = type_label(pg_type)
        return f"(ARRAY[]::{bare}[])::{pg_type}[]", ddl
    return f"ARRAY[]::{element_label}[]", ddl


def _array_text(value: str, scalar: str, pg_type: str) -> tuple[str, str]:
    """(Prisma's DDL literal, the text PostgreSQL stores) of one string element of a list default:
    DateTime and Bytes elements are written as their scalar defaults are."""
    if scalar == "DateTime":
        return prisma_timestamp(value), timestamp_text(value, pg_type) or value
    if scalar == "Bytes":
        ddl = bytes_literal(value)
        return ddl, ddl[1:-1]
    if pg_type == "jsonb":
        try:
            return sql_string(value), jsonb_text(value)
        except ValueError:
            pass
    return sql_string(value), value


def _array_number(text: str, pg_type: str) -> str:
    canonical, const_type = number_const(text)
    base = _TYPMOD.sub("", pg_type)
    if const_type == base:
        return canonical if base == pg_type else f"{_undecorated(canonical)}::{pg_type}"
    return f"({canonical})::{pg_type}"
