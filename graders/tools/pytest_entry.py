"""Plain `pytest` where a student may type it: say what to type instead of nothing.

pyproject.toml names this plugin, so it is loaded by any pytest started in the
kit's root (never by a grading child, which reads no ini file). It acts only
when pytest found no test in what it was given and that was the student's
code (exercises/ or solutions/): pytest would end with "no tests ran".
`pytest graders/...` runs the graders themselves (graders/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graders.catalogue import BY_ID, EXERCISES, ROOT, Exercise
from graders.i18n.messages import say

_CODE_FOLDERS = ("exercises", "solutions")


def _code_folder(args: list[str]) -> tuple[str, Exercise] | None:
    """The folder of student code that the arguments name, if they name only that, and the
    exercise to show in the example (the one named, else the first)."""
    folders, named = set(), []
    for arg in args:
        path = Path(arg.split("::")[0]).resolve()
        folder = next((name for name in _CODE_FOLDERS if path.is_relative_to(ROOT / name)), None)
        if folder is None:
            return None
        folders.add(folder)
        exercise_id = path.relative_to(ROOT / folder).as_posix().removesuffix(".py")
        named += [BY_ID[exercise_id]] if exercise_id in BY_ID else []
    if len(folders) != 1:
        return None
    return folders.pop(), (named or EXERCISES)[0]


def pytest_sessionfinish(session, exitstatus):
    if exitstatus != pytest.ExitCode.NO_TESTS_COLLECTED:
        return
    found = _code_folder(list(session.config.args))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if found is not None and reporter is not None:
        folder, exercise = found
        grader = exercise.grader.relative_to(ROOT).as_posix()
        text = say("tools.pytest_code_folder", folder=folder, id=exercise.id, grader=grader)
        reporter.write_line(text, yellow=True)
