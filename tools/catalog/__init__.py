"""The catalog model and what reads, derives, prints and compares it."""

from tools.catalog.model import (  # noqa: F401
    DEFAULT_SCHEMA,
    Catalog,
    Column,
    EnumType,
    Extension,
    ForeignKey,
    Index,
    IndexColumn,
    PrimaryKey,
    Table,
    View,
    qualified,
    quote_ident,
)
