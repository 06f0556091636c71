"""`triple-orm advise`: which ORM should run a query, why, and the query written in it.

    triple-orm advise 'prisma.behaviorLog.create({ data: … })'     # a Prisma call, SQL, Drizzle/Kysely code
    triple-orm advise --file report.sql --all                     # all three side by side
    triple-orm advise "đếm số bài học hoàn thành theo từng ngôn ngữ"  # a sentence (EN or VI)
    triple-orm advise --scan apps/api/src                         # every query of the project
    triple-orm advise --json …                                    # recommended ORM, features, reasons, code

A sentence is decided offline from its words; with an LLM configured (OPENAI_API_KEY, see the
agent) the model also writes the query, and the code it writes is kept only when the advisor's own
reader finds a query of the recommended ORM in it, with every table and column resolved against the
schema. Exit codes: 0 advice given (scan: no finding at or above --fail-on), 1 scan findings at or
above --fail-on, 64 usage, 65 unreadable input, 66 missing file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Callable

from agent.cli.common import add_schema_argument, load_project_schema
from agent.cli.context import Context, add_format_argument

SCAN_FORMATS = ("text", "json", "sarif", "rdjson", "gitlab", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="QUERY",
                        help="the query: a Prisma call, SQL, a Drizzle or Kysely snippet, or a sentence ('-': stdin)")
    parser.add_argument("--file", metavar="PATH", help="read the query from a file (.ts, .sql, .txt)")
    parser.add_argument("--kind", choices=("prisma", "drizzle", "kysely", "sql", "intent"),
                        help="how to read the query (default: recognised from the text)")
    parser.add_argument("--all", action="store_true", help="write the query in all three ORMs, side by side")
    parser.add_argument("--scan", nargs="?", const=".", metavar="DIR",
                        help="scan the project's TypeScript under DIR (default: the project root) instead")
    parser.add_argument("--fail-on", default=None, metavar="SEVERITY",
                        help="scan: exit 1 when a finding is at least this severe (default HIGH)")
    add_schema_argument(parser, positional=False)
    add_format_argument(parser, SCAN_FORMATS)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from tools.advise.matrix import load_matrix
    from tools.advise.names import project_names

    schema = load_project_schema(args, ctx)
    section = ctx.config.section("advise")
    matrix = load_matrix(section)
    names = project_names(schema, ctx.config, section)
    if args.scan is not None:
        return _scan(args, ctx, schema, matrix, names)
    return _advise(args, ctx, schema, matrix, names)


# -- one query ------------------------------------------------------------------------------------

def _advise(args, ctx: Context, schema, matrix, names) -> int:
    from tools.advise.advisor import advise
    from tools.errors import UsageError

    fmt = ctx.output_format(args, "advise")
    if fmt not in ("text", "json"):
        raise UsageError(f"--format {fmt} is for --scan", help="advice on one query is text or json")
    text, path = _read_query(args)
    advice = advise(text, schema, kind=args.kind, matrix=matrix, names=names, all_orms=args.all, path=path)
    if advice.input.kind == "intent":
        _intent_with_llm(advice, schema, names, ctx)
    if fmt == "json":
        ctx.write_json(advice.to_dict())
    else:
        _render_advice(ctx, advice)
    return 0


def _read_query(args) -> tuple[str, str]:
    from tools.errors import InputNotFound, UsageError

    if args.file and args.query:
        raise UsageError("give the query or --file, not both")
    if args.file:
        path = Path(args.file)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except FileNotFoundError:
            raise InputNotFound(f"{path}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputNotFound(f"{path}: cannot be read ({error})") from None
    if args.query == "-" or (args.query is None and not sys.stdin.isatty()):
        return sys.stdin.read(), "<stdin>"
    if not args.query:
        raise UsageError("nothing to advise on", help="give a query, --file PATH, or --scan [DIR]")
    return args.query, "<query>"


def _render_advice(ctx: Context, advice) -> None:
    from rich.markup import escape

    console = ctx.console()
    decision = advice.decision
    title = {"prisma": "Prisma", "drizzle": "Drizzle", "kysely": "Kysely"}
    scores = ", ".join(f"{title[o]} {s}" for o, s in decision.scores.items())
    also = [title[o] for o in decision.acceptable[1:]]
    console.print(f"[bold]Recommended: {title[decision.orm]}[/]" + (f" (as good: {', '.join(also)})" if also else "")
                  + f"  [dim]scores: {scores}[/]")
    console.print(f"[dim]read as:[/] {_kind_label(advice.input)}")
    summary = advice.features.summary()
    console.print("[dim]features:[/] " + escape("; ".join(summary) if summary else "nothing decisive"))
    console.print("[dim]why:[/]")
    for reason in decision.reasons:
        mark = "+" if decision.orm in reason.orm else "·"
        console.print(f"  {mark} {escape(reason.text)}  [dim]({reason.rule}, +{reason.weight} "
                      f"{'/'.join(title[o] for o in reason.orm)})[/]")
    _render_code(ctx, advice, title)
    for orm, why in advice.not_written.items():
        console.print(f"[yellow]{title[orm]}: not written[/]: {escape(why)}")
    if advice.ask:
        console.print(f"\n{escape(advice.ask)}")


def _kind_label(query_input) -> str:
    labels = {"prisma": "a Prisma Client call", "drizzle": "a Drizzle query", "kysely": "a Kysely query",
              "sql": "SQL", "intent": "a sentence"}
    label = labels[query_input.kind]
    if query_input.intent is not None:
        label += " (Vietnamese)" if query_input.intent.language == "vi" else " (English)"
    if query_input.sql is not None and query_input.kind != "sql":
        label += " with raw SQL"
    return label


def _render_code(ctx: Context, advice, title: dict[str, str]) -> None:
    from rich.columns import Columns
    from rich.markup import escape
    from rich.panel import Panel
    from rich.syntax import Syntax

    console = ctx.console()
    panels = []
    for orm, written in advice.code.items():
        body = Syntax(written.text(), "typescript", theme="ansi_dark", word_wrap=True) if ctx.color else written.text()
        notes = "".join(f"\n// {n}" for n in written.notes)
        heading = f"{title[orm]}" + (" (recommended)" if orm == advice.decision.orm and len(advice.code) > 1 else "")
        if len(advice.code) > 1 and console.width >= 150:
            panels.append(Panel(body if not notes else f"{escape(written.text())}\n[dim]{escape(notes)}[/]",
                                title=heading, expand=True))
        else:
            console.print(f"\n[bold]{heading}[/]")
            console.print(body)
            if notes:
                console.print(f"[dim]{escape(notes.lstrip())}[/]")
    if panels:
        console.print(Columns(panels, equal=True, expand=True))


# -- the LLM seam for sentences ----------------------------------------------------------------------

INTENT_PROMPT = """You write one {orm} query in TypeScript for a PostgreSQL database.
Use only these tables and columns ({orm} names):
{tables}
Import from: {imports}. The client variable is `{client}`.
Reply with the code only, in one ```ts block.

Request: {request}"""


def intent_prompt(advice, schema, names) -> str:
    """The prompt that asks a model to write the query for a sentence (facts only: names and imports)."""
    from tools.advise.written import ORM_TITLES

    orm = advice.decision.orm
    named = [schema.models[m] for m in advice.features.tables if m in schema.models]
    # the models named and their neighbours ("lessons completed" lives in the behaviour log of Lesson)
    models = list(dict.fromkeys(named + [schema.models[f.type] for m in named for f in m.relation_fields
                                         if f.type in schema.models])) or list(schema.models.values())
    lines = [_table_line(model, orm, names) for model in models[:12]]
    imports = {"prisma": "the project's Prisma Client", "drizzle": f"drizzle-orm and {names.drizzle_module}",
               "kysely": f"kysely and {names.kysely_module}"}[orm]
    return INTENT_PROMPT.format(orm=ORM_TITLES[orm], tables="\n".join(lines), imports=imports,
                                client=names.clients[orm], request=advice.input.original.strip())


def _table_line(model, orm: str, names) -> str:
    if orm == "kysely":
        return f"- {names.kysely_table(model)}: " + ", ".join(names.kysely_column(f) for f in model.columns)
    if orm == "drizzle":
        return f"- {names.drizzle_table(model)}: " + ", ".join(names.drizzle_column(f) for f in model.columns)
    return f"- prisma.{names.prisma_model(model)}: " + ", ".join(f.name for f in model.fields)


def write_intent_with_llm(advice, schema, names, complete: Callable[[str], str]) -> dict[str, Any]:
    """Ask `complete(prompt) -> reply` for the query, and keep it only if the advisor can read it back.

    The agent's ORM-selector node calls this with its chat model; `advise` calls it when an LLM is
    configured. Returns {"code": …} when the reply holds a query of the recommended ORM whose
    tables and columns all exist in the schema, else {"rejected": why}. The decision never changes.
    """
    from tools.advise.advisor import read_code_input
    from tools.advise.ir import Unwritable
    from tools.errors import TripleOrmError

    orm = advice.decision.orm
    reply = complete(intent_prompt(advice, schema, names))
    match = re.search(r"```(?:ts|typescript|js)?\s*\n(.*?)```", reply, re.S)
    code = (match.group(1) if match else reply).strip()
    try:
        read = read_code_input(code, schema, "<llm>", orm)
    except (TripleOrmError, Unwritable) as error:
        return {"rejected": f"the model's code could not be read: {error}"}
    if read is None:
        return {"rejected": f"the model's reply holds no {orm} query"}
    if read.query is None and read.sql is None:
        return {"rejected": f"the model's query names something the schema does not have ({read.not_modelled})"}
    return {"code": code}


def _intent_with_llm(advice, schema, names, ctx: Context) -> None:
    """With an LLM configured, let it write the query for a sentence (checked before it is shown)."""
    try:
        from agent.llm.settings import llm_settings
    except ImportError:  # the agent layer is not installed: offline
        return
    settings = llm_settings()
    if settings is None:
        return
    from agent.llm.client import LLMUnavailable, is_unreachable, make_chat_model
    from tools.advise.written import Written

    model = make_chat_model(settings)
    try:
        result = write_intent_with_llm(advice, schema, names, lambda prompt: str(model.invoke(prompt).content))
    except Exception as error:  # an unreachable model is not the user's error: advise offline
        if not is_unreachable(error) and not isinstance(error, LLMUnavailable):
            raise
        ctx.note(f"the LLM could not be reached ({type(error).__name__}); advice given offline")
        return
    if "code" in result:
        orm = advice.decision.orm
        advice.code[orm] = Written(orm, result["code"], notes=[f"written by {settings.describe()}, checked against the schema"],
                                   client=names.clients[orm])
        advice.ask = None
    else:
        advice.not_written[advice.decision.orm] = result["rejected"]


# -- the project scan ------------------------------------------------------------------------------

def _scan(args, ctx: Context, schema, matrix, names) -> int:
    from tools.advise.scan import infer_clients, scan_project
    from tools.errors import ExitCode
    from tools.findings import Severity
    from tools.report import ToolInfo, render

    fmt = ctx.output_format(args, "advise")
    root = Path(args.scan) if args.scan != "." else Path(ctx.config.root)
    names.clients.update(infer_clients(root))
    report = scan_project(root, schema, names=names, matrix=matrix, display_base=Path.cwd(),
                          project_root=Path(ctx.config.root))
    fail_on = Severity.parse(args.fail_on or ctx.config.section("advise").get("fail_on") or "HIGH")
    summary = {"files scanned": report.files, "queries found": len(report.queries),
               "queries to move": sum(1 for q in report.queries if q.get("finding"))}
    if fmt == "json":
        ctx.write_json({**report.to_dict(), "summary": summary})
    else:
        tool = ToolInfo("triple-orm advise", _version())
        ctx.out.write(render(report.findings, fmt, tool=tool, base=Path.cwd(), summary=summary, color=ctx.color))
    for problem in report.problems:
        ctx.note(f"warning: {problem}")
    return ExitCode.FINDINGS if any(f.severity.at_least(fail_on) for f in report.findings) else ExitCode.OK


def _version() -> str:
    from tools import __version__

    return __version__
