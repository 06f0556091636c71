"""The linter's settings: `[tool.triple-orm.lint]` merged with the command-line flags.

    [tool.triple-orm.lint]
    fail-on = "HIGH"              # exit 1 at or above this severity (CRITICAL always exits 2)
    pg-version = 16               # the production server's major version
    runner = "prisma"             # prisma | drizzle | plain | auto (from the folder layout)
    prisma-version = "7.4"        # default: read from package.json when it can be found
    paths = ["prisma/migrations"] # default: `migrations` (top level), else next to `schema`
    exclude = ["**/seed.sql"]
    large-table-rows = 1000000    # with --database-url: above this, a blocking change is CRITICAL
    small-table-rows = 0          # at or below this, a blocking change is downgraded to LOW
    cache = true                  # results cached by content hash under .triple-orm/cache/

    [tool.triple-orm.lint.rules]
    prefer-identity = "off"       # "off", "on" (for opt-in rules) or a severity
    unindexed-foreign-key = "HIGH"
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tools.errors import ConfigError
from tools.findings import Severity
from tools.lint.transactions import RUNNERS

DEFAULT_PG_VERSION = 14  # the oldest major version the PostgreSQL project still supports
SUPPORTED_PG = range(9, 20)
_KEYS = {
    "fail_on", "pg_version", "runner", "prisma_version", "paths", "exclude", "large_table_rows",
    "small_table_rows", "cache", "cache_dir", "rules", "format", "statement_timeout_ms",
}


@dataclass(frozen=True)
class LintSettings:
    pg_version: int = DEFAULT_PG_VERSION
    runner: str = "auto"
    prisma_version: tuple[int, int] | None = None
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> "off" | "on" | severity
    fail_on: Severity | None = Severity.HIGH  # None: never fail
    large_table_rows: int = 1_000_000
    small_table_rows: int = 0
    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    cache: bool = True
    cache_dir: Path | None = None
    statement_timeout_ms: int = 5_000
    collect_exemptions: bool = False  # record why rules stayed quiet (parity eval, --explain)

    def with_(self, **changes: Any) -> "LintSettings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def rule_setting(self, rule_id: str) -> str | None:
        return self.rules.get(rule_id)

    def fingerprint(self) -> str:
        """What changes static results: part of every cache key."""
        text = repr((self.pg_version, self.runner, self.prisma_version, sorted(self.rules.items())))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def settings_from_config(section: dict[str, Any], root: Path) -> LintSettings:
    """Validate `[tool.triple-orm.lint]` (keys already snake_cased by Config.section)."""
    unknown = set(section) - _KEYS
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.triple-orm.lint]: {', '.join(sorted(unknown))}",
                          help=f"known keys: {', '.join(sorted(k.replace('_', '-') for k in _KEYS))}")
    out = LintSettings()
    if "fail_on" in section:
        out = replace(out, fail_on=parse_fail_on(str(section["fail_on"])))  # None (never) is a value here
    if "pg_version" in section:
        out = out.with_(pg_version=parse_pg_version(section["pg_version"]))
    if "runner" in section:
        out = out.with_(runner=parse_runner(str(section["runner"])))
    if "prisma_version" in section:
        out = out.with_(prisma_version=parse_version(str(section["prisma_version"])))
    out = out.with_(**_thresholds(section), **_paths(section, root))
    if "rules" in section:
        out = out.with_(rules=parse_rule_table(section["rules"]))
    return out


def _thresholds(section: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("large_table_rows", "small_table_rows", "statement_timeout_ms"):
        if key in section:
            value = section[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"`{key.replace('_', '-')}` in [tool.triple-orm.lint] must be a whole number >= 0, not {value!r}")
            out[key] = value
    if "cache" in section:
        if not isinstance(section["cache"], bool):
            raise ConfigError(f"`cache` in [tool.triple-orm.lint] must be true or false, not {section['cache']!r}")
        out["cache"] = section["cache"]
    return out


def _paths(section: dict[str, Any], root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("paths", "exclude"):
        if key in section:
            value = section[key]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"`{key}` in [tool.triple-orm.lint] must be a list of strings")
            out[key] = tuple((root / v).resolve() for v in value) if key == "paths" else tuple(value)
    if "cache_dir" in section:
        out["cache_dir"] = (root / str(section["cache_dir"])).resolve()
    return out


def parse_fail_on(value: str) -> Severity | None:
    if value.strip().lower() in ("never", "none", "off"):
        return None
    try:
        return Severity.parse(value)
    except Exception:
        raise ConfigError(f"unknown severity {value!r} for fail-on",
                          help="use CRITICAL, HIGH, MEDIUM, LOW, INFO or never") from None


def parse_pg_version(value: Any) -> int:
    text = str(value).strip()
    major = text.split(".", 1)[0]
    if not major.isdigit() or int(major) not in SUPPORTED_PG:
        raise ConfigError(f"unsupported PostgreSQL version {value!r}", help="give a major version such as 14, 16 or 18")
    return int(major)


def parse_runner(value: str) -> str:
    value = value.strip().lower()
    if value not in (*RUNNERS, "auto"):
        raise ConfigError(f"unknown runner {value!r}", help="use prisma, drizzle, plain or auto")
    return value


def parse_version(value: str) -> tuple[int, int]:
    parts = value.strip().lstrip("^~v>=<").split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    except ValueError:
        raise ConfigError(f"cannot read the version {value!r}", help="write it as MAJOR.MINOR, e.g. 7.4") from None


def parse_rule_table(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError("[tool.triple-orm.lint.rules] must be a table of rule-id = \"off\" | \"on\" | SEVERITY")
    out = {}
    for rule_id, setting in value.items():
        text = str(setting).strip()
        if isinstance(setting, bool):
            text = "on" if setting else "off"
        if text.lower() in ("on", "off"):
            out[rule_id] = text.lower()
        else:
            try:
                out[rule_id] = Severity.parse(text).value
            except Exception:
                raise ConfigError(f"rule {rule_id!r}: {setting!r} is neither on, off nor a severity") from None
    return out
