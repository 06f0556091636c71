"""The agent: a LangGraph state machine over triple-orm's tools.

    route ──► schema_sync | migration_validator | drift_health | type_comparator | orm_selector
          │   | schema_question ──► explain ──► answer
          └─► followup (why / safe version, from earlier facts) ──► explain

One subject per module: `routes` (the route enum and slash commands), `text` and `keywords` (how a
request is read), `router` (the deterministic router), `state`, `context`, `facts` (typed results),
`capabilities/` (the calls into tools/), `nodes/`, `render` and `templates` (answers from
`prompts/`), `grounding` (the check of an LLM answer), `wiring` (the topology), `memory` (the
SQLite checkpointer) and `runner` (one turn).
"""
