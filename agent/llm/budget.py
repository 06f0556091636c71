"""A bounded number of model calls per turn, and the tokens they used.

Each call is counted before it is made; past the limit the turn finishes without the model (rules
and templates). Token use comes from each response's `usage_metadata` (streamed responses carry it
in their last chunk when `stream_usage` is on).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class BudgetExceeded(Exception):
    """No model call is left for this turn."""


@dataclass
class CallBudget:
    max_calls: int
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    by_step: list[dict] = field(default_factory=list)

    def spend(self, step: str) -> None:
        if self.calls >= self.max_calls:
            raise BudgetExceeded(f"the turn has used its {self.max_calls} model calls")
        self.calls += 1
        self.by_step.append({"step": step, "input_tokens": 0, "output_tokens": 0})

    def record(self, message) -> None:
        """Add the usage of the response to the last call."""
        usage = getattr(message, "usage_metadata", None) or {}
        if not usage and self.by_step:
            # llama.cpp's server sends no usage in a stream, even when asked: say so, never guess
            self.by_step[-1]["usage_reported"] = False
            return
        inp, out = int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0)
        self.input_tokens += inp
        self.output_tokens += out
        if self.by_step:
            self.by_step[-1]["input_tokens"] += inp
            self.by_step[-1]["output_tokens"] += out

    def reset(self) -> None:
        self.calls, self.input_tokens, self.output_tokens, self.by_step = 0, 0, 0, []

    def to_dict(self) -> dict:
        return {"calls": self.calls, "max_calls": self.max_calls, "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens, "steps": list(self.by_step),
                "complete": all(step.get("usage_reported", True) for step in self.by_step)}
