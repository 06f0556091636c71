"""`[tool.triple-orm.lint]`: validated, with clear errors (exit 65) for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.errors import ConfigError
from tools.findings import Severity
from tools.lint.settings import LintSettings, settings_from_config


def test_full_section(tmp_path: Path) -> None:
    settings = settings_from_config({
        "fail_on": "medium", "pg_version": "16.2", "runner": "Drizzle", "prisma_version": "7.4",
        "paths": ["db/migrations"], "exclude": "*.seed.sql", "large_table_rows": 5000, "small_table_rows": 10,
        "cache": False, "rules": {"prefer-identity": "off", "unindexed-foreign-key": "high", "require-table-schema": True},
    }, tmp_path)
    assert settings.fail_on is Severity.MEDIUM and settings.pg_version == 16 and settings.runner == "drizzle"
    assert settings.prisma_version == (7, 4) and settings.paths == ((tmp_path / "db/migrations").resolve(),)
    assert settings.exclude == ("*.seed.sql",) and settings.large_table_rows == 5000 and not settings.cache
    assert settings.rules == {"prefer-identity": "off", "unindexed-foreign-key": "HIGH", "require-table-schema": "on"}


def test_fail_on_never() -> None:
    assert settings_from_config({"fail_on": "never"}, Path(".")).fail_on is None


@pytest.mark.parametrize("section,words", [
    ({"fail_on": "sometimes"}, "unknown severity"),
    ({"pg_version": 7}, "unsupported PostgreSQL version"),
    ({"runner": "flyway"}, "unknown runner"),
    ({"large_table_rows": -1}, "whole number"),
    ({"cache": "yes"}, "true or false"),
    ({"rules": {"prefer-identity": "maybe"}}, "neither on, off nor a severity"),
    ({"colour": "red"}, "unknown key"),
])
def test_bad_values_are_config_errors(section: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        settings_from_config(section, Path("."))


def test_fingerprint_changes_with_what_changes_results() -> None:
    base = LintSettings()
    assert base.fingerprint() == LintSettings().fingerprint()
    assert base.fingerprint() != base.with_(pg_version=12).fingerprint()
    assert base.fingerprint() != base.with_(rules={"prefer-identity": "off"}).fingerprint()
    assert base.fingerprint() == base.with_(fail_on=Severity.LOW).fingerprint()  # only the exit code changes
