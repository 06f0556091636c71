"""The grounding check: names outside the facts, dropped findings, changed or denied severities."""

from __future__ import annotations

from agent.graph.grounding import check_answer

FACTS = {
    "kind": "lint", "route": "migration_validator",
    "findings": [
        {"rule": "ban-drop-column", "severity": "HIGH", "message": "Dropping column users.phone deletes its data for good.",
         "help": "Deploy code that no longer uses the column first.",
         "location": {"file": "apps/api/prisma/migrations/20261103091200_behavior_logs_session_id/migration.sql", "line": 9}},
        {"rule": "require-lock-timeout", "severity": "MEDIUM", "message": "This statement waits for an ACCESS EXCLUSIVE lock on users.",
         "help": "Start the migration with SET lock_timeout = '5s'.", "location": {"file": "x/migration.sql", "line": 9}},
    ],
    "names": {"rules": ["ban-drop-column", "require-lock-timeout"], "tables": ["users"], "columns": ["phone"]},
}
RULES = {"ban-drop-column", "require-lock-timeout", "adding-required-field"}


def check(text: str, **kw):
    return check_answer(text, FACTS, FACTS["findings"], known_rules=RULES, project_names={"User", "Lesson", "users"}, **kw)


def test_a_faithful_answer_passes():
    result = check("The HIGH finding ban-drop-column drops `users.phone` for good in 20261103091200_behavior_logs_session_id/migration.sql; "
                   "require-lock-timeout (MEDIUM): set lock_timeout first so it does not queue behind the ACCESS EXCLUSIVE lock.")
    assert result.passed, result


def test_invented_rule_table_column_and_file_are_caught():
    result = check("ban-drop-column (HIGH) and require-lock-timeout (MEDIUM). Also adding-required-field on `lessons.slug`, "
                   "see prisma/migrations/2027_x/migration.sql and the Lesson model.")
    assert not result.passed
    assert {"adding-required-field", "lessons", "slug", "Lesson"} <= set(result.unknown)
    assert any(u.endswith("2027_x/migration.sql") for u in result.unknown)


def test_a_dropped_finding_fails():
    result = check("ban-drop-column is HIGH: the column users.phone loses its data.")
    assert result.dropped == ["require-lock-timeout"] and not result.passed


def test_a_changed_severity_fails_but_prose_words_do_not():
    assert check("ban-drop-column is CRITICAL. require-lock-timeout is MEDIUM.").changed
    assert check("ban-drop-column (HIGH) on a high-volume table. require-lock-timeout is MEDIUM.").passed


def test_denying_a_severity_the_facts_have_fails():
    result = check("The migration is safe: there are no critical or high-severity issues. ban-drop-column and require-lock-timeout are minor.")
    assert any("no HIGH" in c for c in result.changed) and not result.passed


def test_a_backticked_rule_id_is_one_name():
    assert check("`ban-drop-column` (HIGH) and `require-lock-timeout` (MEDIUM).").passed


def test_plain_sql_words_are_not_names():
    assert check("ban-drop-column (HIGH): `ALTER TABLE users DROP COLUMN phone` takes an ACCESS EXCLUSIVE lock; "
                 "require-lock-timeout (MEDIUM): `SET lock_timeout = '5s'`.").passed
