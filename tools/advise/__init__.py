"""The ORM advisor: which of Prisma, Drizzle and Kysely should run a query, why, and the query
written in it; and the scan of a whole project.

    from tools.advise import advise, scan_project, load_matrix
    advice = advise(text, schema)            # a Prisma call, SQL, Drizzle/Kysely code, or a sentence
    advice.decision.orm, advice.features, advice.decision.reasons, advice.code
    report = scan_project(root, schema)      # findings for queries in the wrong ORM, drizzle-kit
                                             # migrations in scripts/CI, hand-edited generated files
"""

from tools.advise.advisor import Advice, advise, read_input, write_in
from tools.advise.features import QueryFeatures
from tools.advise.matrix import DEFAULT_MATRIX, Decision, DecisionMatrix, load_matrix
from tools.advise.names import OrmNames, project_names
from tools.advise.scan import ScanReport, scan_project

__all__ = ["advise", "Advice", "read_input", "write_in", "QueryFeatures", "load_matrix", "DecisionMatrix",
           "Decision", "DEFAULT_MATRIX", "OrmNames", "project_names", "scan_project", "ScanReport"]
