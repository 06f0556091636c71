"""The deterministic router: slash command, then what was given (a file, SQL, a Prisma call), then words.

It needs no model, so the agent routes the same way offline, and it is the fallback when a model's
choice is invalid or the model cannot be reached. Follow-ups ("why is that critical?", "show me the
safe version", "now do it for Lesson") are recognised first when the conversation holds facts:
they reuse those facts instead of running a tool again.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from agent.graph.features import feature_scores, mask_negated
from agent.graph.keywords import FOLLOWUP_AGAIN, FOLLOWUP_SAFE, FOLLOWUP_WHY, keywords
from agent.graph.routes import SLASH, Route
from agent.graph.text import Request, fold, read_request

# What the given input says on its own, before any word is read (added to the keyword scores).
INPUT_WEIGHTS: dict[str, tuple[Route, float]] = {
    "sql": (Route.MIGRATION_VALIDATOR, 4.0),
    "sql_query": (Route.ORM_SELECTOR, 3.0),
    "prisma_call": (Route.ORM_SELECTOR, 4.0),
    "query_builder": (Route.ORM_SELECTOR, 3.5),
    "prisma_schema": (Route.SCHEMA_SYNC, 3.0),
    ".sql": (Route.MIGRATION_VALIDATOR, 4.0),
    ".prisma": (Route.SCHEMA_SYNC, 2.5),
    "migrations/": (Route.MIGRATION_VALIDATOR, 3.0),
}
# When two routes score the same, the one that reads nothing and changes nothing wins.
TIE_ORDER = [Route.SCHEMA_QUESTION, Route.MIGRATION_VALIDATOR, Route.TYPE_COMPARATOR, Route.ORM_SELECTOR,
             Route.DRIFT_HEALTH, Route.SCHEMA_SYNC]


@dataclass
class Decision:
    """Where a request goes and why; `followup` is why | safe | again when it reuses earlier facts."""

    route: Route | None
    source: str  # slash | input | keywords | default | followup | llm | fallback
    text: str = ""  # the request without its slash command
    followup: str | None = None
    target: str | None = None
    paths: list[str] = field(default_factory=list)
    code: str = ""
    code_kind: str | None = None
    lang: str = "en"
    intent: str | None = None  # for schema questions: references | describe | sql | diagram | count | search
    scores: dict[str, float] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)  # the shapes of sentence recognised (features.py)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["route"] = self.route.value if self.route else None
        return out


def route_request(raw: str, *, names=(), previous_route: str | None = None) -> Decision:
    """Choose a route for `raw`; `names` are the project's model and table names (to find a target;
    a list, or a function giving it, called only when the request has words), `previous_route` the
    route of the facts already in the conversation (enables follow-ups)."""
    slash, rest = _slash(raw)
    request = read_request(rest)
    if callable(names):
        names = names() if re.search(r"[A-Za-z]", request.prose) else []
    target = find_target(request, names)
    common = dict(text=rest, target=target, paths=request.paths, code=request.code, code_kind=request.code_kind,
                  lang=request.lang)
    if slash is not None:
        return Decision(slash, "slash", **common)
    if previous_route:
        followup = detect_followup(request, names)
        if followup is not None:
            kind, again_target = followup
            route = Route(previous_route)
            return Decision(route, "followup", **{**common, "target": again_target or target}, followup=kind)
    scores, features = score_with_features(request)
    best = max(TIE_ORDER, key=lambda r: (scores.get(r.value, 0.0), -TIE_ORDER.index(r)))
    if scores.get(best.value, 0.0) <= 0:
        return Decision(Route.SCHEMA_QUESTION, "default", **common, scores=scores, features=features)
    source = "input" if _input_route(request) == best and scores[best.value] - _input_weight(request) < 2 else "keywords"
    return Decision(best, source, **common, scores=scores, features=features)


def _slash(raw: str) -> tuple[Route | None, str]:
    match = re.match(r"^\s*/(\w+)\b\s*(.*)$", raw, re.S)
    if match and match.group(1).lower() in SLASH:
        return SLASH[match.group(1).lower()], match.group(2).strip()
    return None, raw.strip()


def score(request: Request) -> dict[str, float]:
    """Weights per route: keywords, sentence features, and what was given (file kind, pasted code)."""
    return score_with_features(request)[0]


def score_with_features(request: Request) -> tuple[dict[str, float], list[str]]:
    """`score`, and the names of the features that fired. Negated tool verbs are masked first."""
    words = mask_negated(request.folded)
    scores = {route.value: _keyword_total(words, route) for route in Route}
    from_features, features = feature_scores(words)
    for route, weight in from_features.items():
        scores[route] += weight
    given = _input_route(request)
    if given is not None:
        scores[given.value] += _input_weight(request)
    return {k: round(v, 2) for k, v in scores.items() if v}, features


def _keyword_total(words: str, route: Route) -> float:
    return sum(weight for pattern, weight in keywords()[route] if pattern.search(words))


def _input_key(request: Request) -> str | None:
    if request.code_kind:
        return request.code_kind
    for path in request.paths:
        if path.endswith(".sql"):
            return ".sql"
        if path.endswith(".prisma"):
            return ".prisma"
    if re.search(r"\bmigrations/", request.prose):
        return "migrations/"
    return None


def _input_route(request: Request) -> Route | None:
    key = _input_key(request)
    return INPUT_WEIGHTS[key][0] if key else None


def _input_weight(request: Request) -> float:
    key = _input_key(request)
    return INPUT_WEIGHTS[key][1] if key else 0.0


def detect_followup(request: Request, names: list[str]) -> tuple[str, str | None] | None:
    """('why' | 'safe' | 'again', target) when the request only makes sense against earlier facts."""
    if request.code or len(request.folded.split()) > 14:
        return None
    again = FOLLOWUP_AGAIN.match(request.folded)
    if again:
        said = again.group("target") or again.group("vi_target")
        target = _match_name(said, names) if names else said
        if target:
            return "again", target
    if FOLLOWUP_SAFE.search(request.folded):
        return "safe", None
    if FOLLOWUP_WHY.match(request.folded):
        return "why", None
    return None


def find_target(request: Request, names: list[str]) -> str | None:
    """The first project model or table named in the request's words ('Lesson', 'behavior_logs')."""
    for word in re.findall(r"[A-Za-z_][\w]*", request.prose):
        found = _match_name(word, names)
        if found:
            return found
    return None


def _match_name(word: str, names: list[str]) -> str | None:
    """Case-insensitive, and a plural or a table name finds its model ('lessons' -> Lesson)."""
    lowered = fold(word).strip(".")
    by_fold = {fold(n): n for n in names}
    for candidate in (lowered, lowered[:-1] if lowered.endswith("s") else None, lowered[:-2] if lowered.endswith("es") else None):
        if candidate and candidate in by_fold:
            return by_fold[candidate]
    return None
