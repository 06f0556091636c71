"""Who the review posts as: the workflow's GITHUB_TOKEN, or a GitHub App's installation token.

An App posts under its own name and can be given write access where a workflow token cannot (the
squawk action offers the same). Its token is made as GitHub documents: a JWT signed with the App's
private key (RS256, issued 60 s in the past against clock drift, valid 9 minutes) buys an
installation access token for the repository's installation.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Mapping

from tools.errors import UsageError


def github_token(env: Mapping[str, str], api: str, repo: str) -> str:
    """The token to post with: GITHUB_TOKEN (or GH_TOKEN), else the App's installation token."""
    token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN")
    if token:
        return token
    app_id, key = env.get("GITHUB_APP_ID"), env.get("GITHUB_APP_PRIVATE_KEY")
    if app_id and key:
        return installation_token(api, repo, app_id, _pem(key), env.get("GITHUB_APP_INSTALLATION_ID"))
    raise UsageError("no GitHub credentials: set GITHUB_TOKEN (in Actions: `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`), "
                     "or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY for a GitHub App",
                     help="`--dry-run --since BASE` needs no credentials: it prints what would be posted")


def _pem(value: str) -> str:
    """The private key itself, or the path of a .pem file holding it."""
    if value.lstrip().startswith("-----BEGIN"):
        return value
    path = Path(value).expanduser()
    if not path.is_file():
        raise UsageError("GITHUB_APP_PRIVATE_KEY is neither a PEM private key nor the path of one")
    return path.read_text(encoding="utf-8")


def app_jwt(app_id: str, private_key: str, now: float | None = None) -> str:
    import jwt  # PyJWT, which the mcp SDK already depends on

    issued = int(now if now is not None else time.time()) - 60
    try:
        return jwt.encode({"iat": issued, "exp": issued + 600, "iss": str(app_id)}, private_key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as error:
        raise UsageError(f"GITHUB_APP_PRIVATE_KEY cannot sign a token: {error}",
                         help="use the .pem private key GitHub generated for the App") from None


def installation_token(api: str, repo: str, app_id: str, private_key: str, installation_id: str | None = None) -> str:
    from agent.review.github import GitHub

    as_app = GitHub(api, app_jwt(app_id, private_key), repo)
    if not installation_id:
        installation_id = str(as_app.call("GET", f"/repos/{repo}/installation")["id"])
    return as_app.call("POST", f"/app/installations/{installation_id}/access_tokens")["token"]
