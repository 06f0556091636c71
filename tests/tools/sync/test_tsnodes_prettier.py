"""The TypeScript printer (tools.sync.tsnodes + tsdoc) lays code out exactly as prettier does.

Random statements of the shapes the Drizzle generator emits (tables with column chains of every
length, option objects, `sql` templates, arrow defaults, index and foreign-key chains, relations,
enum arrays, imports), with names and strings of random lengths around the 80-column limit where
prettier's choices change, are printed by us and then formatted by the real prettier (pinned 3.x,
default options): the text must come back unchanged.
"""

from __future__ import annotations

import random
import string

import pytest

from testkit.toolchain import prettier_format
from tools.sync.drizzle_names import JS_RESERVED
from tools.sync.tsdoc import print_doc, will_break, group, hardline, line, indent, conditional_group
from tools.sync.tsnodes import (Arr, Arrow, Bool, Call, Ident, Member, New, Num, Obj, ObjPattern, Prop, Str, Tagged,
                                const_statement, import_statement)


class Shapes:
    """A seeded source of random nodes shaped like a Drizzle schema's."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def name(self, low: int = 1, high: int = 30) -> str:
        while True:
            size = self.rng.randint(low, high)
            first = self.rng.choice(string.ascii_lowercase)
            name = first + "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(size - 1))
            if name not in JS_RESERVED:
                return name

    def text(self) -> str:
        return "".join(self.rng.choice(string.ascii_letters + " _'\"") for _ in range(self.rng.randint(0, 40)))

    def simple(self):
        kind = self.rng.randrange(6)
        return [Str(self.text()), Num(str(self.rng.randint(-5, 500))), Bool(self.rng.random() < 0.5),
                Tagged("sql", self.name(1, 40)), Member(Ident("t"), self.name()),
                Arrow([], New("Date") if self.rng.random() < 0.5 else Call(Ident(self.name(2, 12))))][kind]

    def options(self) -> Obj:
        return Obj([Prop(self.name(2, 14), self.simple()) for _ in range(self.rng.randint(1, 4))])

    def column(self):
        args = []
        if self.rng.random() < 0.5:
            args.append(Str(self.name(1, 50)))
        if self.rng.random() < 0.5:
            args.append(self.options())
        node = Call(Ident(self.name(3, 16)), args, "<Shapes.X>" if self.rng.random() < 0.1 else None)
        for _ in range(self.rng.randint(0, 4)):
            node = Call(Member(node, self.name(3, 12)), [self.simple()] if self.rng.random() < 0.6 else [])
        return node

    def table(self):
        columns = Obj([Prop(self.name(1, 45), self.column()) for _ in range(self.rng.randint(1, 6))], expanded=True)
        args = [Str(self.name(1, 70)), columns]
        if self.rng.random() < 0.6:
            items = [self.index() if self.rng.random() < 0.5 else self.foreign_key() for _ in range(self.rng.randint(1, 4))]
            args.append(Arrow([Ident("t")], Arr(items), "PgTableExtraConfigValue[]" if self.rng.random() < 0.5 else None))
        return Call(Ident("pgTable"), args)

    def index(self):
        keys = [Member(Ident("t"), self.name(1, 35)) for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.3:
            keys[0] = Call(Member(Call(Member(keys[0], "desc")), "nullsFirst"))
        head = Call(Ident("index"), [Str(self.name(5, 63))])
        if self.rng.random() < 0.3:
            return Call(Member(head, "using"), [Str("gin"), *keys])
        return Call(Member(head, "on"), keys)

    def foreign_key(self):
        spec = Obj([Prop("name", Str(self.name(5, 63))), Prop("columns", Arr([Member(Ident("t"), self.name())])),
                    Prop("foreignColumns", Arr([Member(Ident(self.name(2, 20)), self.name())]))])
        node = Call(Member(Call(Ident("foreignKey"), [spec]), "onDelete"), [Str("cascade")])
        return Call(Member(node, "onUpdate"), [Str("set null")])

    def relations(self):
        props = []
        for _ in range(self.rng.randint(1, 4)):
            target = Ident(self.name(2, 25))
            options = [Prop("relationName", Str(self.name(2, 40)))]
            if self.rng.random() < 0.5:
                options = [Prop("fields", Arr([Member(Ident("x"), self.name())])),
                           Prop("references", Arr([Member(target, self.name())]))] + options
            props.append(Prop(self.name(1, 30), Call(Ident(self.rng.choice(["one", "many"])),
                                                     [target, Obj(options)] if self.rng.random() < 0.8 else [target])))
        body = Arrow([ObjPattern(["one", "many"][: self.rng.randint(1, 2)])], Obj(props, expanded=True))
        return Call(Ident("relations"), [Ident(self.name(2, 40)), body])

    def statement(self) -> str:
        kind = self.rng.randrange(5)
        name = self.name(2, 50)
        if kind == 0:
            return const_statement(name, self.table())
        if kind == 1:
            return const_statement(name, self.relations())
        if kind == 2:
            values = Arr([Str(self.name(1, 20)) for _ in range(self.rng.randint(1, 8))])
            return const_statement(name, Call(Ident("pgEnum"), [Str(self.name(1, 30)), values]))
        if kind == 3:
            return const_statement(name, Call(Ident("pgSchema"), [Str(self.name(1, 40))]))
        return import_statement(sorted({self.name(2, 16) for _ in range(self.rng.randint(1, 9))}), self.name(3, 20))


@pytest.mark.node
@pytest.mark.parametrize("seed", range(4))
def test_random_statements_are_laid_out_as_prettier_lays_them_out(seed):
    shapes = Shapes(seed)
    statements = [shapes.statement() for _ in range(120)]
    ours = "\n\n".join(statements) + "\n"
    theirs = prettier_format(ours)
    if theirs != ours:  # show the first statement that differs
        for statement in statements:
            formatted = prettier_format(statement + "\n")
            assert formatted == statement + "\n", f"prettier lays this out differently:\n{statement}"
    assert theirs == ours


def test_doc_printer_breaks_only_groups_that_do_not_fit():
    short = group(["[", indent([line, "a,", line, "b"]), line, "]"])
    assert print_doc(short) == "[ a, b ]"
    long_items = [f"item{n}," for n in range(20)]
    assert print_doc(group(["[", indent([line, *sum(([i, line] for i in long_items), [])]), "]"])).count("\n") > 10


def test_a_hard_line_breaks_every_enclosing_group_but_not_a_conditional_one():
    inner = group(["a", hardline, "b"])
    outer = group(["(", inner, ")"])
    assert will_break(outer)
    print_doc(outer)
    assert outer.break_ and inner.break_
    chosen = conditional_group([["x", line, "y"], ["x", hardline, "y"]])
    print_doc(group([chosen]))
    assert not chosen.break_  # conditional groups choose their layout themselves
