"""Type safety across Prisma, Drizzle and Kysely: `compare_types(schema, drizzle=…, kysely=…)`.

    from tools.types import compare_types, find_zod_schemas
    report = compare_types(schema, drizzle=read_drizzle(path), kysely=read_kysely(path),
                           zod=find_zod_schemas(project_root))
    report.rows (each field side by side), report.findings, report.mismatches
"""

from tools.types.compare import MISMATCH_RULES, FieldTypes, TypeReport, compare_types
from tools.types.orm_types import OrmColumnType, drizzle_type, kysely_type, prisma_type
from tools.types.zod import ZodSchemas, find_zod_schemas

__all__ = ["compare_types", "TypeReport", "FieldTypes", "MISMATCH_RULES", "OrmColumnType", "prisma_type",
           "drizzle_type", "kysely_type", "ZodSchemas", "find_zod_schemas"]
