"""Parse TypeScript (and TSX) with tree-sitter, and the small helpers the Drizzle and Kysely readers share.

`parse_typescript(text, path)` returns a `SourceFile`: the syntax tree, the text, the problems the
parser met (each located), and `span(node)` for any node. tree-sitter recovers from syntax errors,
so a file with a typo is still read as far as it goes: the broken part becomes an ERROR node and a
`ReadProblem(kind="syntax-error")`, the rest of the tree is intact.

Locations are 1-based lines and columns counted in characters (tree-sitter counts bytes within a
line; the two differ on a line with non-ASCII text before the node, such as a Vietnamese comment).
The grammar is loaded once, on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.errors import InputNotFound, Located, SourceSpan, located

MAX_SYNTAX_PROBLEMS = 20  # past this a file is not TypeScript at all; more lines would only be noise

# Expressions that wrap a value without changing it for our purposes: `(x)`, `x as const`,
# `x satisfies T`, `x!`, `<T>x`.
TRANSPARENT = frozenset(("parenthesized_expression", "as_expression", "satisfies_expression",
                         "non_null_expression", "type_assertion"))


@functools.cache
def language(tsx: bool = False):
    """The tree-sitter TypeScript (or TSX) grammar, loaded on first use."""
    import tree_sitter
    import tree_sitter_typescript

    grammar = tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    return tree_sitter.Language(grammar)


@functools.cache
def _parser(tsx: bool):
    import tree_sitter

    return tree_sitter.Parser(language(tsx))


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something in a TypeScript file that could not be read: a syntax error, or a construct whose
    meaning cannot be known without running the code (an unresolved import, a computed default)."""

    kind: str  # "syntax-error" | "unresolved" | "unsupported"
    message: str
    span: SourceSpan
    snippet: str = ""  # the source text concerned (shortened)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "location": self.span.to_dict(), "snippet": self.snippet}

    def to_located(self, text: str | None = None) -> Located:
        """As the error module's located problem (for rendering with the offending line)."""
        return located(self.message, self.span, text)


class SourceFile:
    """One parsed file: text, tree, syntax problems, and node -> location."""

    def __init__(self, path: str, text: str, tsx: bool = False):
        self.path = path
        self.text = text
        self.data = text.encode("utf-8")
        self.ascii = len(self.data) == len(text)
        self.tree = _parser(tsx).parse(self.data)
        self.root = self.tree.root_node
        self._line_starts: list[int] | None = None
        self.problems: list[ReadProblem] = syntax_problems(self) if self.root.has_error else []
        if self.root.has_error:
            self._recover(tsx)

    def _recover(self, tsx: bool) -> None:
        """Skip the top-level statements that hold a syntax error, and read the rest.

        tree-sitter's own recovery may fold a run of declarations into one ERROR node (an unbalanced
        quote in a default drizzle-kit pull wrote, say) or re-read the tokens after an error as
        something else (a column that is not there). Rather than trust that, each top-level
        statement an error touches is parsed on its own; those that fail are blanked out (bytes
        become spaces, newlines stay, so offsets and lines do not move) and reported, and the file
        is parsed again without them. Statements an error merely swallowed come back intact.
        """
        starts = _statement_starts(self.data)
        bounds = [0, *[s for s in starts if s > 0], len(self.data)]
        blanked = bytearray(self.data)
        problems: list[ReadProblem] = []
        for begin, end in _touched(bounds, _error_ranges(self.root)):
            chunk = _parser(tsx).parse(self.data[begin:end]).root_node
            if chunk.has_error:
                problems.append(self._chunk_problem(chunk, begin))
                blanked[begin:end] = bytes(b if b == 0x0A else 0x20 for b in self.data[begin:end])
        if not problems:  # the error exists only in context: keep tree-sitter's reading and its messages
            return
        self.tree = _parser(tsx).parse(bytes(blanked))
        self.root = self.tree.root_node
        self.problems = problems + (syntax_problems(self) if self.root.has_error else [])

    def _chunk_problem(self, chunk_root, offset: int) -> ReadProblem:
        """A skipped statement: located at the statement, the message naming the first error in it."""
        error = next((n for n in _error_nodes(chunk_root)), chunk_root)
        line = self.data[:offset].count(b"\n")
        error_line, error_column = _shift(error.start_point, line)
        statement = self.data[offset:offset + chunk_root.end_byte].decode("utf-8", errors="replace").rstrip()
        last = line + statement.count("\n") + 1
        span = SourceSpan(self.path, line + 1, 1, last, len(statement.rsplit("\n", 1)[-1]) + 1)
        message = (f"syntax error at {error_line}:{error_column}: the statement on lines {line + 1}-{last} could not "
                   "be parsed, so it was not read")
        return ReadProblem("syntax-error", message, span, shorten(statement))

    def text_of(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def position(self, node) -> tuple[int, int]:
        """(line, column) of the node's start, 1-based, column in characters."""
        return self._point(node.start_point, node.start_byte)

    def span(self, node) -> SourceSpan:
        line, column = self._point(node.start_point, node.start_byte)
        end_line, end_column = self._point(node.end_point, node.end_byte)
        return SourceSpan(self.path, line, column, end_line, end_column)

    def _point(self, point, byte: int) -> tuple[int, int]:
        row, column = point
        if not self.ascii and column:
            if self._line_starts is None:
                self._line_starts = _line_starts(self.data)
            start = self._line_starts[row]
            prefix = self.data[start:byte]
            if not prefix.isascii():  # only then do bytes and characters differ
                column = len(prefix.decode("utf-8", errors="replace"))
        return row + 1, column + 1

    def problem(self, kind: str, message: str, node) -> ReadProblem:
        return ReadProblem(kind, message, self.span(node), shorten(self.text_of(node)))


_STATEMENT_START = re.compile(rb"^(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:const|let|var|function|async|class|"
                              rb"import|type|interface|enum|abstract)\b", re.MULTILINE)


def _statement_starts(data: bytes) -> list[int]:
    """Byte offsets of lines that start a top-level declaration (at column 0)."""
    return [m.start() for m in _STATEMENT_START.finditer(data)]


def _error_nodes(root) -> Iterator:
    """ERROR and MISSING nodes, descending only where there are errors."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
            continue
        stack.extend(reversed([child for child in node.children if child.has_error or child.is_missing]))


def _error_ranges(root) -> list[tuple[int, int]]:
    return [(n.start_byte, max(n.end_byte, n.start_byte + 1)) for n in _error_nodes(root)]


def _touched(bounds: list[int], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The statement chunks [begin, end) that any of the byte ranges overlaps."""
    out = []
    for begin, end in zip(bounds, bounds[1:]):
        if any(start < end and stop > begin for start, stop in ranges):
            out.append((begin, end))
    return out


def _shift(point, lines: int) -> tuple[int, int]:
    return point[0] + lines + 1, point[1] + 1


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    index = data.find(b"\n")
    while index != -1:
        starts.append(index + 1)
        index = data.find(b"\n", index + 1)
    return starts


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, for messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_typescript(text: str, path: str = "<text>", *, tsx: bool | None = None) -> SourceFile:
    """Parse TypeScript source; `tsx` defaults to the file's extension (.tsx)."""
    if tsx is None:
        tsx = path.endswith(".tsx")
    return SourceFile(path, text, tsx)


def read_source(path: str | Path) -> SourceFile:
    """Read and parse a .ts/.tsx file; a missing or unreadable file is an `InputNotFound` error."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFound(f"{file}: no such file", help="check the path (or the drizzle/kysely setting)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputNotFound(f"{file}: cannot be read ({error})") from None
    return parse_typescript(text, str(file))


def syntax_problems(source: SourceFile) -> list[ReadProblem]:
    """Every ERROR and MISSING node, outermost first (an error inside an error is not repeated)."""
    problems: list[ReadProblem] = []
    stack = [source.root]
    while stack and len(problems) < MAX_SYNTAX_PROBLEMS:
        node = stack.pop()
        if node.is_missing:
            problems.append(source.problem("syntax-error", f"syntax error: missing `{node.type}`", node))
        elif node.is_error:
            problems.append(source.problem("syntax-error", f"syntax error: unexpected `{shorten(source.text_of(node), 30)}`", node))
        elif node.has_error:
            stack.extend(reversed(node.children))
    return problems


# -- small tree helpers ---------------------------------------------------------------------------

def walk(node, types: frozenset[str] | set[str] | None = None) -> Iterator:
    """Every node below `node` (pre-order), or only those of the given types."""
    stack = [node]
    while stack:
        current = stack.pop()
        if types is None or current.type in types:
            yield current
        if current.child_count:
            stack.extend(reversed(current.children))


def unwrap(node):
    """The value inside parentheses, `as`, `satisfies`, `!` and `<T>` casts."""
    while node is not None and node.type in TRANSPARENT:
        inner = node.named_children
        node = inner[0] if node.type != "type_assertion" else inner[-1]
    return node


def string_value(source: SourceFile, node) -> str | None:
    """The value of a string literal, or of a template literal without `${…}`; None otherwise."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "string":
        return "".join(string_piece(source, child) for child in node.named_children)
    if node.type == "template_string":
        if any(child.type == "template_substitution" for child in node.named_children):
            return None
        return "".join(string_piece(source, child) for child in node.named_children)
    return None


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def string_piece(source: SourceFile, node) -> str:
    text = source.text_of(node)
    if node.type != "escape_sequence":
        return text
    body = text[1:]
    if body[:1] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body]
    if body.startswith("u{"):
        return chr(int(body[2:-1], 16))
    if body.startswith(("u", "x")) and len(body) > 1:
        return chr(int(body[1:], 16))
    if body.startswith(("\r\n", "\n")):
        return ""  # a line continuation
    return body


def property_name(source: SourceFile, node) -> str | None:
    """The name of an object key or a property signature (`a`, `"a.b"`, `1`); None when computed."""
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier",
                     "private_property_identifier", "type_identifier"):
        return source.text_of(node)
    if node.type == "string":
        return string_value(source, node)
    if node.type == "number":
        return source.text_of(node)
    return None


def call_arguments(node) -> list:
    """The argument expressions of a call (comments left out)."""
    arguments = node.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return []
    return [child for child in arguments.named_children if child.type != "comment"]


def is_function(node) -> bool:
    return node is not None and node.type in ("arrow_function", "function_expression", "function", "function_declaration",
                                              "method_definition")


def parameter_patterns(function) -> list[tuple]:
    """(pattern, default value or None) per parameter of a function; the pattern is an identifier,
    a destructuring pattern or a rest pattern (`name = "x"` has the default "x")."""
    single = function.child_by_field_name("parameter")
    if single is not None:
        return [(single, None)]
    parameters = function.child_by_field_name("parameters")
    out = []
    for parameter in parameters.named_children if parameters is not None else []:
        if parameter.type != "comment":
            out.append((parameter.child_by_field_name("pattern") or parameter, parameter.child_by_field_name("value")))
    return out


def returned_expression(function):
    """What a function returns: an arrow's expression body, or the expression of the single
    top-level `return` of a block body (None when there is none, or several)."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    returns = [child for child in body.named_children if child.type == "return_statement"]
    if len(returns) != 1 or not returns[0].named_children:
        return None
    return returns[0].named_children[0]
