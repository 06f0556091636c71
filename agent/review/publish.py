"""What to post so that the pull request shows this run's findings once: plan, then execute (or print).

- The summary: the issue comment holding the marker is edited in place (PATCH), else one is posted.
- Inline comments: an earlier comment of ours with the same fingerprint on the same line stays (its
  body edited if the text changed); new findings on changed lines go out in one review (event
  COMMENT: the exit code, not the review, gates the merge); an earlier comment whose finding is
  gone, or moved to another line, is deleted, or, when someone replied to it, marked fixed and its
  thread resolved (GraphQL `resolveReviewThread`; REST cannot resolve) so the conversation stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.review.comments import MARK_PATTERN, CommentPlan, InlineComment
from agent.review.summary import MARKER

FIXED_MARK = "<!-- triple-orm:fixed {} -->"  # not MARK_PATTERN: a fixed comment is never matched again
_THREADS = """query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) {
    reviewThreads(first: 100, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes { id isResolved comments(first: 1) { nodes { databaseId } } } } } } }"""
_RESOLVE = "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }"


@dataclass
class Action:
    kind: str  # post-summary | update-summary | post-review | update-comment | delete-comment | mark-fixed | resolve-thread
    method: str  # POST | PATCH | DELETE | GRAPHQL
    path: str
    payload: dict[str, Any] | None = None
    about: str = ""  # for people: which finding or comment

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "method": self.method, "path": self.path, "payload": self.payload, "about": self.about}


@dataclass
class Existing:
    """What an earlier run left on the pull request."""

    issue_comments: list[dict] = field(default_factory=list)
    review_comments: list[dict] = field(default_factory=list)


def read_existing(gh, number: int) -> Existing:
    return Existing(gh.issue_comments(number), gh.review_comments(number))


def plan_actions(repo: str, number: int, head: str, summary: str, comments: CommentPlan, existing: Existing,
                 reviewed: bool = True) -> list[Action]:
    """`reviewed`: the pull request touched something to review; if not, no summary is posted (one that an
    earlier push left is still brought up to date)."""
    actions = [_summary_action(repo, number, summary, existing)]
    if not reviewed and actions[0].kind == "post-summary":
        actions = []
    ours: dict[str, list[dict]] = {}  # fingerprint -> our earlier top-level comments carrying it
    for comment in existing.review_comments:
        found = MARK_PATTERN.search(comment.get("body") or "")
        if found and not comment.get("in_reply_to_id"):
            ours.setdefault(found[1], []).append(comment)
    new: list[InlineComment] = []
    stale: list[dict] = []
    for wanted in comments.inline:
        earlier = ours.pop(wanted.fingerprint, [])
        kept = next((c for c in earlier if _same_place(c, wanted)), None)
        stale += [c for c in earlier if c is not kept]
        if kept is None:
            new.append(wanted)
        elif kept.get("body") != wanted.body:
            actions.append(Action("update-comment", "PATCH", f"/repos/{repo}/pulls/comments/{kept['id']}",
                                  {"body": wanted.body}, _about(wanted)))
    stale += [c for group in ours.values() for c in group]
    if new:
        body = (f"triple-orm: {len(new)} new finding(s) on changed lines; "
                "the full report is in the triple-orm review comment.")
        actions.append(Action("post-review", "POST", f"/repos/{repo}/pulls/{number}/reviews",
                              {"commit_id": head, "event": "COMMENT", "body": body, "comments": [c.payload() for c in new]},
                              ", ".join(_about(c) for c in new)))
    replied = {c["in_reply_to_id"] for c in existing.review_comments if c.get("in_reply_to_id")}
    for comment in stale:
        actions += _retire(repo, comment, head, comment["id"] in replied)
    return actions


def _summary_action(repo: str, number: int, summary: str, existing: Existing) -> Action:
    sticky = next((c for c in existing.issue_comments if MARKER in (c.get("body") or "")), None)
    if sticky is None:
        return Action("post-summary", "POST", f"/repos/{repo}/issues/{number}/comments", {"body": summary}, "summary")
    if sticky.get("body") == summary:
        return Action("summary-unchanged", "NONE", f"/repos/{repo}/issues/comments/{sticky['id']}", None, "summary")
    return Action("update-summary", "PATCH", f"/repos/{repo}/issues/comments/{sticky['id']}", {"body": summary}, "summary")


def _same_place(comment: dict, wanted: InlineComment) -> bool:
    """GitHub keeps `line` on the current diff (None once the line is outdated)."""
    return (comment.get("path") == wanted.path and comment.get("line") == wanted.line
            and comment.get("start_line") == wanted.start_line)


def _retire(repo: str, comment: dict, head: str, has_replies: bool) -> list[Action]:
    where = f"{comment.get('path')}:{comment.get('line') or comment.get('original_line')}"
    if not has_replies:
        return [Action("delete-comment", "DELETE", f"/repos/{repo}/pulls/comments/{comment['id']}", None, where)]
    body = comment.get("body") or ""
    fingerprint = MARK_PATTERN.search(body)[1]
    earlier = MARK_PATTERN.sub("", body).strip()
    fixed = (f"✅ **Fixed** as of {head[:7]}: triple-orm no longer finds this.\n\n<details><summary>The earlier comment"
             f"</summary>\n\n{earlier}\n\n</details>\n\n{FIXED_MARK.format(fingerprint)}")
    return [Action("mark-fixed", "PATCH", f"/repos/{repo}/pulls/comments/{comment['id']}", {"body": fixed}, where),
            Action("resolve-thread", "GRAPHQL", "resolveReviewThread", {"comment_id": comment["id"]}, where)]


def _about(comment: InlineComment) -> str:
    return f"{comment.finding.rule} at {comment.path}:{comment.line}"


def execute(gh, number: int, actions: list[Action]) -> list[str]:
    """Run the actions in order; returns what was done, one line each."""
    done, threads = [], None
    for action in actions:
        if action.method == "NONE":
            done.append(f"{action.about}: unchanged")
            continue
        if action.method == "GRAPHQL":
            threads = threads if threads is not None else _threads(gh, number)
            thread = threads.get(action.payload["comment_id"])
            if thread is None:
                done.append(f"no review thread found for the comment at {action.about}: left open")
                continue
            gh.graphql(_RESOLVE, {"id": thread})
        else:
            gh.call(action.method, action.path, action.payload)
        done.append(f"{action.kind}: {action.about}")
    return done


def _threads(gh, number: int) -> dict[int, str]:
    """Review comment id (REST's `id`, GraphQL's `databaseId`) -> the id of the unresolved thread it opens."""
    owner, name = gh.repo.split("/", 1)
    out, cursor = {}, None
    while True:
        data = gh.graphql(_THREADS, {"owner": owner, "name": name, "number": number, "cursor": cursor})
        threads = data["repository"]["pullRequest"]["reviewThreads"]
        for node in threads["nodes"]:
            first = node["comments"]["nodes"]
            if first and not node["isResolved"]:
                out[first[0]["databaseId"]] = node["id"]
        if not threads["pageInfo"]["hasNextPage"]:
            return out
        cursor = threads["pageInfo"]["endCursor"]
