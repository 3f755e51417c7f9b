"""The documented shapes of what the kit hands to grading platforms, as checks.

Gradescope: the autograder specification's results.json (top-level and test
fields, visibility and status values, output formats). Classroom 50: the
result.json its runner and score collector accept.
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


def classroom50_problems(result: dict) -> list[str]:
    """result.json as Classroom 50's score collector validates it before it counts:
    validate_result in cli/gh-teacher/skeleton/dotgithub/scripts/collect_scores.py
    (foundation50/classroom50; runner.py's validate_result mirrors it). Only the
    identity checks against the source repository are left to the caller."""

    def whole(value) -> bool:  # an int, never a bool (True is an int in Python)
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    if not isinstance(result, dict):
        return ["not a JSON object"]
    problems = []
    if result.get("schema") != "classroom50/result/v1":
        problems.append(f"schema {result.get('schema')!r}")
    for key in ("classroom", "assignment", "owner"):
        if not isinstance(result.get(key), str) or not result[key]:
            problems.append(f"{key} must be a non-empty string")
    if result.get("assignment_type") not in ("individual", "group", "team"):
        problems.append(f"assignment_type {result.get('assignment_type')!r}")
    submission = result.get("submission")
    if not isinstance(submission, str) or not submission.startswith("submit/"):
        problems.append(f"submission {submission!r} is not a submit/* tag")
    for key in ("commit", "release", "review", "datetime"):
        if not isinstance(result.get(key), str) or not result[key]:
            problems.append(f"{key} must be a non-empty string")
    score, max_score = result.get("score"), result.get("max-score")
    if not whole(score) or not whole(max_score):
        problems.append(f"score {score!r} / max-score {max_score!r}: not whole numbers >= 0")
    elif score > max_score:
        problems.append(f"score {score} > max-score {max_score}")
    tests = result.get("tests")
    if not isinstance(tests, list):
        return problems + ["tests is not a list"]
    for i, test in enumerate(tests):
        if not isinstance(test, dict):
            problems.append(f"tests[{i}] is not an object")
            continue
        if not isinstance(test.get("test-name"), str) or not test["test-name"]:
            problems.append(f"tests[{i}].test-name must be a non-empty string")
        if not isinstance(test.get("passed"), bool):
            problems.append(f"tests[{i}].passed must be a boolean")
        if not whole(test.get("score")) or not whole(test.get("max-score")):
            problems.append(f"tests[{i}]: score and max-score must be whole numbers >= 0")
        elif test["score"] > test["max-score"]:
            problems.append(f"tests[{i}].score {test['score']} > max-score {test['max-score']}")
    by = result.get("submitted_by")
    if by is not None and (
        not isinstance(by, dict)
        or not isinstance(by.get("username"), str)
        or not by["username"]
        or (by.get("id") is not None and (type(by["id"]) is not int))
    ):
        problems.append(f"submitted_by {by!r}")
    return problems


# -- PrairieLearn: docs/externalGrading.md ("Grading results", externalGradingOptions) and
# apps/prairielearn/src/schemas/schemas/infoQuestion.json --

PRAIRIELEARN_RESULTS_LIMIT = 1_000_000  # "this file should be limited to 1 MB"
PRAIRIELEARN_TEST_TEXT = ("name", "description", "message", "output")
PRAIRIELEARN_QUESTION = {
    "comment",
    "uuid",
    "type",
    "title",
    "topic",
    "tags",
    "clientFiles",
    "clientTemplates",
    "template",
    "gradingMethod",
    "singleVariant",
    "showCorrectAnswer",
    "partialCredit",
    "options",
    "externalGradingOptions",
    "dependencies",
    "workspaceOptions",
    "sharingSets",
    "sharePublicly",
    "shareSourcePublicly",
}
PRAIRIELEARN_GRADING = {
    "comment",
    "enabled",
    "image",
    "entrypoint",
    "serverFilesCourse",
    "timeout",
    "enableNetworking",
    "environment",
}
PRAIRIELEARN_TYPES = {
    "Calculation",
    "MultipleChoice",
    "Checkbox",
    "File",
    "MultipleTrueFalse",
    "v3",
}
PRAIRIELEARN_METHODS = {"Internal", "External", "Manual"}
PRAIRIELEARN_MAX_TIMEOUT = 600  # "This value cannot exceed 600 seconds"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _images(where: str, images) -> list[str]:
    if not isinstance(images, list):
        return [f"{where}images is not a list"]
    return [
        f"{where}image {image!r} is neither a URL nor {{url, label}}"
        for image in images
        if not isinstance(image, str)
        and not (isinstance(image, dict) and isinstance(image.get("url"), str))
    ]


def prairielearn_problems(results: dict) -> list[str]:
    """results.json as an external grader writes it: score in [0, 1] unless not gradable."""
    import json  # this part of the file only adds functions: its imports stay local

    problems = []
    size = len(json.dumps(results).encode("utf-8"))
    if size > PRAIRIELEARN_RESULTS_LIMIT:
        problems.append(f"results.json is {size} bytes, over 1 MB")
    gradable = results.get("gradable", True)
    if not isinstance(gradable, bool):
        problems.append(f"gradable {gradable!r} is not a boolean")
    if gradable is not False:
        score = results.get("score")
        if not _number(score) or not 0.0 <= score <= 1.0:
            problems.append(f"score {score!r} is not a number in [0, 1]")
    for key in ("message", "output"):
        if key in results and not isinstance(results[key], str):
            problems.append(f"{key} is not a string")
    errors = results.get("format_errors", [])
    if not isinstance(errors, str) and not (
        isinstance(errors, list) and all(isinstance(e, str) for e in errors)
    ):
        problems.append("format_errors is neither a string nor a list of strings")
    if "images" in results:
        problems += _images("", results["images"])
    tests = results.get("tests", [])
    if not isinstance(tests, list):
        return problems + ["tests is not a list"]
    for test in tests:
        name = test.get("name", "?")
        if not isinstance(test.get("name"), str):
            problems.append(f"test name {test.get('name')!r}")
        problems += [
            f"{name}: {key} is not a string"
            for key in PRAIRIELEARN_TEST_TEXT
            if key in test and not isinstance(test[key], str)
        ]
        points, most = test.get("points"), test.get("max_points")
        if not _number(points) or not _number(most):
            problems.append(f"{name}: points {points!r} of {most!r} are not numbers")
        elif not 0 <= points <= most:
            problems.append(f"{name}: points {points} outside 0..{most}")
        if "images" in test:
            problems += _images(f"{name}: ", test["images"])
    return problems


def prairielearn_question_problems(info: dict) -> list[str]:
    """A question's info.json, externally graded: the schema's rules, and the docs' limits."""
    import re

    problems = [f"unknown field {key!r}" for key in set(info) - PRAIRIELEARN_QUESTION]
    problems += [f"no {key}" for key in ("uuid", "type", "title", "topic") if key not in info]
    if not re.fullmatch(_UUID, str(info.get("uuid", ""))):
        problems.append(f"uuid {info.get('uuid')!r}")
    if info.get("type") not in PRAIRIELEARN_TYPES:
        problems.append(f"type {info.get('type')!r}")
    for key in ("title", "topic"):
        if not isinstance(info.get(key, ""), str):
            problems.append(f"{key} is not a string")
    if info.get("gradingMethod", "Internal") not in PRAIRIELEARN_METHODS:
        problems.append(f"gradingMethod {info['gradingMethod']!r}")
    for key in ("singleVariant", "showCorrectAnswer", "partialCredit"):
        if not isinstance(info.get(key, False), bool):
            problems.append(f"{key} is not a boolean")
    options = info.get("externalGradingOptions")
    if info.get("gradingMethod") != "External":
        return problems
    if not isinstance(options, dict):
        return problems + ["an External question without externalGradingOptions"]
    problems += [
        f"externalGradingOptions: unknown field {key!r}"
        for key in set(options) - PRAIRIELEARN_GRADING
    ]
    problems += [
        f"externalGradingOptions: no {key}" for key in ("image", "entrypoint") if key not in options
    ]
    if not isinstance(options.get("image", ""), str) or not options.get("image"):
        problems.append("externalGradingOptions: image is not a non-empty string")
    entrypoint = options.get("entrypoint", "")
    if not isinstance(entrypoint, str) and not (
        isinstance(entrypoint, list) and all(isinstance(word, str) for word in entrypoint)
    ):
        problems.append("externalGradingOptions: entrypoint is neither a string nor a list")
    files = options.get("serverFilesCourse", [])
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        problems.append("externalGradingOptions: serverFilesCourse is not a list of strings")
    seconds = options.get("timeout", 30)
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        problems.append(f"externalGradingOptions: timeout {seconds!r} is not an integer")
    elif not 0 < seconds <= PRAIRIELEARN_MAX_TIMEOUT:
        problems.append(f"externalGradingOptions: timeout {seconds} outside 1..600")
    for key in ("enabled", "enableNetworking"):
        if not isinstance(options.get(key, False), bool):
            problems.append(f"externalGradingOptions: {key} is not a boolean")
    environment = options.get("environment", {})
    if not isinstance(environment, dict) or not all(
        value is None or isinstance(value, str) for value in environment.values()
    ):
        problems.append("externalGradingOptions: environment is not {name: string or null}")
    return problems
