"""The error hierarchy of triple-orm's deterministic core, and the exit codes commands map them to.

Every error a person can cause (a typo in a schema, a missing file, an unreachable database) is a
`TripleOrmError`: the command line prints its `render()` and exits with its `exit_code`, never a
traceback. Anything else escaping a command is a bug, reported as such (exit 70).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ExitCode:
    """Exit codes shared by every command (the README lists them)."""

    OK = 0
    FINDINGS = 1  # findings at or above the threshold, drift, stale generated files, type mismatches
    BLOCKED = 2  # lint: a CRITICAL finding blocks the migration; check/health: the check could not run
    USAGE = 64  # a bad flag or argument
    INVALID_INPUT = 65  # a schema, migration or configuration with an error in it (located)
    NO_INPUT = 66  # an input file or folder that does not exist or cannot be read
    UNAVAILABLE = 69  # a service the command needs (database, LLM endpoint) cannot be reached
    INTERNAL = 70  # a bug in triple-orm
    CANNOT_WRITE = 73  # an output file could not be written (nothing was changed)
    INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A place in a text file: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
        }


class LazySpan:
    """A SourceSpan whose line and column are worked out only when asked for.

    Catalogs derived from a schema carry an origin on every object; computing thousands of
    line/column pairs that nobody reads costs more than deriving the catalog itself.
    """

    __slots__ = ("_source", "_start", "_end", "_span")

    def __init__(self, source, start: int, end: int):
        self._source = source  # anything with .span(start, end) -> SourceSpan
        self._start = start
        self._end = end
        self._span: SourceSpan | None = None

    def resolve(self) -> SourceSpan:
        if self._span is None:
            self._span = self._source.span(self._start, self._end)
        return self._span

    file = property(lambda self: self._source.path)
    line = property(lambda self: self.resolve().line)
    column = property(lambda self: self.resolve().column)
    end_line = property(lambda self: self.resolve().end_line)
    end_column = property(lambda self: self.resolve().end_column)

    def to_dict(self) -> dict:
        return self.resolve().to_dict()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazySpan):
            other = other.resolve()
        return self.resolve() == other

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __repr__(self) -> str:
        return repr(self.resolve())


class TripleOrmError(Exception):
    """Base of every error a person can cause; carries the exit code the command uses."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, message: str, *, help: str | None = None):
        super().__init__(message)
        self.message = message
        self.help = help

    def render(self) -> str:
        text = f"error: {self.message}"
        if self.help:
            text += f"\n  = help: {self.help}"
        return text

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": self.message, "help": self.help}


class UsageError(TripleOrmError):
    exit_code = ExitCode.USAGE


class InputNotFound(TripleOrmError):
    exit_code = ExitCode.NO_INPUT


class ConfigError(TripleOrmError):
    exit_code = ExitCode.INVALID_INPUT


class WriteError(TripleOrmError):
    exit_code = ExitCode.CANNOT_WRITE


class DatabaseError(TripleOrmError):
    """The database could not be reached or read. Messages never contain the password."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass
class Located:
    """One located problem inside a file (used by SchemaError to report several at once)."""

    message: str
    span: SourceSpan
    source_line: str = ""
    help: str | None = None
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        span = self.span
        gutter = " " * len(str(span.line))
        lines = [f"error: {self.message}", f"{gutter}--> {span.file}:{span.line}:{span.column}"]
        if self.source_line:
            width = max(1, (span.end_column - span.column) if span.end_line in (0, span.line) else 1)
            lines += [
                f"{gutter} |",
                f"{span.line} | {self.source_line.rstrip()}",
                f"{gutter} | {' ' * (span.column - 1)}{'^' * width}",
            ]
        if self.help:
            lines.append(f"{gutter} = help: {self.help}")
        lines += [f"{gutter} = note: {note}" for note in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"message": self.message, "help": self.help, "location": self.span.to_dict()}


class SchemaError(TripleOrmError):
    """One or more located errors in a Prisma schema (or another parsed file)."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: list[Located]):
        first = problems[0]
        super().__init__(first.message, help=first.help)
        self.problems = problems

    @property
    def span(self) -> SourceSpan:
        return self.problems[0].span

    def render(self) -> str:
        body = "\n\n".join(p.render() for p in self.problems)
        if len(self.problems) > 1:
            body += f"\n\n{len(self.problems)} errors"
        return body

    def to_dict(self) -> dict:
        return {"error": "SchemaError", "message": self.message, "problems": [p.to_dict() for p in self.problems]}


def located(message: str, span: SourceSpan, text: str | None, help: str | None = None) -> Located:
    """Build a Located problem, cutting the offending line out of the file's text."""
    source_line = ""
    if text is not None and span.line >= 1:
        lines = text.splitlines()
        if span.line <= len(lines):
            source_line = lines[span.line - 1]
    return Located(message, span, source_line, help)
