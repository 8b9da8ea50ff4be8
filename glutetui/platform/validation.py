"""Plain-words explanations of validation errors, naming the key that is wrong."""

from __future__ import annotations

import re

_MSG_AT = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_TYPE_WORDS = {
    "int": "a whole number",
    "str": "text",
    "bool": "true or false",
    "float": "a number",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
}


def explain_validation_error(message: str) -> tuple[str, str]:
    """Turn a msgspec validation message into (key, what was expected) in plain words."""
    match = _MSG_AT.match(message.strip())
    assert match is not None  # the pattern matches any string
    msg, path = match["msg"], match["path"] or ""
    key = _plain_path(path)

    unknown = re.match(r"Object contains unknown field `(.+)`", msg)
    if unknown:
        field_key = f"{key}.{unknown[1]}" if key else unknown[1]
        return field_key, "unknown key"
    missing = re.match(r"Object missing required field `(.+)`", msg)
    if missing:
        field_key = f"{key}.{missing[1]}" if key else missing[1]
        return field_key, "this key is required"
    typed = re.match(r"Expected `([^`]+)`(?:, got `([^`]+)`)?(.*)", msg)
    if typed:
        wanted = " or ".join(
            _TYPE_WORDS.get(t.strip(), t.strip()) for t in typed[1].split("|") if t.strip()
        )
        bound = _plain_bound(typed[3].strip(), typed[1])
        got = f", got {_TYPE_WORDS.get(typed[2], typed[2])}" if typed[2] else ""
        return key, f"expected {wanted}{' ' + bound if bound else ''}{got}"
    enum = re.match(r"Invalid enum value (.+)", msg)
    if enum:
        return key, f"{enum[1]} is not one of the allowed values"
    return key, msg[:1].lower() + msg[1:]


def _plain_bound(bound: str, wanted: str) -> str:
    """ "of length >= 2" -> "with at least 2 items", ">= 0" -> "at least 0", and so on."""
    words = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}
    length = re.fullmatch(r"of length (>=|<=|>|<)? ?(\d+)(, got \d+)?", bound)
    if length:
        op, n, got = length[1], int(length[2]), length[3] or ""
        unit = ("character" if "str" in wanted else "item") + ("" if n == 1 else "s")
        return f"with {words[op] if op else 'exactly'} {n} {unit}{got}"
    for op, word in words.items():
        bound = re.sub(rf"(?<![<>=]){re.escape(op)}(?!=)", word, bound)
    return bound.replace("matching regex", "matching")


def _plain_path(path: str) -> str:
    # "$.block[0].sets" -> "block[1].sets": people count blocks from one.
    def one_based(m: re.Match[str]) -> str:
        return f"[{int(m[1]) + 1}]"

    return re.sub(r"\[(\d+)\]", one_based, path.lstrip("."))


def nesting_problem(text: str) -> tuple[str, str]:
    """(key, expected) for a file nested too deeply to read, naming the deepest line."""
    deepest, number, depth = "", 0, -1
    for n, line in enumerate(text.splitlines(), 1):
        d = line.count("[") + line.count("{")
        if d > depth:
            deepest, number, depth = line, n, d
    key = re.match(r"\s*([A-Za-z0-9_.-]+)\s*=", deepest)
    return (key[1] if key else ""), f"nested too deeply (line {number})"
