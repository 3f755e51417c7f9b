"""The documented shapes of what the kit hands to grading platforms, as checks.

Gradescope: the autograder specification's results.json (top-level and test
fields, visibility and status values, output formats). GitHub Classroom: what
the autograding reporter reads from a runner's base64 `result`.
Each function returns a list of problems; an empty list means it conforms.
"""

from __future__ import annotations

GRADESCOPE_TOP = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
GRADESCOPE_TEST = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}
GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
GRADESCOPE_FORMATS = {"text", "simple_format", "html", "md", "ansi"}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def gradescope_problems(results: dict) -> list[str]:
    problems = [f"unknown top-level field {key!r}" for key in set(results) - GRADESCOPE_TOP]
    tests = results.get("tests")
    if "score" not in results and not (tests and all("score" in t for t in tests)):
        problems.append("no top-level score and not one on every test")
    if "score" in results and not _number(results["score"]):
        problems.append(f"score {results['score']!r} is not a number")
    for key in ("visibility", "stdout_visibility"):
        if key in results and results[key] not in GRADESCOPE_VISIBILITY:
            problems.append(f"{key} {results[key]!r}")
    for key in ("output_format", "test_output_format", "test_name_format"):
        if key in results and results[key] not in GRADESCOPE_FORMATS:
            problems.append(f"{key} {results[key]!r}")
    if "output" in results and not isinstance(results["output"], str):
        problems.append("output is not a string")
    if not isinstance(tests, list):
        return problems + ["tests is not a list"]
    for test in tests:
        name = test.get("name", "?")
        problems += [f"{name}: unknown field {key!r}" for key in set(test) - GRADESCOPE_TEST]
        for key in ("score", "max_score"):
            if key in test and not _number(test[key]):
                problems.append(f"{name}: {key} {test[key]!r} is not a number")
        if (
            _number(test.get("score"))
            and _number(test.get("max_score"))
            and not 0 <= test["score"] <= test["max_score"]
        ):
            problems.append(f"{name}: score {test['score']} outside 0..{test['max_score']}")
        if test.get("status", "passed") not in ("passed", "failed"):
            problems.append(f"{name}: status {test['status']!r}")
        if test.get("visibility", "visible") not in GRADESCOPE_VISIBILITY:
            problems.append(f"{name}: visibility {test['visibility']!r}")
        for key in ("name_format", "output_format"):
            if key in test and test[key] not in GRADESCOPE_FORMATS:
                problems.append(f"{name}: {key} {test[key]!r}")
        for key in ("name", "output", "number"):
            if key in test and not isinstance(test[key], str):
                problems.append(f"{name}: {key} is not a string")
    return problems


def classroom_problems(result: dict) -> list[str]:
    problems = []
    if result.get("status") not in ("pass", "fail", "error"):
        problems.append(f"status {result.get('status')!r}")
    if not _number(result.get("max_score")) or result["max_score"] <= 0:
        problems.append("max_score must be a positive number, or no points are reported")
    tests = result.get("tests")
    if not isinstance(tests, list) or not tests:
        return problems + ["tests must be a non-empty list"]
    for test in tests:
        if not isinstance(test.get("name"), str):
            problems.append(f"test name {test.get('name')!r}")
        if test.get("status") not in ("pass", "fail", "error"):
            problems.append(f"{test.get('name')}: status {test.get('status')!r}")
        if not _number(test.get("score")):  # the reporter adds them up: a missing one is NaN
            problems.append(f"{test.get('name')}: score {test.get('score')!r}")
        if not isinstance(test.get("message", ""), str):
            problems.append(f"{test.get('name')}: message is not a string")
    return problems
