"""Schema questions, answered from the Prisma reader and, for open questions, the vector store.

Which tables reference a model, what a model's columns are, the SQL or ER diagram of a model, how
many models there are: these come straight from `tools.prisma` / `tools.catalog`, with file and
line. Anything else ("where is metadata validated?") is looked up in the vector store, and the
answer cites the retrieved entries' files and lines.
"""

from __future__ import annotations

import re

from agent.graph.facts import Facts
from agent.graph.routes import Route
from agent.graph.text import fold

ROUTE = Route.SCHEMA_QUESTION.value

# Which kind of question, on folded text (English and Vietnamese without diacritics).
_INTENTS = [
    ("references", re.compile(r"referenc|tham chieu|points? to|links? to|foreign keys? (to|on)|depends? on|khoa ngoai|lien ket (toi|den)|tro (toi|den)")),
    ("diagram", re.compile(r"diagram|mermaid|\berd?\b|so do")),
    ("sql", re.compile(r"\bsql\b|\bddl\b|create table|cau lenh tao")),
    ("count", re.compile(r"how many|bao nhieu|list (all|the) (models|tables|enums)|liet ke")),
    ("describe", re.compile(r"columns?|fields?|\bcot\b|\btruong\b|describe|mo ta|what('s| is) in|gom nhung|co nhung")),
]


def intent_of(text: str, target: str | None) -> str:
    folded = fold(text)
    for name, pattern in _INTENTS:
        if pattern.search(folded):
            return name if (target or name == "count") else "search"
    return "describe" if target and len(folded.split()) <= 4 else "search"


def answer_schema_question(decision: dict, ctx) -> Facts:
    text, target = decision.get("text") or "", decision.get("target")
    schema = ctx.schema()
    model = _model_of(schema, target)
    intent = decision.get("intent") or intent_of(text, model.name if model else None)
    if intent in ("references", "describe", "sql") and model is None:
        intent = "search" if intent != "describe" else "count"
    if intent == "references":
        return references(schema, model)
    if intent == "diagram":
        return diagram(schema, model)
    if intent == "sql":
        return model_sql(schema, model)
    if intent == "count":
        return overview(schema)
    if intent == "describe":
        return describe(schema, model)
    return search(ctx, text)


def _model_of(schema, target: str | None):
    if not target:
        return None
    return schema.model(target) or schema.model_by_table(target)


def _where(span) -> dict:
    return {"file": span.file, "line": span.line}


def references(schema, model) -> Facts:
    """Every relation whose foreign key points at `model` (and the join tables that list it)."""
    facts = Facts(ROUTE, "relations", subject={"model": model.name, "table": model.db_name})
    facts.add_names("models", [model.name])
    facts.add_names("tables", [model.db_name])
    for relation in schema.relations:
        if relation.holder is not None and relation.target is model:
            holder = relation.holder
            row = {"model": holder.model.name, "table": holder.model.db_name, "field": holder.name,
                   "columns": [f.db_name for f in relation.fields], "references": [f.db_name for f in relation.references],
                   "relation": relation.name, "kind": relation.kind, "on_delete": relation.on_delete, **_where(holder.span)}
            facts.rows.append(row)
            facts.add_names("models", [holder.model.name])
            facts.add_names("tables", [holder.model.db_name])
            facts.add_names("columns", row["columns"] + row["references"])
            facts.add_names("files", [holder.span.file])
    for join in schema.many_to_many:
        if model in (join.model_a, join.model_b):
            other = join.model_b if join.model_a is model else join.model_a
            column = "A" if join.model_a is model else "B"
            facts.rows.append({"model": None, "table": join.table, "field": None, "columns": [column], "references": ["id"],
                               "relation": join.relation_name, "kind": "many-to-many", "with": other.name,
                               **_where(join.field_a.span if join.model_a is model else join.field_b.span)})
            facts.add_names("tables", [join.table])
    facts.summary = {"count": len(facts.rows)}
    return facts


def describe(schema, model) -> Facts:
    from tools.catalog.from_prisma import prisma_to_catalog

    if model is None:
        return overview(schema)
    catalog = prisma_to_catalog(schema)
    table = catalog.table(model.db_name, model.schema or catalog.default_schema)
    types = {c.name: c.display_type() for c in (table.columns if table else [])}
    facts = Facts(ROUTE, "model", subject={"model": model.name, "table": model.db_name, **_where(model.span)})
    for f in model.columns:
        facts.rows.append({"field": f.name, "column": f.db_name, "prisma": f.type_display(), "postgres": types.get(f.db_name, ""),
                           "documentation": f.documentation, **_where(f.span)})
    facts.add_names("models", [model.name])
    facts.add_names("tables", [model.db_name])
    facts.add_names("columns", [f.db_name for f in model.columns] + [f.name for f in model.columns])
    facts.add_names("files", [model.span.file])
    facts.summary = {"columns": len(model.columns), "documentation": model.documentation}
    return facts


def overview(schema) -> Facts:
    facts = Facts(ROUTE, "overview", subject={"schema": schema.path})
    for model in schema.models.values():
        facts.rows.append({"model": model.name, "table": model.db_name, "kind": model.kind, **_where(model.span)})
    for enum in schema.enums.values():
        facts.rows.append({"enum": enum.name, "values": [v.name for v in enum.values], **_where(enum.span)})
    facts.add_names("models", list(schema.models))
    facts.add_names("tables", [m.db_name for m in schema.models.values()])
    facts.add_names("enums", list(schema.enums))
    facts.add_names("files", [m.span.file for m in schema.models.values()])
    facts.summary = {"models": len(schema.tables), "views": len(schema.views), "enums": len(schema.enums),
                     "relations": len(schema.relations)}
    return facts


def model_sql(schema, model) -> Facts:
    from tools.catalog.ddl import catalog_statements
    from tools.catalog.from_prisma import prisma_to_catalog

    statements = catalog_statements(prisma_to_catalog(schema))
    if model is not None:
        quoted = f'"{model.db_name}"'
        statements = [(kind, sql) for kind, sql in statements if quoted in sql.split("(")[0] or f'ON {quoted}' in sql
                      or (f'ALTER TABLE {quoted}' in sql)]
    facts = Facts(ROUTE, "sql", subject={"model": model.name if model else None, "schema": schema.path})
    facts.artifacts["sql"] = "\n\n".join(sql for _, sql in statements)
    if model is not None:
        facts.add_names("models", [model.name])
        facts.add_names("tables", [model.db_name])
    facts.summary = {"statements": len(statements)}
    return facts


def diagram(schema, model) -> Facts:
    from tools.prisma.diagram import neighbourhood, schema_to_mermaid

    facts = Facts(ROUTE, "diagram", subject={"model": model.name if model else None, "depth": 1})
    facts.artifacts["mermaid"] = schema_to_mermaid(schema, model.name if model else None, 1)
    shown = neighbourhood(schema, model.name, 1) if model else list(schema.models)
    facts.add_names("models", shown)
    facts.summary = {"models": len(shown)}
    return facts


def search(ctx, question: str, k: int = 5) -> Facts:
    """An open question: the entries of the vector store nearest to it, each with file and line."""
    facts = Facts(ROUTE, "search", subject={"question": question})
    store = ctx.store()
    if store is None:
        facts.summary = {"indexed": False}
        facts.notes.append("no index yet: run `triple-orm index` so that open questions can be answered")
        return facts
    hits = store.search(question, k=k)
    for hit in hits:
        facts.rows.append(hit.to_dict())
        facts.add_names("files", [hit.file])
        facts.add_names("models", [hit.model] if hit.model else [])
        facts.add_names("tables", [hit.table] if hit.table else [])
    facts.summary = {"indexed": True, "hits": len(hits), "embedding": store.embedding_name}
    return facts
