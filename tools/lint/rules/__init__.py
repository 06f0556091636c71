"""The rule registry: one explicit tuple, in alphabetical order of module.

Adding a rule means adding its module here; a test fails when a file under this folder is not in
the tuple, when its docstring lacks a Bad or a Good example, or when it has no YAML cases.
"""

from __future__ import annotations

from tools.lint.rules.adding_exclusion_constraint import AddingExclusionConstraint
from tools.lint.rules.adding_field_with_default import AddingFieldWithDefault
from tools.lint.rules.adding_foreign_key_constraint import AddingForeignKeyConstraint
from tools.lint.rules.adding_not_nullable_field import AddingNotNullableField
from tools.lint.rules.adding_required_field import AddingRequiredField
from tools.lint.rules.adding_serial_primary_key_field import AddingSerialPrimaryKeyField
from tools.lint.rules.ban_alter_domain_with_add_constraint import BanAlterDomainWithAddConstraint
from tools.lint.rules.ban_char_field import BanCharField
from tools.lint.rules.ban_concurrent_index_creation_in_transaction import BanConcurrentIndexCreationInTransaction
from tools.lint.rules.ban_create_domain_with_constraint import BanCreateDomainWithConstraint
from tools.lint.rules.ban_drop_column import BanDropColumn
from tools.lint.rules.ban_drop_constraint import BanDropConstraint
from tools.lint.rules.ban_drop_database import BanDropDatabase
from tools.lint.rules.ban_drop_default import BanDropDefault
from tools.lint.rules.ban_drop_not_null import BanDropNotNull
from tools.lint.rules.ban_drop_object import BanDropObject
from tools.lint.rules.ban_drop_table import BanDropTable
from tools.lint.rules.ban_duplicate_column_assignments import BanDuplicateColumnAssignments
from tools.lint.rules.ban_truncate_cascade import BanTruncateCascade
from tools.lint.rules.ban_uncommitted_transaction import BanUncommittedTransaction
from tools.lint.rules.changing_column_type import ChangingColumnType
from tools.lint.rules.constraint_missing_not_valid import ConstraintMissingNotValid
from tools.lint.rules.disallowed_unique_constraint import DisallowedUniqueConstraint
from tools.lint.rules.enum_value_used_in_same_transaction import EnumValueUsedInSameTransaction
from tools.lint.rules.holding_access_exclusive_lock import HoldingAccessExclusiveLock
from tools.lint.rules.identifier_too_long import IdentifierTooLong
from tools.lint.rules.prefer_bigint_over_int import PreferBigintOverInt
from tools.lint.rules.prefer_bigint_over_smallint import PreferBigintOverSmallint
from tools.lint.rules.prefer_identity import PreferIdentity
from tools.lint.rules.prefer_jsonb import PreferJsonb
from tools.lint.rules.prefer_repack import PreferRepack
from tools.lint.rules.prefer_robust_stmts import PreferRobustStmts
from tools.lint.rules.prefer_text_field import PreferTextField
from tools.lint.rules.prefer_timestamptz import PreferTimestamptz
from tools.lint.rules.regenerate_drizzle_and_kysely import RegenerateDrizzleAndKysely
from tools.lint.rules.removing_enum_value import RemovingEnumValue
from tools.lint.rules.rename_as_drop_and_add import RenameAsDropAndAdd
from tools.lint.rules.renaming_column import RenamingColumn
from tools.lint.rules.renaming_object import RenamingObject
from tools.lint.rules.renaming_table import RenamingTable
from tools.lint.rules.require_concurrent_index_creation import RequireConcurrentIndexCreation
from tools.lint.rules.require_concurrent_index_deletion import RequireConcurrentIndexDeletion
from tools.lint.rules.require_concurrent_partition_detach import RequireConcurrentPartitionDetach
from tools.lint.rules.require_concurrent_reindex import RequireConcurrentReindex
from tools.lint.rules.require_enum_value_ordering import RequireEnumValueOrdering
from tools.lint.rules.require_lock_timeout import RequireLockTimeout
from tools.lint.rules.require_statement_timeout import RequireStatementTimeout
from tools.lint.rules.require_table_schema import RequireTableSchema
from tools.lint.rules.syntax_error import SyntaxError_
from tools.lint.rules.transaction_nesting import TransactionNesting
from tools.lint.rules.unbounded_backfill import UnboundedBackfill
from tools.lint.rules.unindexed_foreign_key import UnindexedForeignKey
from tools.lint.rules.unused_ignore import UnusedIgnore

REGISTRY = (
    AddingExclusionConstraint,
    AddingFieldWithDefault,
    AddingForeignKeyConstraint,
    AddingNotNullableField,
    AddingRequiredField,
    AddingSerialPrimaryKeyField,
    BanAlterDomainWithAddConstraint,
    BanCharField,
    BanConcurrentIndexCreationInTransaction,
    BanCreateDomainWithConstraint,
    BanDropColumn,
    BanDropConstraint,
    BanDropDatabase,
    BanDropDefault,
    BanDropNotNull,
    BanDropObject,
    BanDropTable,
    BanDuplicateColumnAssignments,
    BanTruncateCascade,
    BanUncommittedTransaction,
    ChangingColumnType,
    ConstraintMissingNotValid,
    DisallowedUniqueConstraint,
    EnumValueUsedInSameTransaction,
    HoldingAccessExclusiveLock,
    IdentifierTooLong,
    PreferBigintOverInt,
    PreferBigintOverSmallint,
    PreferIdentity,
    PreferJsonb,
    PreferRepack,
    PreferRobustStmts,
    PreferTextField,
    PreferTimestamptz,
    RegenerateDrizzleAndKysely,
    RemovingEnumValue,
    RenameAsDropAndAdd,
    RenamingColumn,
    RenamingObject,
    RenamingTable,
    RequireConcurrentIndexCreation,
    RequireConcurrentIndexDeletion,
    RequireConcurrentPartitionDetach,
    RequireConcurrentReindex,
    RequireEnumValueOrdering,
    RequireLockTimeout,
    RequireStatementTimeout,
    RequireTableSchema,
    SyntaxError_,
    TransactionNesting,
    UnboundedBackfill,
    UnindexedForeignKey,
    UnusedIgnore,
)

RULES_BY_ID = {rule.id: rule for rule in REGISTRY}

