"""The rule ids, read from the rule files' names without importing the rules (fast start-up).

A test checks that every module `tools/lint/rules/<id_with_underscores>.py` holds the rule `<id>`.
"""

from __future__ import annotations

from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"


def rule_ids() -> set[str]:
    return {p.stem.replace("_", "-") for p in RULES_DIR.glob("*.py") if not p.stem.startswith("_")}
