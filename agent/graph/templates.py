"""Prompt and answer templates from `prompts/`: files with named sections and `{slot}` placeholders.

A template file holds sections headed `[name]`; `{slot}` is filled from a dict built from facts
only (a missing slot is a bug and raises). Answers come in English and Vietnamese
(`lint.en.txt`, `lint.vi.txt`). In a checkout the files are read from `prompts/`; an installed
copy reads them from `<prefix>/share/triple-orm/prompts` (pyproject's data-files).
"""

from __future__ import annotations

import re
import string
import sys
from functools import lru_cache
from pathlib import Path

_SECTION = re.compile(r"^\[(?P<name>[\w-]+)\]\s*$", re.M)


def prompts_dir() -> Path:
    root = Path(__file__).resolve().parents[2]
    if (root / "prompts").is_dir() and (root / "pyproject.toml").is_file():  # a checkout, not site-packages
        return root / "prompts"
    for base in (sys.prefix, sys.base_prefix):
        installed = Path(base) / "share" / "triple-orm" / "prompts"
        if installed.is_dir():
            return installed
    raise FileNotFoundError("prompts/ is missing from this installation of triple-orm")


@lru_cache(maxsize=None)
def sections(name: str) -> dict[str, str]:
    """The sections of `prompts/<name>` ('answer/lint.en.txt'), each without its trailing newline."""
    text = (prompts_dir() / name).read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    out: dict[str, str] = {}
    for i in range(1, len(parts) - 1, 2):
        out[parts[i]] = parts[i + 1].strip("\n")
    if not out:
        out["main"] = text.strip("\n")
    return out


def answer_sections(kind: str, lang: str) -> dict[str, str]:
    """The answer template of a facts kind in the person's language (English when there is none)."""
    for candidate in (f"answer/{kind}.{lang}.txt", f"answer/{kind}.en.txt"):
        if (prompts_dir() / candidate).is_file():
            return sections(candidate)
    raise FileNotFoundError(f"no answer template for {kind!r}")


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {{{key}}} was not filled")


def fill(template: str, slots: dict) -> str:
    """`template` with every `{slot}` replaced; `{{`/`}}` are literal braces."""
    return string.Formatter().vformat(template, (), _Strict(slots))


def fill_lines(template: str, slots: dict) -> str:
    """Like `fill`, but a line whose slots all came out empty is dropped (optional parts of an answer)."""
    out = []
    for line in template.splitlines():
        filled = fill(line, slots)
        if "{" in line.replace("{{", "") and not filled.strip():
            continue
        out.append(filled)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
