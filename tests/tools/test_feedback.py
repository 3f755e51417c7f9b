"""Does a failing grade say what broke in the student's terms, with the hint for that?

The hint under a message is the one written for the test that failed, as it failed
(its grader's `hint` marker), never one picked by the kind of failure alone. A file
that does not import gets Python's own words and nothing else: no test name, no hint,
no seed to replay. A file whose top level never returns is stopped and reported as
stuck, at its line, instead of holding the grading until a time limit.
Each test grades through the real command line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graders import catalogue
from tests.kit import ROOT, written_hint

CORPUS = ROOT / "tests" / "corpus"
T02 = "threads/t02_shared_list"
ENV = {**os.environ, "NO_COLOR": "1", "KIT_LANG": "en", "COLUMNS": "100"}


def grade(target: Path, exercise_id: str, tmp_path: Path) -> tuple[str, dict]:
    """The block a student reads, on one line, and the JSON report of the same grading."""
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "graders", "grade", "--target", str(target)]
        + ["--exercise", exercise_id, "--json", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout, json.loads(report.read_text(encoding="utf-8"))["exercises"][0]


def submit(tmp_path: Path, exercise_id: str, source: str) -> Path:
    target = tmp_path / "target"
    path = target / f"{exercise_id}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return target


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("exercise_id", "mutant"),
    [
        ("threads/t05_bank", "total_unlocked"),  # was: the check-then-act hint
        ("aio/a02_async_fetcher", "time_sleep_backoff"),  # was: one ClientSession per request
        ("threads/t05_bank", "plain_lock"),
        ("processes/p03_pipe_exchange", "send_all_then_receive"),
    ],
)
def test_the_hint_shown_is_the_one_written_for_the_failed_property(exercise_id, mutant, tmp_path):
    exercise = catalogue.get(exercise_id)
    target = tmp_path / "target"
    (target / exercise.track).mkdir(parents=True)
    source = CORPUS / exercise_id / "mutants" / f"{mutant}.py"
    (target / f"{exercise_id}.py").write_text(source.read_text(encoding="utf-8"))
    shown, graded = grade(target, exercise_id, tmp_path)
    first = next(test for test in graded["tests"] if test["status"] != "passed")
    hint = written_hint(exercise, first["name"], first["kind"])
    assert first["hint"] == hint
    assert f"hint: {hint}" in one_line(shown)
    # The block has one hint, and it is not a rung of `make hint`'s ladder.
    assert one_line(shown).count("hint: ") == 1
    assert not any(rung in one_line(shown) for rung in exercise.hints)


def test_a_syntax_error_gets_pythons_caret_and_no_hint_nor_seed(tmp_path):
    broken = (ROOT / "solutions" / f"{T02}.py").read_text(encoding="utf-8")
    broken = broken.replace("def parallel_map(", "def parallel_map(:", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "parallel_map(:" in text)
    shown, graded = grade(submit(tmp_path, T02, broken), T02, tmp_path)
    lines = shown.splitlines()
    assert any(f'{T02}.py", line {line}' in text for text in lines), shown
    source = next(n for n, text in enumerate(lines) if "def parallel_map(:" in text)
    caret = lines[source + 1]
    # The caret stands under the column Python found, as Python itself prints it.
    assert caret.strip() == "^" or set(caret.strip()) <= {"^", "~"}, shown
    assert lines[source + 2].strip().startswith("SyntaxError")
    names = [test["name"] for test in graded["tests"]]
    for absent in ("hint:", "replay:", "likely cause", "--seed", *names):
        assert absent not in shown, f"{absent!r} shown for a file that did not import"
    assert {test["kind"] for test in graded["tests"]} == {"import error"}
    assert not any(test.get("hint") for test in graded["tests"])


@pytest.mark.parametrize(
    ("top_level", "line", "what"),
    [
        # One line: 3.14 reports a two-line loop at its body's line, 3.13 at its `while`.
        ("import time\n\nwhile True: pass\n", 3, "while True: pass"),
        ("import time\nstarted = time.time()\ntime.sleep(3600)\n", 3, "time.sleep(3600)"),
        (
            "import threading\n\n\ndef spin():\n    while True:\n        pass\n\n\n"
            "worker = threading.Thread(target=spin)\nworker.start()\nworker.join()\n",
            11,
            "worker.join()",
        ),
        ("def wait():\n    while True:\n        pass\n\n\nwait()\n", 6, "wait() (inside wait()"),
    ],
    ids=["endless-loop", "sleep", "join-a-spinning-thread", "loop-in-a-function"],
)
def test_a_top_level_that_never_returns_is_reported_as_stuck_at_its_line(
    top_level, line, what, tmp_path
):
    shown, graded = grade(submit(tmp_path, T02, top_level), T02, tmp_path)
    message = graded["tests"][0]["message"]
    assert "did not finish importing" in message, message
    assert f"t02_shared_list.py:{line}: {what}" in message, message
    assert "Timeout" not in message and "pytest-timeout" not in message
    assert {test["status"] for test in graded["tests"]} == {"error"}  # every test, at once
    assert "hint:" not in shown and "replay:" not in shown


def test_a_slow_import_of_a_library_is_not_taken_for_a_stuck_file(tmp_path):
    """Only the file's own top level counts: a nested import may take as long as it takes."""
    library = tmp_path / "target" / "slowlib.py"
    library.parent.mkdir(parents=True)
    library.write_text("import time\ntime.sleep(3)\n", encoding="utf-8")
    source = (ROOT / "solutions" / f"{T02}.py").read_text(encoding="utf-8")
    target = submit(tmp_path, T02, "import slowlib  # noqa: F401\n" + source)
    done = subprocess.run(
        [sys.executable, "-m", "graders", "grade", "--target", str(target), "--exercise", T02],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**ENV, "PYTHONPATH": str(target)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"passed\s+threads/t02_shared_list\s+10/10", done.stdout), done.stdout


def test_a_long_grading_on_a_terminal_counts_its_seconds(tmp_path):
    """A test that takes a while (here the student's own sleep) used to leave the progress
    line unchanged: the grading looked hung. The line now says how long it has gone on."""
    pty = pytest.importorskip("pty")
    source = (ROOT / "solutions" / f"{T02}.py").read_text(encoding="utf-8")
    head, body = source.split("-> list:\n", 1)
    # The first call waits four seconds, in a call the kit's virtual clock does not cover.
    first_call = "    if FIRST:\n        select.select([], [], [], FIRST.pop())\n"
    slow = f"import select\nFIRST = [4]\n{head}-> list:\n{first_call}{body}"
    target = submit(tmp_path, T02, slow)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "graders", "grade", "--target", str(target), "--exercise", T02],
        cwd=ROOT,
        env={k: v for k, v in ENV.items() if k != "NO_COLOR"} | {"TERM": "xterm"},
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    received = b""
    while chunk := _read(leader):
        received += chunk
    process.wait(timeout=300)
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", received.decode("utf-8"))
    counts = [int(n) for n in re.findall(rf"still grading {T02} \(\d+/7 tests, (\d+) s\)", text)]
    assert counts and counts == sorted(counts), text[-2000:]
    assert "passed" in text.split("\r")[-1] or "passed" in text


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other side closed
        return b""
