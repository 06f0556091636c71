"""Replaying earlier migrations: the schema state the rules consult."""

from __future__ import annotations

from tools.lint.engine import replay_into
from tools.lint.history import SchemaState

HISTORY = [
    'CREATE TYPE "Role" AS ENUM (\'ADMIN\', \'USER\');\n'
    'CREATE TABLE "User" ("id" SERIAL NOT NULL, "name" VARCHAR(50), "role" "Role" NOT NULL DEFAULT \'USER\', '
    'CONSTRAINT "User_pkey" PRIMARY KEY ("id"));',
    'ALTER TABLE "User" ADD COLUMN "email" TEXT;\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n'
    'ALTER TYPE "Role" ADD VALUE \'GUEST\' BEFORE \'USER\';',
    'ALTER TABLE "User" RENAME COLUMN "email" TO "mail";\nALTER TABLE "User" RENAME TO "Member";\n'
    'ALTER TABLE "Member" ALTER COLUMN "name" SET DATA TYPE TEXT, ALTER COLUMN "name" SET NOT NULL;',
]


def replayed(files=HISTORY) -> SchemaState:
    state = SchemaState()
    for text in files:
        replay_into(text, state)
    return state


def test_tables_columns_types_and_renames() -> None:
    state = replayed()
    assert "User" not in state.tables and set(state.tables["Member"].columns) == {"id", "name", "role", "mail"}
    name = state.column("Member", "name")
    assert name.type.name == "text" and name.not_null
    assert state.column("Member", "id").not_null and state.column("Member", "id").has_default


def test_indexes_follow_renames() -> None:
    state = replayed()
    assert state.covering_index("Member", ["mail"]) == "User_email_key"
    assert state.covering_index("Member", ["id"]) == "User_pkey"
    assert state.index_table("User_email_key") == "Member"


def test_enum_values_in_order() -> None:
    assert replayed().enums["Role"] == ["ADMIN", "GUEST", "USER"]


def test_snapshots_are_not_changed_by_later_statements() -> None:
    state = replayed(HISTORY[:2])
    snapshot = state.copy()
    replay_into(HISTORY[2], state)
    assert "User" in snapshot.tables and snapshot.column("User", "email") is not None
    assert snapshot.column("User", "name").type.name == "varchar"
    assert state.column("Member", "name").type.name == "text"


def test_dropping_a_column_drops_its_indexes() -> None:
    state = replayed(HISTORY[:2])
    replay_into('ALTER TABLE "User" DROP COLUMN "email";', state)
    assert state.covering_index("User", ["email"]) is None
