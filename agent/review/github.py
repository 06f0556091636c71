"""A small GitHub REST client: exactly the calls the review makes, over the standard library.

`GITHUB_API_URL` (set by Actions, and on GitHub Enterprise Server) chooses the server; the token
goes in the Authorization header only and is never part of a message. List calls follow the `Link`
header 100 items at a time. A refusal becomes a `GitHubError` (exit 69) that says what to do, never a
traceback:

- rate limits, as GitHub documents them: a 403 or 429 with `retry-after` (the secondary limit) is
  waited out and tried once more when the wait is short (`max_wait`, 60 s), otherwise refused with
  the wait; a 403/429 with `x-ratelimit-remaining: 0` (the hourly limit) names the time it resets;
- 5xx (GitHub's own trouble): a call that changes nothing or can be repeated (GET, PATCH, DELETE)
  is tried once more after a second; a POST is not, since it may have been carried out;
- 401 (the token), 403 (a permission), 404 (not there, or not visible to the token), 422 (a review
  comment on a line outside the diff: the pull request moved on since its diff was read).
"""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable

from tools.errors import ExitCode, TripleOrmError

API_VERSION = "2022-11-28"
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(TripleOrmError):
    """GitHub could not be reached, or refused a call (exit 69: nothing more was posted)."""

    exit_code = ExitCode.UNAVAILABLE

    def __init__(self, message: str, *, help: str | None = None, status: int | None = None) -> None:
        super().__init__(message, help=help)
        self.status = status


@dataclass
class GitHub:
    api: str  # e.g. https://api.github.com
    token: str | None  # None: anonymous (reads a public repository; a dry run)
    repo: str  # owner/name
    graphql_url: str | None = None  # default: derived from `api` (GITHUB_GRAPHQL_URL in Actions)
    timeout: float = 60
    max_wait: float = 60  # the longest `retry-after` waited out before one more try
    sleep: Callable[[float], None] = time.sleep

    # -- the calls ------------------------------------------------------------------------------
    def pull(self, number: int) -> dict:
        return self.call("GET", f"/repos/{self.repo}/pulls/{number}")

    def pull_files(self, number: int) -> list[dict]:
        return self.pages(f"/repos/{self.repo}/pulls/{number}/files")

    def issue_comments(self, number: int) -> list[dict]:
        return self.pages(f"/repos/{self.repo}/issues/{number}/comments")

    def create_issue_comment(self, number: int, body: str) -> dict:
        return self.call("POST", f"/repos/{self.repo}/issues/{number}/comments", {"body": body})

    def update_issue_comment(self, comment_id: int, body: str) -> dict:
        return self.call("PATCH", f"/repos/{self.repo}/issues/comments/{comment_id}", {"body": body})

    def review_comments(self, number: int) -> list[dict]:
        return self.pages(f"/repos/{self.repo}/pulls/{number}/comments")

    def create_review(self, number: int, commit_id: str, body: str, comments: list[dict]) -> dict:
        payload = {"commit_id": commit_id, "event": "COMMENT", "body": body, "comments": comments}
        return self.call("POST", f"/repos/{self.repo}/pulls/{number}/reviews", payload)

    def update_review_comment(self, comment_id: int, body: str) -> dict:
        return self.call("PATCH", f"/repos/{self.repo}/pulls/comments/{comment_id}", {"body": body})

    def delete_review_comment(self, comment_id: int) -> None:
        self.call("DELETE", f"/repos/{self.repo}/pulls/comments/{comment_id}")

    def file_at(self, path: str, ref: str) -> str | None:
        """A file's text at a commit (the pull request's base), or None when it did not exist there."""
        try:
            data = self.call("GET", f"/repos/{self.repo}/contents/{urllib.parse.quote(path)}?ref={urllib.parse.quote(ref)}")
        except GitHubError as error:
            if error.status == 404:
                return None
            raise
        if not isinstance(data, dict) or data.get("encoding") != "base64":  # a folder, or a file over 1 MB
            return None
        return base64.b64decode(data.get("content") or "").decode("utf-8-sig", errors="replace")

    def graphql(self, query: str, variables: dict[str, Any]) -> dict:
        data = self.call("POST", self._graphql_url(), {"query": query, "variables": variables})
        if data.get("errors"):
            raise GitHubError("GitHub's GraphQL API refused: " + "; ".join(e.get("message", "?") for e in data["errors"]))
        return data.get("data") or {}

    # -- plumbing ---------------------------------------------------------------------------------
    def pages(self, path: str) -> list[dict]:
        """Every item of a list endpoint, following `Link: <…>; rel="next"`."""
        url: str | None = self._url(path) + ("&" if "?" in path else "?") + "per_page=100"
        items: list[dict] = []
        while url:
            data, headers = self._send("GET", url, None)
            items += data or []
            found = _NEXT.search(headers.get("Link", ""))
            url = found[1] if found else None
        return items

    def call(self, method: str, path: str, body: dict | None = None) -> Any:
        return self._send(method, self._url(path), body)[0]

    def _url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.api.rstrip("/") + path

    def _graphql_url(self) -> str:
        if self.graphql_url:
            return self.graphql_url
        api = self.api.rstrip("/")
        # github.com: api.github.com/graphql; Enterprise Server: https://HOST/api/v3 -> https://HOST/api/graphql
        return api[: -len("/v3")] + "/graphql" if api.endswith("/api/v3") else api + "/graphql"

    def _send(self, method: str, url: str, body: dict | None) -> tuple[Any, dict]:
        for attempt in (1, 2):
            try:
                return self._once(method, url, body)
            except urllib.error.HTTPError as error:
                wait = _retry_wait(method, error, self.max_wait) if attempt == 1 else None
                if wait is None:
                    raise _refusal(method, url, error) from None
                self.sleep(wait)
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise GitHubError(f"cannot reach GitHub at {urllib.parse.urlsplit(url).netloc}: {reason}") from None
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, body: dict | None) -> tuple[Any, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION, "User-Agent": "triple-orm-review",
            **({"Authorization": f"Bearer {self.token}"} if self.token else {}),  # none: a public repository, read only
            **({"Content-Type": "application/json"} if data is not None else {})})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            raw = response.read()
            return (json.loads(raw) if raw else None), dict(response.headers)


def _retry_wait(method: str, error: urllib.error.HTTPError, max_wait: float) -> float | None:
    """Seconds to wait before the one more try this refusal deserves, or None for no retry."""
    if error.code in (403, 429):
        after = error.headers.get("retry-after")
        if after is not None and after.strip().isdigit() and int(after) <= max_wait:
            return float(after)
        return None
    if error.code >= 500 and method in ("GET", "PATCH", "DELETE", "PUT"):
        return 1.0
    return None


def _refusal(method: str, url: str, error: urllib.error.HTTPError) -> GitHubError:
    try:
        message = json.loads(error.read() or b"{}").get("message", "")
    except (ValueError, AttributeError):
        message = ""
    path = urllib.parse.urlsplit(url).path
    text = f"GitHub refused {method} {path}: {error.code} {message or error.reason}".rstrip()
    limited = _rate_limited(error)
    if limited:
        return GitHubError(f"{text}: {limited}", status=error.code,
                           help="nothing more was posted; re-run the job later (the next push does), or post as a "
                                "GitHub App, whose limit is its own")
    if error.code >= 500:
        return GitHubError(f"{text} (GitHub's own trouble{', tried twice' if method != 'POST' else ''})", status=error.code,
                           help="re-run the job; https://www.githubstatus.com says whether GitHub is down")
    return GitHubError(text, status=error.code, help=_HELP.get((error.code, "review" if path.endswith("/reviews") else "")) or _HELP.get((error.code, "")))


def _rate_limited(error: urllib.error.HTTPError) -> str | None:
    """What the rate-limit headers of a 403/429 say, or None when it is not a rate limit."""
    if error.code not in (403, 429):
        return None
    after = error.headers.get("retry-after")
    if after is not None:
        return f"GitHub's secondary rate limit: it asks to wait {after} s before the next call"
    if error.headers.get("x-ratelimit-remaining") == "0":
        reset = error.headers.get("x-ratelimit-reset")
        when = ""
        if reset and reset.isdigit():
            when = f"; it resets at {time.strftime('%H:%M:%S UTC', time.gmtime(int(reset)))}"
        return f"the API rate limit of this token ({error.headers.get('x-ratelimit-limit', '?')} calls an hour) is used up{when}"
    return None


_PERMISSION = ("the token needs `pull-requests: write` (workflow `permissions:`); a pull request from a fork gets a "
               "read-only token, so run the review with --format github annotations there, or from a "
               "`pull_request_target` workflow that does not run the fork's code")
_HELP = {
    (401, ""): "the token is wrong or has expired: in Actions pass `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`; "
               "for a GitHub App check GITHUB_APP_ID and its private key",
    (403, ""): _PERMISSION,
    (404, ""): "the repository or pull request does not exist, or the token cannot see it (check --repo and --pr; "
               "a private repository needs `contents: read` and `pull-requests: write`)",
    (422, "review"): "GitHub takes review comments only on lines of the pull request's diff: it changed after the "
                     "review read it (a newer push, whose run will post them). The summary lists every finding",
}
