"""The shape of a lint rule, and its specification read from the docstring of the rule's module.

A rule is a class with a kebab-case `id`, a default `severity`, the statement node types it looks
at (`on`), and `check(stmt, ctx)`; file-wide rules also implement `finish(ctx)`. The module
docstring is the rule's documentation and its executable examples:

    <one-line summary>

    Why: <which lock, what it blocks, what breaks>
    Exemptions: <when the rule stays quiet>

    Bad:
    ```sql
    ...
    ```

    Good (runner = plain):
    ```sql
    ...
    ```

Settings in parentheses after Bad/Good (`runner`, `pg-version`, `prisma-version`) are the
configuration the example is linted with. Rules never apply ignores or fixes themselves: they
report, and the runner decides.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from tools.findings import Severity

if TYPE_CHECKING:
    from tools.lint.context import FileContext
    from tools.lint.parse import Statement


class Rule:
    """Base class of every rule (one per file under tools/lint/rules)."""

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.MEDIUM
    max_severity: ClassVar[Severity | None] = None  # the highest it ever reports, when above `severity`
    on: ClassVar[tuple[str, ...]] = ()  # statement node types dispatched to `check`
    # an ALTER TABLE reaches `check` only when one of its subcommands has one of these types (None:
    # every ALTER TABLE); a rule that reports, notes or exempts nothing for the others says so here
    alter_subtypes: ClassVar[frozenset[str] | None] = None
    squawk: ClassVar[tuple[str, ...]] = ()  # squawk rules whose hazard this rule reports (parity eval)
    opt_in: ClassVar[bool] = False  # off unless enabled in the configuration
    file_wide: ClassVar[bool] = False  # implements `finish`
    # how table size changes the severity when a database is given (tools/lint/database.py):
    # "blocking" (time under lock grows with rows), "loses-data", "fails-with-rows", or None
    weight: ClassVar[str | None] = None

    def check(self, stmt: "Statement", ctx: "FileContext") -> None:
        """Look at one statement of a type listed in `on` and report through `ctx`."""

    def finish(self, ctx: "FileContext") -> None:
        """Called once after the last statement (for rules that look at the whole file)."""

    @classmethod
    def highest(cls) -> Severity:
        return cls.max_severity or cls.severity

    @classmethod
    def spec(cls) -> "RuleSpec":
        return parse_spec(sys.modules[cls.__module__].__doc__ or "", cls.id)

    @classmethod
    def summary(cls) -> str:
        doc = sys.modules[cls.__module__].__doc__ or ""
        return doc.strip().splitlines()[0] if doc.strip() else cls.id


@dataclass
class Example:
    kind: str  # "bad" or "good"
    sql: str
    settings: dict[str, str] = field(default_factory=dict)


@dataclass
class RuleSpec:
    id: str
    summary: str
    why: str
    exemptions: str
    examples: list[Example]


_SECTION = re.compile(r"^(Why|Exemptions):\s*(.*)$")
_EXAMPLE = re.compile(r"^(Bad|Good)\s*(?:\((?P<settings>[^)]*)\))?:\s*$")


def parse_spec(doc: str, rule_id: str) -> RuleSpec:
    """Read the summary, Why, Exemptions and the Bad/Good SQL blocks of a rule's docstring."""
    lines = doc.strip().splitlines()
    summary = lines[0].strip() if lines else ""
    sections: dict[str, list[str]] = {"Why": [], "Exemptions": []}
    examples: list[Example] = []
    current: list[str] | None = None
    index = 1
    while index < len(lines):
        line = lines[index].strip()
        section, example = _SECTION.match(line), _EXAMPLE.match(line)
        if section:
            current = sections[section.group(1)]
            current.append(section.group(2))
        elif example:
            block, index = _sql_block(lines, index + 1)
            examples.append(Example(example.group(1).lower(), block, _settings(example.group("settings"))))
            current = None
        elif current is not None and line:
            current.append(line)
        index += 1
    return RuleSpec(rule_id, summary, " ".join(sections["Why"]).strip(), " ".join(sections["Exemptions"]).strip(), examples)


def _sql_block(lines: list[str], index: int) -> tuple[str, int]:
    while index < len(lines) and not lines[index].strip().startswith("```"):
        index += 1
    body = []
    index += 1
    while index < len(lines) and not lines[index].strip().startswith("```"):
        body.append(lines[index])
        index += 1
    indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
    return "\n".join(l[indent:] for l in body).strip() + "\n", index


def _settings(text: str | None) -> dict[str, str]:
    out = {}
    for part in (text or "").split(","):
        if "=" in part:
            key, value = part.split("=", 1)
            out[key.strip()] = value.strip()
    return out
