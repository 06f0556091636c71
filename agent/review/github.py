"""A small GitHub REST client: exactly the calls the review makes, over the standard library.

`GITHUB_API_URL` (set by Actions, and on GitHub Enterprise Server) chooses the server; the token
goes in the Authorization header only and is never part of a message. List calls follow the `Link`
header 100 items at a time. A refusal becomes a `GitHubError` that says which permission is missing.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from tools.errors import ExitCode, TripleOrmError

API_VERSION = "2022-11-28"
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(TripleOrmError):
    """GitHub could not be reached, or refused a call (exit 69: nothing more was posted)."""

    exit_code = ExitCode.UNAVAILABLE


@dataclass
class GitHub:
    api: str  # e.g. https://api.github.com
    token: str
    repo: str  # owner/name
    graphql_url: str | None = None  # default: derived from `api` (GITHUB_GRAPHQL_URL in Actions)
    timeout: float = 60

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
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": API_VERSION, "User-Agent": "triple-orm-review",
            **({"Content-Type": "application/json"} if data is not None else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                return (json.loads(raw) if raw else None), dict(response.headers)
        except urllib.error.HTTPError as error:
            raise _refusal(method, url, error) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GitHubError(f"cannot reach GitHub at {urllib.parse.urlsplit(url).netloc}: {reason}") from None


def _refusal(method: str, url: str, error: urllib.error.HTTPError) -> GitHubError:
    try:
        message = json.loads(error.read() or b"{}").get("message", "")
    except (ValueError, AttributeError):
        message = ""
    path = urllib.parse.urlsplit(url).path
    text = f"GitHub refused {method} {path}: {error.code} {message or error.reason}".rstrip()
    if error.code in (401, 403, 404):
        return GitHubError(text, help="the token needs `pull-requests: write` (workflow `permissions:`); a pull request "
                                      "from a fork gets a read-only token, so run the review with --format github "
                                      "annotations there, or from a `pull_request_target` workflow that does not run the fork's code")
    return GitHubError(text)
