"""`triple-orm chat`: talk to the agent in the terminal; every thread is kept and can be resumed.

    triple-orm chat                 # a new thread (its id is printed)
    triple-orm chat --thread a1b2   # go on where that conversation stopped: its last turns are shown
    triple-orm chat --threads       # list the stored threads, newest first

Ask in English or Vietnamese, or use a slash command for each tool: /lint [FILE], /sync [Model],
/check, /health (DATABASE_URL), /types [Model], /advise QUERY, /ask QUESTION, /index; /write writes
the generated Drizzle/Kysely files after showing what changes and asking; /thread, /help, /quit.
Answers stream as they are written; findings come as tables, SQL and TypeScript highlighted;
indexing and health checks show a progress bar. Without a model (no OPENAI_API_KEY) the chat says
so once and answers from templates filled with the same facts.

Threads live in `.triple-orm/agent.sqlite`, the lines you typed in `.triple-orm/chat_history`
(the up arrow reaches earlier sessions). Ctrl-C cancels the answer (or check) in progress and the
conversation goes on, earlier turns kept; Ctrl-C twice in a row at the prompt, or Ctrl-D, leaves. Nothing is written or applied
without confirmation; text inside schemas and migrations is data, never instructions.

Exit codes: 0 left with /quit or Ctrl-D, 64 bad flags, 65 invalid configuration,
130 left with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from agent.cli.common import add_schema_argument
from agent.cli.context import Context
from tools.errors import ExitCode

HELP = """/lint [FILE]    lint the migrations (or one file)     /check          drift: schema ⇄ database ⇄ migrations ⇄ files
/sync [Model]   what sync would write                 /health         database health (needs DATABASE_URL)
/types [Model]  Prisma, Drizzle and Kysely types      /advise QUERY   which ORM fits a query
/ask QUESTION   a schema question                     /index [hashed|minilm|openai]  index the project for open questions
/write  write the generated files (asks first)        /thread  this thread's id      /help    /quit (or Ctrl-D)
Ctrl-C cancels an answer; Ctrl-C twice at the prompt leaves. Up arrow: lines from earlier sessions.
Follow-ups: "why is that critical?", "show me the safe version", "now do it for Lesson" (also in Vietnamese)."""
NO_MODEL = ("No LLM configured: answers come from templates filled with the tools' facts. To have a model explain "
            "them, set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible local server such as Ollama or "
            "llama.cpp; TRIPLE_ORM_MODEL picks the model).")
QUIT = ("/quit", "/exit", "/q")
LOCAL = ("/help", "/thread", "/threads", "/write", "/health", "/index")
KNOWN = {"/lint", "/sync", "/check", "/types", "/advise", "/ask", *LOCAL, *QUIT}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # `--help` ends with this module's docstring: the commands, history, Ctrl-C and the exit codes
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("\n", 1)[1].strip("\n")
    add_schema_argument(parser, positional=False)
    parser.add_argument("--thread", metavar="ID", help="resume this conversation (or start one with this id)")
    parser.add_argument("--threads", action="store_true", help="list the stored conversations and exit")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from agent.cli.chat_view import TokenSink
    from agent.graph.memory import known_threads, new_thread_id, open_checkpointer
    from agent.graph.session import make_agent_context
    from agent.graph.wiring import build_graph

    console = ctx.console()
    sink = TokenSink(console)
    agent, offline = make_agent_context(ctx.config, schema=args.schema, on_token=sink)
    if args.threads:
        for thread in known_threads(agent.state_dir):
            ctx.write(thread)
        return ExitCode.OK
    chat = Chat(console, agent, build_graph(open_checkpointer(agent.state_dir)), args.thread or new_thread_id(), sink, ctx)
    chat.banner(offline is not None)
    return chat.loop()


class Chat:
    """One chat session: reads lines, runs turns in its thread, handles the local commands."""

    def __init__(self, console, agent, graph, thread: str, sink, ctx: Context) -> None:
        self.console, self.agent, self.graph, self.thread, self.sink, self.ctx = console, agent, graph, thread, sink, ctx
        self.history = InputHistory(agent.state_dir) if sys.stdin.isatty() else None

    def banner(self, offline: bool) -> None:
        from agent.graph.memory import earlier_messages

        earlier = earlier_messages(self.graph, self.thread)
        state = " (resumed)" if earlier else ""
        self.console.print(f"[bold]triple-orm chat[/] — thread {self.thread}{state}; /help for commands, /quit to leave")
        if offline:
            self.console.print(NO_MODEL, style="yellow", markup=False, highlight=False)
        else:
            from agent.llm.settings import llm_settings

            self.console.print(f"[dim]model: {llm_settings().describe()}; Ctrl-C cancels an answer[/]", highlight=False)
        if earlier:
            self._show_earlier(earlier)

    def _show_earlier(self, messages: list[dict]) -> None:
        """The end of the resumed conversation, so the person sees what 'that' will refer to."""
        self.console.print("[dim]earlier in this thread:[/]")
        for message in messages:
            text = (message.get("content") or "").strip()
            first = text.splitlines()[0] if text else ""
            who = "  you: " if message.get("role") == "user" else "     ↳ "
            more = " …" if "\n" in text else ""
            self.console.print(f"[dim]{who}{_escape(first[:150])}{more}[/]", highlight=False)

    def loop(self) -> int:
        interrupted = False  # the previous prompt was left with Ctrl-C
        while True:
            try:
                line = self._read(f"{self._prompt()}").strip()
            except EOFError:
                self.console.print()
                return ExitCode.OK
            except KeyboardInterrupt:
                self.console.print()
                if interrupted:
                    return ExitCode.INTERRUPTED
                self.console.print("[dim](Ctrl-C again to leave, or Ctrl-D; /help for commands)[/]")
                interrupted = True
                continue
            interrupted = False
            if line.split(" ", 1)[0] in QUIT:
                return ExitCode.OK
            if line:
                self.handle(line)

    def _prompt(self) -> str:
        if not (self.console.is_terminal and self.ctx.color):
            return "you> "
        # \001 and \002 tell readline that the colour codes take no room on the line (else editing a
        # long line, or going up the history, redraws it in the wrong column)
        return "\001\033[1;36m\002you>\001\033[0m\002 "

    def _read(self, prompt: str) -> str:
        line = input(prompt)
        if self.history is not None:
            self.history.save()
        return line

    def handle(self, line: str) -> None:
        command = line.split(None, 1)[0]
        if command in LOCAL:
            self._local(command, line[len(command):].strip())
        elif re.fullmatch(r"/[A-Za-z]+", command) and command not in KNOWN:
            self.console.print(f"unknown command {command}: /help lists them", markup=False)
        else:
            self.turn(line)

    def _local(self, command: str, rest: str) -> None:
        if command == "/help":
            self.console.print(HELP, markup=False, highlight=False)
        elif command == "/thread":
            self.console.print(f"thread {self.thread}: resume with `triple-orm chat --thread {self.thread}`", markup=False)
        elif command == "/threads":
            from agent.graph.memory import known_threads

            self.console.print(" ".join(known_threads(self.agent.state_dir)) or "no stored threads", markup=False)
        elif command == "/write":
            self._write_sync()
        elif command == "/health":
            self._health(rest)
        elif command == "/index":
            self._index(rest)

    def turn(self, line: str, run=None) -> None:
        """One turn through the graph in this thread (`run()` instead of the whole graph when given).
        Ctrl-C stops it and the chat goes on."""
        from agent.cli.chat_view import Activity, show_result
        from agent.graph.runner import run_turn
        from tools.errors import TripleOrmError
        from tools.health import reporting_progress

        try:
            with Activity(self.console) as activity, reporting_progress(activity.step):
                self.sink.start(activity)
                result = run() if run else run_turn(line, self.agent, graph=self.graph, thread=self.thread)
        except KeyboardInterrupt:
            self._cancelled()
            return
        except TripleOrmError as exc:
            self.sink.finish()
            self.console.print(exc.render(), markup=False)
            return
        streamed = self.sink.finish()
        show_result(self.console, result, streamed=streamed)

    def _cancelled(self) -> None:
        from agent.graph.memory import mark_cancelled

        self.sink.cancel()
        self.console.print()
        self.console.print("[yellow]cancelled[/] [dim]— the conversation goes on; earlier turns are kept[/]")
        try:
            mark_cancelled(self.graph, self.thread)
        except KeyboardInterrupt:  # a second Ctrl-C while closing the turn: the next turn starts anyway
            pass

    def _health(self, rest: str) -> None:
        """`/health`: the statistics checks of `triple-orm health` (tools.health.run_health, with the
        [tool.triple-orm.health] thresholds) on DATABASE_URL, as a turn of the thread, so that
        "why is that critical?" works after it."""
        if not os.environ.get("DATABASE_URL"):
            self.console.print("/health reads the statistics of a live database: set DATABASE_URL (read-only access "
                               "is enough) before starting the chat, or run `triple-orm health --database-url URL`",
                               markup=False, highlight=False)
            return
        line = f"/check health {rest}".strip()
        self.turn(line, run=lambda: self._health_turn(line))

    def _health_turn(self, line: str):
        """The health facts put into the thread as the drift/health tool node's output; the graph then
        goes on from there (explain, answer) as for any turn."""
        from agent.graph.capabilities.drift import health_request
        from agent.graph.router import route_request
        from agent.graph.routes import Route
        from agent.graph.runner import TurnResult
        from agent.graph.state import new_turn
        from tools.health.settings import configured_thresholds

        thresholds = configured_thresholds(self.ctx.config)
        decision = route_request(line, names=self.agent.names)
        facts = health_request(os.environ["DATABASE_URL"], self.agent, thresholds).to_dict()
        if self.agent.budget is not None:
            self.agent.budget.reset()
        self.agent.llm_down = None
        config = {"configurable": {"thread_id": self.thread}}
        self.graph.update_state(config, {**new_turn(line), "decision": decision.to_dict(), "lang": decision.lang,
                                         "facts": facts, "messages": [{"role": "user", "content": line}]},
                                as_node=Route.DRIFT_HEALTH.value)
        return TurnResult.from_state(self.graph.invoke(None, config, context=self.agent), self.thread)

    def _index(self, rest: str) -> None:
        """`/index [EMBEDDING]`: what `triple-orm index` does, with a progress bar; then open questions use it."""
        from agent.cli.chat_view import count_progress
        from agent.cli.cmd_index import index_project
        from agent.store.index import EMBEDDINGS
        from tools.errors import TripleOrmError

        if rest and rest not in EMBEDDINGS:
            self.console.print(f"/index [{'|'.join(EMBEDDINGS)}]: unknown embedding {rest!r}", markup=False)
            return
        try:
            with count_progress(self.console, "embedding") as progress:
                done = index_project(self.agent, rest or None, progress=progress)
        except KeyboardInterrupt:
            self.console.print("\n[yellow]indexing cancelled[/] [dim]— what was embedded is kept; /index goes on from there[/]")
            return
        except TripleOrmError as exc:
            self.console.print(exc.render(), markup=False)
            return
        self.agent._cache.pop("store", None)  # the next question opens the index just written
        self.console.print(done.summary(), markup=False, highlight=False)

    def _write_sync(self) -> None:
        """The only write in chat: show the plan, ask, then `write_sync` (atomic; refuses hand edits)."""
        from agent.graph.capabilities.sync import plan_project_sync
        from tools.errors import TripleOrmError
        from tools.sync import write_sync

        try:
            plan, missing = plan_project_sync(self.agent)
            changed = [f for f in plan.files if f.state != "current"]
            if not changed:
                self.console.print("the generated files are up to date: nothing to write")
                return
            for planned in changed:
                self.console.print(f"  {self.agent.relative(planned.path)}: {planned.state}", markup=False)
            answer = self._confirm(f"write these {len(changed)} files? [y/N] ")
            if answer not in ("y", "yes", "co", "có"):
                self.console.print("nothing written")
                return
            for planned in write_sync(plan).written:
                self.console.print(f"wrote {self.agent.relative(planned.path)}", markup=False)
        except TripleOrmError as exc:
            self.console.print(exc.render(), markup=False)
        except (EOFError, KeyboardInterrupt):
            self.console.print("\nnothing written")

    def _confirm(self, question: str) -> str:
        before = self.history.length() if self.history is not None else 0
        answer = input(question).strip().lower()
        if self.history is not None and self.history.length() > before:
            self.history.forget_last()  # a y/N answer is no line to find again with the up arrow
        return answer


class InputHistory:
    """The chat's input lines across sessions: readline's history, kept in `.triple-orm/chat_history`."""

    def __init__(self, state_dir) -> None:
        from agent.graph.memory import INPUT_HISTORY_LINES, input_history_path

        try:
            import readline
        except ImportError:  # no readline (some Windows Pythons): the chat works, without history
            self.readline = None
            return
        self.readline, self.path = readline, input_history_path(state_dir)
        readline.set_history_length(INPUT_HISTORY_LINES)
        try:
            readline.read_history_file(str(self.path))
        except OSError:  # none yet, or unreadable: start an empty one
            pass

    def save(self) -> None:
        """Written after every line (a killed chat keeps it), through a temporary file and a rename."""
        if self.readline is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".tmp")
            self.readline.write_history_file(str(partial))
            os.replace(partial, self.path)
        except OSError:
            pass  # a read-only project: the chat goes on without saving its history

    def length(self) -> int:
        return self.readline.get_current_history_length() if self.readline is not None else 0

    def forget_last(self) -> None:
        if self.length():
            self.readline.remove_history_item(self.length() - 1)
            self.save()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
