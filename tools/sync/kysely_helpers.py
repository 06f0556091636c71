"""The helper types a generated Kysely file declares (only those it uses), as prettier prints them.

Each is here because of what the `pg` driver does with the type at run time; the comments in the
TypeScript say so, since they are what a developer reads in the generated file.
"""

from __future__ import annotations

# name -> (the helpers it needs, its TypeScript text). Printed in this order.
HELPERS: dict[str, tuple[tuple[str, ...], str]] = {
    "Generated": ((), """\
/** The database fills the column when an insert leaves it out (a DEFAULT or a sequence). */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U>
    ? ColumnType<S, I | undefined, U>
    : ColumnType<T, T | undefined, T>;"""),
    "ArrayType": ((), """\
/** An array of a column type (Timestamp[], Int8[], ...): each of its three types as an array. */
export type ArrayType<T> = [T] extends [ColumnType<infer S, infer I, infer U>]
  ? ColumnType<S[], I[], U[]>
  : T[];"""),
    "Timestamp": ((), """\
/** timestamp, timestamptz and date: `pg` returns a Date; writes take a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;"""),
    "Int8": ((), """\
/** bigint: `pg` returns a string, since a value may exceed Number.MAX_SAFE_INTEGER. */
export type Int8 = ColumnType<
  string,
  bigint | number | string,
  bigint | number | string
>;"""),
    "Numeric": ((), """\
/** numeric (Decimal) and money: `pg` returns a string, so that no digit is lost. */
export type Numeric = ColumnType<string, number | string, number | string>;"""),
    "NumericArray": ((), """\
/** numeric[]: unlike numeric, `pg` parses its elements with parseFloat (digits may be lost). */
export type NumericArray = ColumnType<
  number[],
  (number | string)[],
  (number | string)[]
>;"""),
    "UnparsedArray": ((), """\
/**
 * An array of a type `pg` has no parser for (an enum, citext, bit, xml): it returns the
 * PostgreSQL array literal as text, e.g. "{ADMIN,STUDENT}"; writes take a JavaScript array.
 */
export type UnparsedArray<T> = ColumnType<string, T[] | string, T[] | string>;"""),
    "JsonValue": ((), """\
export type JsonPrimitive = boolean | number | string | null;

export type JsonArray = JsonValue[];

export type JsonObject = { [key: string]: JsonValue | undefined };

/** A JSON value as `pg` returns it from json and jsonb (parsed with JSON.parse). */
export type JsonValue = JsonArray | JsonObject | JsonPrimitive;"""),
    "Json": (("JsonValue",), """\
/**
 * json and jsonb. `pg` sends an object through JSON.stringify, but a JavaScript array as a
 * PostgreSQL array literal, which is not JSON: write arrays (and strings) as JSON text.
 */
export type Json<T = JsonValue> = ColumnType<T, JsonWrite<T>, JsonWrite<T>>;

/** What a json or jsonb column accepts from `pg`: a non-array value, or JSON text. */
export type JsonWrite<T> = Exclude<T, readonly unknown[] | null> | string;"""),
    "JsonList": (("Json", "ArrayType"), """\
/** json[] and jsonb[]: `pg` parses each element; each element is written as with Json. */
export type JsonList<T = JsonValue> = ArrayType<Json<T>>;"""),
    "Interval": ((), """\
/** interval: `pg` returns a postgres-interval object; writes take text such as "1 day". */
export type Interval = ColumnType<
  {
    years?: number;
    months?: number;
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    milliseconds?: number;
  },
  string,
  string
>;"""),
    "Point": ((), """\
/** point: `pg` returns { x, y }; writes take text such as "(1,2)". */
export type Point = ColumnType<{ x: number; y: number }, string, string>;"""),
    "Circle": ((), """\
/** circle: `pg` returns { x, y, radius }; writes take text such as "<(1,2),3>". */
export type Circle = ColumnType<
  { x: number; y: number; radius: number },
  string,
  string
>;"""),
}

# Helper types that are ColumnType<…> themselves: an array of one is ArrayType<…>, not T[].
COLUMN_TYPE_HELPERS = frozenset({"Timestamp", "Int8", "Numeric", "Json", "Interval", "Point", "Circle"})

# Every name the helpers declare (JsonValue's block also declares its three parts).
DECLARED_NAMES = frozenset(HELPERS) | {"JsonPrimitive", "JsonArray", "JsonObject", "JsonWrite"}


def with_dependencies(used: set[str]) -> list[str]:
    """The helpers to print for `used`, with the helpers they need, in printing order."""
    wanted: set[str] = set()
    pending = list(used)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(HELPERS[name][0])
    return [name for name in HELPERS if name in wanted]
