"""Does grading warn of nothing, under whichever Python runs the kit?

The kit's own tests turn warnings into errors, but a grading runs in a child
pytest that only lists them at its end: a grader or judge module calling an
API its Python deprecates (3.14 deprecates asyncio's policies and
asyncio.iscoroutinefunction, for removal in 3.16) would pass here and break
on the next Python. The solutions are the kit's own code too, so grading
them must print no warning at all.
"""

from __future__ import annotations

import re

import pytest

from graders import catalogue
from graders.grading.runner import grade_exercise
from tests.kit import ROOT

# How pytest's summary, and Python's own stderr, show a warning: `file:line: XWarning: text`.
WARNING = re.compile(r"^.*:\d+: \w*Warning: .*$", re.MULTILINE)


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_grading_a_solution_prints_no_warning(exercise):
    result = grade_exercise(exercise, ROOT / "solutions", seed=1)
    assert result.status == "passed", [t.message for t in result.tests if t.status != "passed"]
    assert not WARNING.findall(result.log), result.log
