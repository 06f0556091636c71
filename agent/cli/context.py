"""What every command gets: the configuration, the output format, and writers for stdout/stderr."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tools.config import Config, load_config
from tools.errors import UsageError


def add_format_argument(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json")) -> None:
    """`--format text|json|…` with `--json` as shorthand, shared by every command."""
    parser.add_argument("--format", choices=choices, default=None, help=f"output format (default: text); one of {', '.join(choices)}")
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="shorthand for --format json")


@dataclass
class Context:
    config: Config
    color: bool = True
    debug: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "Context":
        explicit = Path(args.config) if getattr(args, "config", None) else None
        config = load_config(explicit=explicit)
        color = not getattr(args, "no_color", False) and "NO_COLOR" not in os.environ
        return cls(config=config, color=color, debug=getattr(args, "debug", False))

    def output_format(self, args: argparse.Namespace, section: str | None = None) -> str:
        """The format from the flag, else from the configuration, else text."""
        chosen = getattr(args, "format", None)
        if chosen:
            return chosen
        configured = self.config.section(section).get("format") if section else None
        return configured or self.config.get("format") or "text"

    def console(self, stderr: bool = False):
        """A rich Console writing to our stream (imported lazily: rich costs ~35 ms)."""
        from rich.console import Console

        stream = self.err if stderr else self.out
        interactive = hasattr(stream, "isatty") and stream.isatty()
        # Piped output is read by tools and people alike: do not wrap it at 80 columns.
        return Console(file=stream, no_color=not self.color, highlight=False, soft_wrap=True,
                       force_terminal=None if self.color else False, width=None if interactive else 160)

    def write(self, text: str) -> None:
        self.out.write(text if text.endswith("\n") or not text else text + "\n")

    def write_json(self, value: Any) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False, default=_json_default)
        self.out.write("\n")

    def note(self, text: str) -> None:
        """A message for the person (stderr), never mixed into machine output."""
        self.err.write(text.rstrip("\n") + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def require(value: Any, message: str, help: str | None = None) -> Any:
    if value is None:
        raise UsageError(message, help=help)
    return value
