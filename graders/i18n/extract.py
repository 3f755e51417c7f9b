"""Babel extraction methods: the kit's English, as catalog entries (see babel.cfg).

The English is not written as gettext calls but as data: the MESSAGES tables
(the kit's, graders/i18n/messages.py, and each grader's own), the catalogue's
titles and hints, the stubs' docstrings. These methods read
those files' syntax trees (never importing a stub: that would run it) and give
Babel one `pgettext(context, english)` entry each, so that `pybabel extract`,
`update` and `compile` do the rest as for any Python project.

Contexts: the message key; `<id>:title`, `<id>:hint<level>`; and
`<id>:instructions` for each paragraph of a stub's docstring.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from graders.i18n import docstring, paragraphs

# What a Babel extraction method yields: (line, function, messages, comments);
# `pgettext` is one of Babel's default keywords, whose first argument is the context.
Entry = tuple[int, str, tuple[str, str], list[str]]


def extract_messages(fileobj, keywords, comment_tags, options) -> Iterator[Entry]:
    """Every key and English template of the MESSAGES table."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MESSAGES":
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                yield key.lineno, "pgettext", (key.value, value.value), []


def message_tables(root: Path) -> list[Path]:
    """The files holding a MESSAGES table: the kit's, then each grader's (as babel.cfg)."""
    return [root / "graders" / "i18n" / "messages.py", *sorted(root.glob("graders/*/test_*.py"))]


def every_message(root: Path) -> dict[str, str]:
    """Every key and English template of every MESSAGES table, read without importing."""
    found = {}
    for path in message_tables(root):
        with open(path, "rb") as source:
            found.update(
                (key, english) for _, _, (key, english), _ in extract_messages(source, [], [], {})
            )
    return found


def extract_catalogue(fileobj, keywords, comment_tags, options) -> Iterator[Entry]:
    """Every exercise's title and hints."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Exercise":
            exercise_id, title = (arg.value for arg in node.args[:2])
            yield node.args[1].lineno, "pgettext", (f"{exercise_id}:title", title), []
            hints = next(k.value for k in node.keywords if k.arg == "hints")
            for level, hint in enumerate(hints.elts, start=1):
                yield hint.lineno, "pgettext", (f"{exercise_id}:hint{level}", hint.value), []


def extract_instructions(fileobj, keywords, comment_tags, options) -> Iterator[Entry]:
    """Each paragraph of a stub's docstring, the exercise's instructions."""
    path = Path(fileobj.name)
    context = f"{path.parent.name}/{path.stem}:instructions"
    text = docstring(fileobj.read().decode("utf-8"))  # it starts on line 1 in every stub
    start = 0
    for part in paragraphs(text):
        start = text.index(part, start)
        yield 1 + text.count("\n", 0, start), "pgettext", (context, part), [_KEEP_CODE]


_KEEP_CODE = "Leave `code`, commands and the indentation of lists as they are."
