"""`triple-orm ask "QUESTION"`: one request, one answer, for scripts and quick questions.

    triple-orm ask "/lint"                                # slash commands force a route
    triple-orm ask "which tables reference User?"
    triple-orm ask "bảng nào tham chiếu tới User?" --json # the route taken, the facts and the answer
    triple-orm ask "why is that critical?" --thread a1b2  # follow-ups need a thread

With --json stdout is one JSON object: `route` and `route_source` (slash, input, keywords, followup,
llm, fallback), `decision`, `facts` (the tool's typed result: kind, findings, rows, artifacts,
summary), `answer` and `answer_source` (template, llm, template-fallback), `notes`, `usage` (model
calls and tokens), `grounding` and `thread`. Notes for people go to stderr.

Offline (no OPENAI_API_KEY) and without --thread the turn runs the graph's nodes in a plain loop,
so the first line prints within a second; with a model or a thread it runs through LangGraph.
Exit codes: 0 answered (findings are part of the answer, not a failure), 64 bad flags, 65 invalid
schema, migration or configuration, 66 missing input, 69 a database the request needs cannot be
reached, or --require-model and the model is not configured or could not be reached, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys

from agent.cli.common import add_schema_argument
from agent.cli.context import Context, add_format_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # `--help` ends with this module's docstring: the commands, history, Ctrl-C and the exit codes
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("\n", 1)[1].strip("\n")
    parser.add_argument("question", metavar="QUESTION", help="what to ask (a slash command /lint /sync /check /types /advise /ask forces the route)")
    add_schema_argument(parser, positional=False)
    parser.add_argument("--thread", metavar="ID", help="continue (or start) this conversation; follow-ups need one")
    parser.add_argument("--require-model", action="store_true",
                        help="exit 69 unless a model is configured and answered (no silent template answer)")
    add_format_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.graph.session import agent_context
    from tools.errors import ExitCode

    json_output = ctx.output_format(args) == "json"
    streaming = not json_output and hasattr(ctx.out, "isatty") and ctx.out.isatty()
    agent = agent_context(args, ctx, on_token=_writer(ctx) if streaming else None)
    if args.require_model and agent.llm is None:
        ctx.note("error: --require-model, but no model is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                 "local server), and unset TRIPLE_ORM_OFFLINE")
        return ExitCode.UNAVAILABLE
    result = _turn(args, agent)
    if json_output:
        ctx.write_json(result.to_dict())
    else:
        _print(result, ctx, streamed=streaming and result.answer_source == "llm")
    if args.require_model and agent.llm_down:
        ctx.note(f"error: --require-model, but the model could not be used: {agent.llm_down}")
        return ExitCode.UNAVAILABLE
    return int((result.facts.get("summary") or {}).get("exit_code", 0)) if result.facts.get("kind") == "error" else 0


def _turn(args: argparse.Namespace, agent):
    from agent.graph.runner import run_turn

    if args.thread is None and not agent.online:
        return run_turn(args.question, agent)
    from agent.graph.memory import new_thread_id, open_checkpointer
    from agent.graph.wiring import build_graph

    graph = build_graph(open_checkpointer(agent.state_dir))
    return run_turn(args.question, agent, graph=graph, thread=args.thread or new_thread_id())


def _writer(ctx: Context):
    def write(text: str) -> None:
        ctx.out.write(text)
        ctx.out.flush()

    return write


def _print(result, ctx: Context, streamed: bool) -> None:
    if streamed:
        ctx.out.write("\n")
    else:
        ctx.write(result.answer)
    for note in result.notes:
        ctx.note(note)
    if result.usage.get("calls"):
        ctx.note(f"model: {result.usage['calls']} calls, {result.usage['input_tokens']} tokens in, "
                 f"{result.usage['output_tokens']} out")
    if result.thread:
        ctx.note(f"thread {result.thread} (follow up with --thread {result.thread})")
    sys.stdout.flush()
