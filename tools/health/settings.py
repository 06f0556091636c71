"""`[tool.triple-orm.health]`: its keys checked, its thresholds read. One reading for
`triple-orm health`, the chat's /health and a health question asked in words, so all three agree."""

from __future__ import annotations

from typing import Any

from tools.errors import ConfigError
from tools.health.checks import HealthThresholds

HEALTH_KEYS = {"fail_on", "format", "sequence_warn", "sequence_high", "large_index_mb"}


def health_section(config) -> dict[str, Any]:
    """The section of a `tools.config.Config`; an unknown key is an error that names it."""
    section = config.section("health")
    unknown = set(section) - HEALTH_KEYS
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.triple-orm.health] of {config.source}: {', '.join(sorted(unknown))}",
                          help=f"known keys: {', '.join(sorted(k.replace('_', '-') for k in HEALTH_KEYS))}")
    return section


def thresholds_from(section: dict[str, Any]) -> HealthThresholds:
    try:
        warn = float(section.get("sequence_warn", 0.75))
        high = float(section.get("sequence_high", 0.90))
        large = int(float(section.get("large_index_mb", 100)) * 1024 * 1024)
    except (TypeError, ValueError):
        raise ConfigError("[tool.triple-orm.health] thresholds must be numbers") from None
    if not 0 < warn <= high <= 1:
        raise ConfigError("sequence-warn and sequence-high must satisfy 0 < warn <= high <= 1")
    return HealthThresholds(sequence_warn=warn, sequence_high=high, large_index_bytes=large)


def configured_thresholds(config) -> HealthThresholds:
    """The thresholds of a project's configuration (the defaults where it has none)."""
    return thresholds_from(health_section(config)) if config is not None else HealthThresholds()
