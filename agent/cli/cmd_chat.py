"""`triple-orm chat`: talk to the agent in the terminal; every thread is kept and can be resumed.

    triple-orm chat                 # a new thread (its id is printed)
    triple-orm chat --thread a1b2   # go on where that conversation stopped, facts included
    triple-orm chat --threads       # list the stored threads

In the chat: slash commands force a route (/lint /sync /check /types /advise /ask), /write writes
the generated Drizzle/Kysely files after showing what changes and asking, /thread prints the
thread id, /help, /quit. Nothing is written or applied without that confirmation; text inside
schemas and migrations is data, never instructions. Exit codes: 0, 64 bad flags, 130 interrupted.
"""

from __future__ import annotations

import argparse

from agent.cli.common import add_schema_argument
from agent.cli.context import Context

HELP = """/lint [file]  lint migrations      /sync [Model]  what sync would write   /check  drift (DATABASE_URL)
/types  type comparison           /advise  ORM advice                   /ask  a schema question
/write  write the generated files (asks first)    /thread  this thread's id    /quit
Follow-ups: "why is that critical?", "show me the safe version", "now do it for Lesson" (also in Vietnamese)."""

def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_schema_argument(parser, positional=False)
    parser.add_argument("--thread", metavar="ID", help="resume this conversation")
    parser.add_argument("--threads", action="store_true", help="list the stored conversations and exit")

def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.graph.memory import known_threads, new_thread_id, open_checkpointer
    from agent.graph.session import agent_context
    from agent.graph.wiring import build_graph

    console = ctx.console()
    streamed: list[str] = []
    agent = agent_context(args, ctx, on_token=lambda t: (streamed.append(t), console.print(t, end="", markup=False)))
    if args.threads:
        for thread in known_threads(agent.state_dir):
            ctx.write(thread)
        return 0
    thread = args.thread or new_thread_id()
    graph = build_graph(open_checkpointer(agent.state_dir))
    resumed = " (resumed)" if args.thread else ""
    console.print(f"[bold]triple-orm chat[/] — thread {thread}{resumed}; /help for commands, /quit to leave")
    while True:
        try:
            line = console.input("[bold cyan]you>[/] ").strip()
        except EOFError:
            console.print()
            return 0
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            return 0
        if not _local_command(line, console, agent, thread, ctx):
            streamed.clear()
            _turn(line, agent, graph, thread, console, streamed)

def _local_command(line: str, console, agent, thread: str, ctx: Context) -> bool:
    if line == "/help":
        console.print(HELP, markup=False)
    elif line == "/thread":
        console.print(f"thread {thread}: resume with `triple-orm chat --thread {thread}`", markup=False)
    elif line == "/write":
        _write_sync(console, agent)
    else:
        return False
    return True

def _turn(line: str, agent, graph, thread: str, console, streamed: list[str]) -> None:

    from agent.graph.runner import run_turn
    from tools.errors import TripleOrmError

    try:
        result = run_turn(line, agent, graph=graph, thread=thread)
    except TripleOrmError as exc:
        console.print(exc.render(), markup=False)
        return
    if streamed:
        console.print()
    if result.answer_source != "llm" or not streamed:
        console.print(result.answer, markup=False, highlight=False)
    for note in result.notes:
        console.print(f"[dim]{note}[/]")
    if result.usage.get("calls"):
        console.print(f"[dim]model: {result.usage['calls']} calls, {result.usage['input_tokens']} tokens in, "
                      f"{result.usage['output_tokens']} out[/]")

def _write_sync(console, agent) -> None:
    """The only write in chat: show the plan, ask, then `write_sync` (atomic; refuses hand edits)."""
    from agent.graph.capabilities.sync import plan_project_sync
    from tools.errors import TripleOrmError
    from tools.sync import write_sync

    try:
        plan, missing = plan_project_sync(agent)
        changed = [f for f in plan.files if f.state != "current"]
        if not changed:
            console.print("the generated files are up to date: nothing to write")
            return
        for planned in changed:
            console.print(f"  {agent.relative(planned.path)}: {planned.state}", markup=False)
        answer = console.input(f"write these {len(changed)} files? [y/N] ").strip().lower()
        if answer not in ("y", "yes", "co", "có"):
            console.print("nothing written")
            return
        result = write_sync(plan)
        for planned in result.written:
            console.print(f"wrote {agent.relative(planned.path)}", markup=False)
    except TripleOrmError as exc:
        console.print(exc.render(), markup=False)
    except EOFError:
        console.print("\nnothing written")
