"""The content hash in a generated file's header, which tells a hand edit from our own output.

`triple-orm sync` writes, after the file's leading comment block,

    // triple-orm-sync: content-hash 3f2a9c0d1e2b4a5c (edits by hand are detected; see triple-orm sync --help)

holding a hash of the rest of the file. When the file is next written, a hash that no longer
matches means someone edited the file, and sync refuses to overwrite it without `--force`.

The hash ignores formatting (whitespace, semicolons, commas, the quote character), so a project
that runs its own prettier configuration over generated files (single quotes, no semicolons, tabs)
has not "edited" them; `--check` compares the same way.
"""

from __future__ import annotations

import hashlib
import re

STAMP_PREFIX = "// triple-orm-sync: content-hash "
_STAMP_LINE = re.compile(r"^// triple-orm-sync: content-hash ([0-9a-f]{16})\b[^\n]*\n?", re.MULTILINE)
_FORMATTING = re.compile(r"[\s;,]+")


def normalized(text: str) -> str:
    """The file's content with the stamp and everything a formatter changes removed."""
    return _FORMATTING.sub("", _STAMP_LINE.sub("", text)).replace("'", '"')


def content_hash(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:16]


def stamped(text: str) -> str:
    """`text` with the stamp line after its leading `//` comment lines (or first)."""
    lines = _STAMP_LINE.sub("", text).splitlines(keepends=True)
    at = 0
    while at < len(lines) and lines[at].startswith("//"):
        at += 1
    stamp = f"{STAMP_PREFIX}{content_hash(text)} (edits by hand are detected; see triple-orm sync --help)\n"
    return "".join(lines[:at] + [stamp] + lines[at:])


def recorded_hash(text: str) -> str | None:
    match = _STAMP_LINE.search(text)
    return match.group(1) if match else None


def same_content(a: str, b: str) -> bool:
    """Equal up to formatting and the stamp."""
    return normalized(a) == normalized(b)


def file_state(current: str | None, new: str) -> str:
    """missing | current | stale (ours, untouched since) | edited (ours, changed by hand) | foreign."""
    if current is None:
        return "missing"
    if same_content(current, new):
        return "current"
    recorded = recorded_hash(current)
    if recorded is None:
        return "foreign"
    return "stale" if recorded == content_hash(current) else "edited"
