"""What `require-lock-timeout` and `require-statement-timeout` share: "SET x before the first risky statement".

Both report once per migration, at the first statement that needs the setting, unless a
`SET [LOCAL] <setting> = <non-zero>` came before it. Every other statement gets a recorded
exemption saying why it was not the one (the parity eval shows them next to squawk's choice).
"""

from __future__ import annotations

from typing import Any

from tools.lint.rule import Rule

QUIET_KINDS = ("VariableSetStmt", "TransactionStmt")  # statements no timeout rule would point at


def sets_setting(stmt, name: str) -> bool:
    """`SET [LOCAL] name = <non-zero>` (0 means no timeout at all)."""
    if stmt.kind != "VariableSetStmt" or stmt.node.get("name") != name:
        return False
    if stmt.node.get("kind") not in ("VAR_SET_VALUE", None):
        return False
    values = [a.get("A_Const", {}) for a in stmt.node.get("args") or ()]
    texts = [str(v.get("sval", {}).get("sval", v.get("ival", {}).get("ival", 0))) for v in values]
    return bool(texts) and texts[0] not in ("0", "")


class MissingTimeout(Rule):
    """A rule that wants `setting` set before the first statement `hazard` finds."""

    on = ("*",)
    setting = ""
    no_hazard = ""  # the exemption recorded for statements that do not need the setting

    def hazard(self, stmt, ctx) -> Any:
        """What makes this statement need the setting, or None."""
        raise NotImplementedError

    def report_hazard(self, stmt, ctx, hazard: Any) -> None:
        raise NotImplementedError

    def check(self, stmt, ctx):
        state = ctx.notes(self.id)
        if state.get("done"):
            if ctx.exemptions is not None and state.get("at") is not None and stmt.kind not in QUIET_KINDS:
                ctx.exempt(self, stmt, f"reported once per migration, at statement {state['at'] + 1}")
            return
        if sets_setting(stmt, self.setting):
            state["done"] = True
            return
        found = self.hazard(stmt, ctx)
        if found is None:
            if stmt.kind not in QUIET_KINDS:
                ctx.exempt(self, stmt, self.no_hazard)
            return
        state["done"], state["at"] = True, stmt.index
        self.report_hazard(stmt, ctx, found)
