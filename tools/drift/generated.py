"""Is a Drizzle or Kysely file one `triple-orm sync` wrote, and is it still what sync would write?

`generated_state(schema, kind, path, …)` asks the sync planner (`tools.sync.plan_sync`, with the
project's `[tool.triple-orm.sync]` options and the schema label sync puts in the header) what it
would write now, and compares with the file by the content hash in its header
(`tools.sync.stamp`): `missing`, `current`, `stale` (ours, untouched, out of date: the fix is
`triple-orm sync`), `edited` (ours, changed by hand), `foreign` (not written by triple-orm). Only an
untouched file of ours needs the generator run to tell `current` from `stale`; the header alone
tells the other states.

`settle(comparison, state, path)` then shapes a comparison's findings by that state: a stale file
is one finding (`generated-file-stale`, with the differences it explains in its data) rather than
one per column, since one command fixes them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.drift.history import display_path
from tools.drift.results import Comparison
from tools.drift.rules import RULES
from tools.errors import TripleOrmError
from tools.findings import Finding, Location, Severity

FIX = "triple-orm sync"


def generated_state(schema: Any, kind: str, path: Path, *, options: Any = None, source: str | None = None) -> tuple[str, str]:
    """(state, note) of the file at `path` for generator `kind` ("drizzle" or "kysely")."""
    if not path.is_file():
        return "missing", ""
    from tools.sync import plan_sync
    from tools.sync.stamp import content_hash, recorded_hash

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return "unknown", f"could not read {display_path(path)}: {error}"
    recorded = recorded_hash(text)
    if recorded is None:
        return "foreign", ""
    if recorded != content_hash(text):
        return "edited", ""  # the header's hash says so; no need to run the generator
    try:
        outputs = {"drizzle_out": path} if kind == "drizzle" else {"kysely_out": path}
        plan = plan_sync(schema, source=source, options=options, **outputs)
    except TripleOrmError as error:
        return "unknown", f"could not tell whether the file is current: {error.message}"
    return plan.files[0].state, ""


def settle(comparison: Comparison, state: str, path: Path, what: str) -> None:
    """Shape `comparison`'s findings by the file's state (see the module docstring)."""
    shown = display_path(path)
    if state == "missing":
        rule = RULES["generated-file-missing"]
        comparison.findings = [Finding(rule.id, rule.severity, f"the {what} file {shown} does not exist",
                                       f"`{FIX}` writes it", Location(shown, 1, 1),
                                       data={"comparison": comparison.name, "group": rule.group, "fix": FIX})]
        comparison.compared["files"] = 1
    elif state == "stale":
        rule = RULES["generated-file-stale"]
        differences = [f"{f.rule}: {f.message}" for f in comparison.findings if f.severity != Severity.INFO]
        message = (f"{shown} was written by triple-orm sync and is out of date: "
                   + (f"{len(differences)} difference(s)" if differences else
                      "what it declares agrees, but sync would now write it differently"))
        comparison.findings = [Finding(rule.id, rule.severity if differences else Severity.LOW, message,
                                       f"run `{FIX}`", Location(shown, 1, 1),
                                       data={"comparison": comparison.name, "group": rule.group, "fix": FIX,
                                             "differences": differences})]
    elif state == "edited":
        comparison.notes.append(f"{shown} was edited by hand since triple-orm sync wrote it "
                                "(sync refuses to overwrite it without --force)")
    elif state == "foreign":
        comparison.notes.append(f"{shown} was not written by triple-orm sync: compared as written")
