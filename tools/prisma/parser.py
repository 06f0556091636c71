"""A parser for the Prisma schema language (PSL), with exact positions for every node.

Hand-written (one regular-expression tokenizer, recursive descent over the tokens) because the
grammar is small and line-oriented, and because every mistake must come back as a located error
with the offending line shown, never as a traceback. It follows prisma-engines' grammar: fields end
at a newline, attribute arguments may span lines, `///` comments document the next declaration.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from tools.errors import Located, SchemaError, located
from tools.prisma.ast import (
    Argument,
    ArrayValue,
    Attribute,
    Block,
    ConfigBlock,
    ConstantValue,
    EnumBlock,
    EnumValue,
    Field,
    FieldType,
    FunctionValue,
    NumberValue,
    Property,
    SchemaAst,
    SourceFile,
    StringValue,
    Value,
)

BLOCK_KEYWORDS = ("model", "view", "type", "enum", "datasource", "generator")

# One token per match; whitespace is skipped by the leading class, and the group that matched names
# the token's kind (punctuation tokens use the character itself as their kind).
_TOKEN = re.compile(
    r'[ \t\r\f\v\ufeff]*(?:'
    r'(///[^\n]*)'  # 1 doc comment
    r'|(//[^\n]*)'  # 2 comment
    r'|(/\*[\s\S]*?\*/)'  # 3 block comment
    r'|(\n)'  # 4 newline
    r'|("(?:[^"\\\n\x00-\x1f]|\\[^\n])*")'  # 5 string
    r'|("(?:[^"\\\n\x00-\x1f]|\\[^\n])*)'  # 6 unterminated string
    r'|(-?[0-9]+(?:\.[0-9]+)?(?![A-Za-z_]))'  # 7 number
    r'|([A-Za-z][A-Za-z0-9_\-]*)'  # 8 identifier (PSL: a letter first; `-` passes here, validation refuses it in names)
    r'|(@@|[@{}()\[\],:=?.])'  # 9 punctuation
    r'|($)'  # 10 end
    r'|(.))'  # 11 anything else
)
_KINDS = (None, "doc", "comment", "block", "nl", "str", "badstr", "num", "ident", None, "eof", "err")


# The escapes of a PSL string are JSON's; any other is an error (Prisma's wording below).
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_UNKNOWN_ESCAPE = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")


def _unescape(raw: str) -> str | None:
    """The string a PSL literal denotes, or None when it holds an escape JSON does not have."""
    if "\\" not in raw:
        return raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if nxt == "u" and _HEX4.fullmatch(raw, i + 2, i + 6):
            out.append(chr(int(raw[i + 2:i + 6], 16)))
            i += 6
        elif nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            return None
    # \uD83D\uDE00: a UTF-16 surrogate pair is one character, as in JSON
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


class _Parser:
    """Recursive descent over the tokens of one file."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.tokens: list[tuple[str, int, int]] = []
        self.pos = 0
        self.problems: list[Located] = []
        self.block_keyword = ""
        self._tokenize()

    # -- tokens --------------------------------------------------------------------------
    def _tokenize(self) -> None:
        text = self.source.text
        append = self.tokens.append
        kinds = _KINDS
        for match in _TOKEN.finditer(text):
            group = match.lastindex
            kind = kinds[group] or match.group(group)
            if kind == "eof":
                break
            if kind == "block":  # a /* … */ comment on one line is nothing; one spanning lines is a line break
                if "\n" in match.group(group):
                    append(("nl", match.start(group), match.end()))
                continue
            if kind == "badstr":
                raise self._error_at(match.start(), match.end(), "this string is not closed", "add the closing `\"` on the same line")
            if kind == "err":
                ch = match.group()
                raise self._error_at(match.start(), match.end(), f"unexpected character `{ch}`")
            append((kind, match.start(group), match.end()))
        append(("eof", len(text), len(text)))

    def _error_at(self, start: int, end: int, message: str, help: str | None = None) -> SchemaError:
        span = self.source.span(start, max(end, start + 1))
        return SchemaError([located(message, span, self.source.text, help)])

    def string_at(self, start: int, end: int) -> str:
        """The value of the string token at start..end (its quotes included)."""
        value = _unescape(self.source.text[start + 1:end - 1])
        if value is None:
            raise self._error_at(start, end, _UNKNOWN_ESCAPE, 'the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX')
        return value

    def peek(self) -> tuple[str, int, int]:
        return self.tokens[self.pos]

    def text(self, token: tuple[str, int, int]) -> str:
        return self.source.text[token[1]:token[2]]

    def next(self) -> tuple[str, int, int]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def at(self, kind: str, value: str | None = None) -> bool:
        token = self.tokens[self.pos]
        return token[0] == kind and (value is None or self.text(token) == value)

    def at_punct(self, value: str) -> bool:
        return self.tokens[self.pos][0] == value

    def expect_punct(self, value: str, context: str) -> tuple[str, int, int]:
        if not self.at_punct(value):
            token = self.peek()
            found = "the end of the line" if token[0] == "nl" else "the end of the file" if token[0] == "eof" else f"`{self.text(token)}`"
            raise self._error_at(token[1], token[2], f"expected `{value}` {context}, found {found}")
        return self.next()

    def same_line(self, opening: tuple[str, int, int]) -> None:
        """Arguments and lists end on the line they start on (PSL's whitespace has no line breaks)."""
        kind = self.tokens[self.pos][0]
        if kind == "nl" or kind == "comment" or kind == "doc":
            where = "definition within a " + self.block_keyword if self.block_keyword in ("datasource", "generator") \
                else "field or attribute definition"
            raise self._error_at(opening[1], opening[2], f"This line is not a valid {where}.",
                                 f"`{self.text(opening)}` is not closed on its line: Prisma reads arguments and lists on one line")

    # -- top level -----------------------------------------------------------------------
    def parse(self) -> list:
        declarations = []
        doc: list[str] = []
        while True:
            kind, start, end = self.peek()
            if kind == "eof":
                return declarations
            if kind == "nl" or kind == "comment":
                if kind == "nl" and doc and self._blank_line_before(start):
                    doc = []
                self.next()
                continue
            if kind == "doc":
                doc.append(self.source.text[start + 3:end])
                self.next()
                continue
            if kind == "ident":
                declarations.append(self.parse_declaration(_doc(doc)))
                doc = []
                continue
            raise self._error_at(start, end, f"unexpected `{self.text(self.peek())}`",
                                 "a schema holds `model`, `enum`, `view`, `type`, `datasource` and `generator` blocks")

    def _blank_line_before(self, offset: int) -> bool:
        return offset > 0 and self.source.text[offset - 1] == "\n"

    def parse_declaration(self, doc: str | None):
        _, start, end = self.next()
        keyword = self.source.text[start:end]
        if keyword not in BLOCK_KEYWORDS:
            hint = get_close_matches(keyword, BLOCK_KEYWORDS, n=1)
            help = f"did you mean `{hint[0]}`?" if hint else "a block starts with model, enum, view, type, datasource or generator"
            raise self._error_at(start, end, f"unknown block type `{keyword}`", help)
        if not self.at("ident"):
            token = self.peek()
            raise self._error_at(token[1], token[2], f"expected a name after `{keyword}`")
        _, name_start, name_end = self.next()
        name = self.source.text[name_start:name_end]
        self.expect_punct("{", f"to open the {keyword} `{name}`")
        self.block_keyword = keyword
        if self.tokens[self.pos][0] not in ("nl", "comment", "doc", "eof"):
            # Prisma takes the rest of the `{` line as nothing at all, and then never finds the block's end
            raise self._error_at(start, name_end, "This line is invalid. It does not start with any known Prisma schema keyword.",
                                 f"start the {keyword}'s first line after `{{`")
        if keyword == "enum":
            return self.parse_enum(start, name, name_start, name_end, doc)
        if keyword in ("datasource", "generator"):
            return self.parse_config(start, keyword, name, name_start, name_end, doc)
        return self.parse_model(start, keyword, name, name_start, name_end, doc)

    def _block_items(self, what: str, block_start: int):
        """Yield (kind, doc) for each item line of a block until its closing brace."""
        doc: list[str] = []
        while True:
            kind, start, end = self.peek()
            if kind == "eof":
                line_end = self.source.text.find("\n", block_start)
                raise self._error_at(block_start, line_end if line_end > 0 else end, f"the {what} is not closed",
                                     "add the closing `}` after its last line")
            if kind in ("nl", "comment"):
                self.next()
                continue
            if kind == "doc":
                doc.append(self.source.text[start + 3:end])
                self.next()
                continue
            if kind == "}":
                self.next()
                return
            yield kind, _doc(doc)
            doc = []

    def parse_model(self, start: int, keyword: str, name: str, name_start: int, name_end: int, doc: str | None) -> Block:
        fields: list[Field] = []
        attributes: list[Attribute] = []
        for kind, item_doc in self._block_items(f"{keyword} `{name}`", start):
            token = self.peek()
            if kind == "@@":
                attributes.append(self.parse_attribute(block=True))
                self.end_of_line("after the attribute in {}", f"{keyword} `{name}`")
            elif kind == "ident":
                fields.append(self.parse_field(item_doc, keyword, name))
            elif kind == "@":
                raise self._error_at(token[1], token[2], "a field attribute must follow a field",
                                     "use `@@` for an attribute of the whole model")
            else:
                raise self._error_at(token[1], token[2], f"unexpected `{self.text(token)}` in {keyword} `{name}`",
                                     "each line holds a field (`name Type @attributes`) or a block attribute (`@@…`)")
        return Block(self.source, start, self.tokens[self.pos - 1][2], keyword, name, fields, attributes, doc, name_start, name_end)

    def end_of_line(self, context: str, subject: str = "") -> str | None:
        """Consume the end of an item line; return a trailing comment's text."""
        kind, start, end = self.tokens[self.pos]
        comment = None
        if kind == "comment" or kind == "doc":
            comment = self.source.text[start + 2:end].strip()
            self.pos += 1
            kind, start, end = self.tokens[self.pos]
        if kind == "nl":
            self.pos += 1
            return comment
        if kind == "eof" or kind == "}":
            return comment
        raise self._error_at(start, end, f"unexpected `{self.source.text[start:end]}` {context.format(subject)}",
                             "attributes start with `@`; put each field on its own line")

    def parse_field(self, doc: str | None, keyword: str, block_name: str) -> Field:
        _, start, name_end = self.next()
        name = self.source.text[start:name_end]
        if self.at_punct(":"):  # legacy `name: Type` syntax
            token = self.next()
            raise self._error_at(token[1], token[2], "field names and types are not separated by `:` in Prisma",
                                 f"write `{name} Type`")
        kind, type_start, type_end = self.peek()
        if kind != "ident":
            what = "the end of the line" if kind in ("nl", "eof", "comment") else f"`{self.source.text[type_start:type_end]}`"
            raise self._error_at(start, name_end, f"the field `{name}` in {keyword} `{block_name}` has no type (found {what})",
                                 "write the type after the name, e.g. `name String`")
        field_type = self.parse_field_type()
        attributes = []
        tokens = self.tokens
        while tokens[self.pos][0] == "@":
            attributes.append(self.parse_attribute(False))
        if tokens[self.pos][0] == "@@":
            token = tokens[self.pos]
            raise self._error_at(token[1], token[2], "a block attribute (`@@…`) must be on its own line")
        end = tokens[self.pos - 1][2]
        comment = self.end_of_line("after the field `{}`", name)
        return Field(self.source, start, end, name, field_type, attributes, doc, comment, name_end)

    def parse_field_type(self) -> FieldType:
        tokens = self.tokens
        _, start, end = tokens[self.pos]
        self.pos += 1
        name = self.source.text[start:end]
        following = tokens[self.pos][0]
        if following != "[" and following != "?" and following != "(":  # the common case: `Type`
            return FieldType(self.source, start, end, name)
        unsupported = False
        if name == "Unsupported" and self.at_punct("("):
            self.next()
            if not self.at("str"):
                token = self.peek()
                raise self._error_at(token[1], token[2], 'Unsupported takes the database type as a string: Unsupported("tsvector")')
            _, s_start, s_end = self.next()
            name = self.string_at(s_start, s_end)
            self.expect_punct(")", "to close Unsupported(…)")
            unsupported = True
        is_list = optional = False
        if self.at_punct("["):
            self.next()
            self.expect_punct("]", "after `[` in a list type")
            is_list = True
        if self.at_punct("?"):
            self.next()
            optional = True
            if is_list:
                token = self.tokens[self.pos - 1]
                raise self._error_at(start, token[2], "optional lists are not supported: a list is never null in Prisma",
                                     "remove the `?`")
        if self.at_punct("["):
            token = self.peek()
            raise self._error_at(start, token[2], "write a list type as `Type[]` and an optional type as `Type?`; `Type?[]` is not valid")
        return FieldType(self.source, start, self.tokens[self.pos - 1][2], name, optional, is_list, unsupported)

    def parse_path(self) -> tuple[str, int, int]:
        tokens = self.tokens
        kind, start, end = tokens[self.pos]
        if kind != "ident":
            raise self._error_at(start, end, f"expected a name, found `{self.source.text[start:end]}`")
        self.pos += 1
        while tokens[self.pos][0] == "." and tokens[self.pos + 1][0] == "ident":
            end = tokens[self.pos + 1][2]
            self.pos += 2
        return self.source.text[start:end], start, end

    def parse_attribute(self, block: bool) -> Attribute:
        start = self.tokens[self.pos][1]
        self.pos += 1
        name, _, name_end = self.parse_path()
        args: list[Argument] = []
        if self.tokens[self.pos][0] == "(":
            args = self.parse_arguments()
        return Attribute(self.source, start, self.tokens[self.pos - 1][2], name, args, block, name_end)

    def parse_arguments(self) -> list[Argument]:
        tokens = self.tokens
        open_token = tokens[self.pos]
        self.pos += 1
        args: list[Argument] = []
        while True:
            kind = tokens[self.pos][0]
            if kind == ")":
                if args and tokens[self.pos - 1][0] == ",":
                    comma = tokens[self.pos - 1]
                    raise self._error_at(comma[1], comma[2], "Trailing commas are not valid in attribute arguments, please remove the comma.")
                self.pos += 1
                return args
            if kind == "eof":
                raise self._error_at(open_token[1], open_token[2], "this `(` is not closed", "add the closing `)`")
            self.same_line(open_token)
            args.append(self.parse_argument(open_token))
            kind = tokens[self.pos][0]
            if kind == ",":
                self.pos += 1
            elif kind != ")":
                self.same_line(open_token)
                token = tokens[self.pos]
                raise self._error_at(token[1], token[2], f"expected `,` or `)` between arguments, found `{self.text(token)}`")

    def parse_argument(self, opening: tuple[str, int, int]) -> Argument:
        kind, start, end = self.peek()
        nxt = self.tokens[self.pos + 1]
        if kind == "ident" and nxt[0] == ":":
            name = self.source.text[start:end]
            self.pos += 2
            self.same_line(opening)
            value = self.parse_value()
            return Argument(self.source, start, value.end, name, value)
        value = self.parse_value()
        return Argument(self.source, start, value.end, None, value)

    def parse_value(self) -> Value:
        kind, start, end = self.peek()
        if kind == "str":
            self.next()
            return StringValue(self.source, start, end, self.string_at(start, end))
        if kind == "num":
            self.next()
            return NumberValue(self.source, start, end, self.source.text[start:end])
        if kind == "[":
            opening = self.next()
            items: list[Value] = []
            while True:
                self.same_line(opening)
                if self.at_punct("]"):
                    if items and self.tokens[self.pos - 1][0] == ",":
                        comma = self.tokens[self.pos - 1]
                        raise self._error_at(comma[1], comma[2], "a list cannot end with a comma", "remove the comma")
                    close = self.next()
                    return ArrayValue(self.source, start, close[2], items)
                if self.at("eof"):
                    raise self._error_at(start, end, "this `[` is not closed", "add the closing `]`")
                items.append(self.parse_value())
                self.same_line(opening)
                if self.at_punct(","):
                    self.next()
                elif not self.at_punct("]"):
                    token = self.peek()
                    raise self._error_at(token[1], token[2], f"expected `,` or `]` in a list, found `{self.text(token)}`")
        if kind == "ident":
            name, p_start, p_end = self.parse_path()
            if self.at_punct("("):
                args = self.parse_arguments()
                return FunctionValue(self.source, p_start, self.tokens[self.pos - 1][2], name, args)
            return ConstantValue(self.source, p_start, p_end, name)
        found = "the end of the line" if kind == "nl" else f"`{self.source.text[start:end]}`"
        raise self._error_at(start, end, f"expected a value, found {found}")

    def parse_enum(self, start: int, name: str, name_start: int, name_end: int, doc: str | None) -> EnumBlock:
        values: list[EnumValue] = []
        attributes: list[Attribute] = []
        for kind, item_doc in self._block_items(f"enum `{name}`", start):
            token = self.peek()
            if kind == "@@":
                attributes.append(self.parse_attribute(block=True))
                self.end_of_line("after the attribute in enum `{}`", name)
            elif kind == "ident":
                _, v_start, v_end = self.next()
                value_attributes = []
                while self.at_punct("@"):
                    value_attributes.append(self.parse_attribute(block=False))
                end = self.tokens[self.pos - 1][2]
                self.end_of_line("after the enum value `{}`", self.source.text[v_start:v_end])
                values.append(EnumValue(self.source, v_start, end, self.source.text[v_start:v_end], value_attributes, item_doc))
            else:
                raise self._error_at(token[1], token[2], f"unexpected `{self.text(token)}` in enum `{name}`",
                                     "each line of an enum holds one value")
        return EnumBlock(self.source, start, self.tokens[self.pos - 1][2], name, values, attributes, doc, name_start, name_end)

    def parse_config(self, start: int, keyword: str, name: str, name_start: int, name_end: int, doc: str | None) -> ConfigBlock:
        properties: list[Property] = []
        for kind, _ in self._block_items(f"{keyword} `{name}`", start):
            token = self.peek()
            if kind != "ident":
                raise self._error_at(token[1], token[2], f"unexpected `{self.text(token)}` in {keyword} `{name}`",
                                     "each line holds `key = value`")
            _, p_start, p_end = self.next()
            key = self.source.text[p_start:p_end]
            self.expect_punct("=", f"after `{key}` in {keyword} `{name}`")
            value = None if self.at("nl") else self.parse_value()
            properties.append(Property(self.source, p_start, value.end if value else p_end, key, value))
            self.end_of_line("after `{}`", key)
        return ConfigBlock(self.source, start, self.tokens[self.pos - 1][2], keyword, name, properties, doc, name_start, name_end)


def _doc(lines: list[str]) -> str | None:
    if not lines:
        return None
    return "\n".join(line[1:] if line.startswith(" ") else line for line in lines)


def parse_file(source: SourceFile) -> list:
    """The declarations of one file; raises SchemaError with the location of the first syntax error."""
    return _Parser(source).parse()


def parse_sources(sources: list[SourceFile]) -> SchemaAst:
    """Parse every file of a schema; syntax errors of all files are reported together."""
    declarations = []
    problems: list[Located] = []
    for source in sources:
        try:
            declarations.extend(parse_file(source))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SchemaError(problems)
    return SchemaAst(sources, declarations)


def parse_text(text: str, path: str = "schema.prisma") -> SchemaAst:
    return parse_sources([SourceFile(path, text)])
