"""The remote's one page: HTML, style and script in a single response; and the page
a refused pairing link opens instead.

The page loads nothing from anywhere: its style and script are inline, and the
Content-Security-Policy sent with it lets the browser run only those two blocks
(each carries a nonce made fresh for every response) and talk only to the server it
came from. The files live beside this module in ``static/`` and are read once.
"""

from __future__ import annotations

import secrets
from functools import cache
from importlib.resources import files

# Everything is refused unless named: the inline style and script by nonce, the live
# stream and the commands to this server only, the empty inline icon (without one the
# browser asks the server for /favicon.ico), no frames, forms, plugins or base URL.
POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# Every other response (a refusal, the stream) may not run or load anything at all.
LOCKED_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# The refused link's page: its inline style and nothing else.
REFUSED_POLICY = (
    "default-src 'none'; style-src 'nonce-{nonce}'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@cache
def _template() -> str:
    folder = files("glutetui.remote").joinpath("static")
    html = folder.joinpath("page.html").read_text(encoding="utf-8")
    style = folder.joinpath("page.css").read_text(encoding="utf-8")
    script = folder.joinpath("page.js").read_text(encoding="utf-8")
    # The script and style are ours; a stray closing tag in them would end the block early.
    for text in (style, script):
        if "</" in text:
            raise ValueError("an inline block may not contain '</'")
    return html.replace("__STYLE__", style).replace("__SCRIPT__", script)


def render(form_key: str) -> tuple[bytes, str]:
    """The page for the paired phone, carrying its anti-forgery value, and the policy
    to send with it."""
    if not form_key.replace("-", "").replace("_", "").isalnum():
        raise ValueError("the anti-forgery value must be URL-safe base64")
    nonce = secrets.token_urlsafe(18)
    html = _template().replace("__NONCE__", nonce).replace("__FORM_KEY__", form_key)
    return html.encode("utf-8"), POLICY.format(nonce=nonce)


@cache
def _refused_template() -> str:
    return files("glutetui.remote").joinpath("static", "refused.html").read_text(encoding="utf-8")


def refused() -> tuple[bytes, str]:
    """What a phone sees for a pairing link that does not pair (wrong, used or
    expired, all alike: the page says nothing of which) and for the page without a
    session: scan the code on the laptop again. With the policy to send with it."""
    nonce = secrets.token_urlsafe(18)
    html = _refused_template().replace("__NONCE__", nonce)
    return html.encode("utf-8"), REFUSED_POLICY.format(nonce=nonce)
