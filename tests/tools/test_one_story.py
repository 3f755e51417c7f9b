"""Do `grade`, `list`, `next`, `hint` and their errors tell a student one story?

One total with one meaning, one "next" exercise, suggestions that are plausible,
commands spelled the way the student runs them (make or `python -m graders`), the
reason for a wait still on the screen when the wait is over, and a README whose first
session a student can actually follow. Each test drives the real command line (and
make, where make is what a student types) from inside a throwaway copy of the kit.
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
from graders.instructor import release
from graders.tools import command, pristine
from tests.kit import ROOT
from tests.kitcopy import AS_TYPED, copy_kit, make, run_in

T01, T02, T03, BANK = (
    "threads/t01_start_join",
    "threads/t02_shared_list",
    "threads/t03_queue_pipeline",
    "threads/t05_bank",
)
TOTAL = sum(exercise.points for exercise in catalogue.EXERCISES)
COUNT = len(catalogue.EXERCISES)


@pytest.fixture
def kit(tmp_path) -> Path:
    return copy_kit(tmp_path)


def kit_command(kit: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m graders ARGS` as someone typing it, not started by make."""
    return run_in(kit, *args, timeout=timeout, env=AS_TYPED)


def put(kit: Path, exercise_id: str, source: Path | str) -> Path:
    path = kit / "exercises" / f"{exercise_id}.py"
    text = source if isinstance(source, str) else source.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return path


def solution(exercise_id: str) -> Path:
    return ROOT / "solutions" / f"{exercise_id}.py"


def flat(text: str) -> str:
    """The output with its line folding undone: a command may be wrapped over two lines."""
    return " ".join(text.split())


def shown_by_next(output: str) -> str:
    return next(m.group(1) for line in output.splitlines() if (m := re.match(r"(\S+/\S+): ", line)))


# -- 1. one total, with one meaning --


def test_grade_totals_the_figure_list_shows_and_the_json_keeps_the_shares(kit, tmp_path):
    """A stub already passes some of its tests (a racy bank passes its one-thread ones), so
    summing those shares gave `Total 28.86/180` for one exercise done where `make list`
    said 10/180. Both now count an exercise's points once it passes."""
    put(kit, T01, solution(T01))
    report_path = tmp_path / "report.json"
    graded = kit_command(kit, "grade", "--json", str(report_path), timeout=600)
    assert graded.returncode == 1, graded.stderr
    (total,) = [line for line in graded.stdout.splitlines() if line.startswith("Total")]
    figure = f"1/{COUNT} exercises passed, 10/{TOTAL} points"
    assert total == f"Total    {figure} (an exercise's points count once it passes)"
    # The grader's share of a failing stub is still shown beside it, and kept in the JSON.
    share = re.search(r"failed\s+threads/t05_bank\s+([\d.]+)/15", graded.stdout)
    assert share and float(share.group(1)) > 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["score"] > 10 and report["max_score"] == TOTAL
    assert f"Next: fix {T02} (" in graded.stdout

    listed = kit_command(kit, "list")
    assert listed.returncode == 0, listed.stderr
    assert f"] {figure}" in listed.stdout.splitlines()[0]
    assert "grading" not in listed.stdout  # the grading just made is reused


def test_the_first_grade_tells_one_exercise_in_full_and_each_untouched_stub_in_a_line(kit):
    """Eighteen untouched stubs printed about 145 lines, each "not implemented yet" in full.
    The first exercise to fail is told in full; every other untouched stub gets its one line,
    and an exercise the student has worked on keeps its whole block wherever it stands."""
    put(kit, BANK, ROOT / "tests" / "corpus" / BANK / "mutants" / "total_unlocked.py")
    graded = kit_command(kit, "grade", "--seed", "5", timeout=600)
    assert graded.returncode == 1, graded.stderr
    lines = graded.stdout.splitlines()
    heads = {
        line.split()[1]: n
        for n, line in enumerate(lines)
        if re.match(r"\S+ +[a-z]+/[a-z]\d\d_\w+ ", line)
    }
    assert set(heads) == {exercise.id for exercise in catalogue.EXERCISES}
    told = {eid for eid, n in heads.items() if lines[n + 1].startswith("         ")}
    assert told == {T01, BANK}, graded.stdout
    assert f"replay: make grade EX={T01} SEED=5" in graded.stdout
    assert f"replay: make grade EX={BANK} SEED=5" in graded.stdout
    for exercise_id, n in heads.items():
        if exercise_id not in told:
            assert lines[n].endswith("(not started: the stub as it came)"), lines[n]
    assert len(lines) < 60, graded.stdout


# -- 2. one "next" --


def test_the_next_after_a_pass_is_the_one_next_shows(kit):
    """`grade EX=threads/t05_bank` passing named t06 (the next after the bank) while `next`
    showed t02, the first unfinished one; and it trusted a changed file it had not graded."""
    put(kit, T01, solution(T01))  # changed behind the tools' back, not graded yet
    put(kit, BANK, solution(BANK))
    graded = kit_command(kit, "grade", "--exercise", BANK)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    # t01 is graded first, and said so, as `next` would: it passes, so t02 is next.
    assert f"grading {T01} (changed since its last grading)..." in graded.stdout
    assert f"Passed! Next: {T02} (exercises/{T02}.py)" in graded.stdout
    shown = kit_command(kit, "next")
    assert shown_by_next(shown.stdout) == T02 and "grading" not in shown.stdout

    skipped = kit_command(kit, "next", "--skip")
    assert shown_by_next(skipped.stdout) == T03
    again = kit_command(kit, "grade", "--exercise", BANK)
    assert f"Passed! Next: {T03} (" in again.stdout and "grading " not in again.stdout
    assert f"Next: {T03} (`make next`" in kit_command(kit, "list").stdout


# -- 3. plausible suggestions, and the command that lists the exercises --


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("threads/nope", None),  # difflib on the whole id said threads/t05_bank
        ("nope", None),
        ("t08", None),
        ("threads/t05_banc", BANK),
        ("t05", BANK),
        ("threads/t05", BANK),
        ("bank", BANK),
        ("aio/t05_bank", BANK),
        ("threads/queue", T03),
        ("philosopher", "threads/t06_philosophers"),
        ("processes/pool", "processes/p02_pool_map"),
        ("a02", "aio/a02_async_fetcher"),
    ],
)
def test_an_unknown_id_suggests_only_the_exercise_it_plausibly_meant(typed, meant):
    found = command.closest(typed)
    assert (found.id if found else None) == meant


def test_an_unknown_exercise_names_the_command_that_lists_them(kit):
    by_hand = kit_command(kit, "grade", "--exercise", "threads/nope")
    assert by_hand.returncode == 2
    assert by_hand.stderr == (
        "graders: error: unknown exercise 'threads/nope'; `python -m graders list` shows "
        "every exercise\n"
    )
    from_make = make(kit, "grade", "EX=threads/t05_banc")
    assert from_make.returncode == 2
    line = from_make.stderr.splitlines()[0]
    assert line == (
        "graders: error: unknown exercise 'threads/t05_banc' (did you mean threads/t05_bank?); "
        "`make list` shows every exercise"
    )
    assert not (kit / ".kit-state").exists()  # refused before anything was graded


# -- 4. options named as the student gives them --


PHILOSOPHERS = "threads/t06_philosophers"
# A deadlock of five philosophers: its story is longer than a failure is shown (report.cap).
DEADLOCK = ROOT / "tests" / "corpus" / PHILOSOPHERS / "mutants" / "left_then_right.py"


def test_a_cut_message_names_the_command_that_keeps_it_whole_in_the_form_in_use(kit, tmp_path):
    """A cut-short failure told someone who typed `make grade` to use `--json FILE`."""
    put(kit, PHILOSOPHERS, DEADLOCK)
    from_make = make(kit, "grade", f"EX={PHILOSOPHERS}", "SEED=5")
    assert from_make.returncode == 2  # the grading failed (1), so make did (2)
    text = flat(from_make.stdout)
    wanted = f"make grade EX={PHILOSOPHERS} SEED=5 JSON=FILE"
    assert f"characters cut here; `{wanted}` keeps the whole message ...]" in text
    assert "--json" not in text

    by_hand = kit_command(kit, "grade", "--exercise", PHILOSOPHERS, "--seed", "5")
    wanted = f"python -m graders grade --exercise {PHILOSOPHERS} --seed 5 --json FILE"
    assert f"characters cut here; `{wanted}` keeps the whole message ...]" in flat(by_hand.stdout)
    # The command named does keep it all.
    report = tmp_path / "whole.json"
    kit_command(kit, *wanted.split()[3:-1], str(report))
    tests = json.loads(report.read_text(encoding="utf-8"))["exercises"][0]["tests"]
    message = next(test["message"] for test in tests if test["status"] != "passed")
    assert len(message) > 1200 and "cut here" not in message
    assert message[:200] in text and message[-100:] in flat(by_hand.stdout)

    hint = make(kit, "hint", f"EX={PHILOSOPHERS}")  # the hint shows the remembered failure, cut
    assert hint.returncode == 0, hint.stderr
    wanted = f"make grade EX={PHILOSOPHERS} SEED=5 JSON=FILE"
    assert f"characters cut here; `{wanted}` keeps the whole message ...]" in flat(hint.stdout)


def test_the_make_variable_of_each_option_is_the_makefiles():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    # The lines that run the kit (bench and soak are the kit's own tools): $(if $(EX),--exercise
    running = [line for line in makefile.replace("\\\n", " ").splitlines() if "bench" not in line]
    pairs = re.findall(r"\$\(if \$\((\w+)\),(--[\w-]+)", "\n".join(running))
    found = {flag: variable for variable, flag in pairs}
    assert "--lang $(LANG)" in makefile  # LANG_ARG: only a LANG given on make's command line
    found["--lang"] = "LANG"
    assert found == command.MAKE_VARIABLES


def test_a_bad_option_given_to_make_is_named_as_the_make_variable(kit):
    from_make = make(kit, "grade", "RUNS=0")
    assert from_make.returncode == 2
    assert from_make.stderr.splitlines()[0] == "graders: error: RUNS: expected at least 1, got 0"
    hint = make(kit, "hint", "LEVEL=0")
    assert hint.stderr.splitlines()[0] == "graders: error: LEVEL: expected at least 1, got 0"
    by_hand = kit_command(kit, "grade", "--runs", "0")
    assert by_hand.stderr == "graders: error: argument --runs: expected at least 1, got 0\n"


# -- 5. the reason for a grading stays on the screen --


def on_a_terminal(kit: Path, args: list[str], environ: dict[str, str]) -> list[str]:
    """The lines a terminal shows once `python -m graders ARGS` is done (\\r returns to
    the start of the line, ESC[K erases the rest of it, colours are dropped)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "graders", *args],
        cwd=kit,
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=300)
    os.close(leader)
    lines, line, column = [], [], 0
    for token in re.findall(r"\x1b\[[0-9;]*[A-Za-z]|\r\n|.", received.decode("utf-8"), re.S):
        if token in ("\n", "\r\n"):
            lines.append("".join(line))
            line, column = [], 0
        elif token == "\r":
            column = 0
        elif token == "\x1b[K":
            del line[column:]
        elif not token.startswith("\x1b["):
            line[column : column + 1] = [token]
            column += 1
    return lines + (["".join(line)] if line else [])


PT_WHY, EN_WHY = "(mudou desde a última avaliação)...", "(changed since its last grading)..."


@pytest.mark.parametrize(
    ("args", "language", "why", "then"),
    [
        (["next", "--lang", "pt_BR"], "C.UTF-8", PT_WHY, T02),
        (["next"], "pt_BR.UTF-8", PT_WHY, T02),
        (["next"], "C.UTF-8", EN_WHY, T02),
        (["list", "--lang", "pt_BR"], "C.UTF-8", PT_WHY, "Progresso"),
    ],
)
def test_a_grading_on_a_terminal_keeps_saying_why(kit, args, language, why, then):
    """On a terminal the reason was overwritten by the grading's progress line, and that
    line wiped when the grading ended: `make next` graded without a word of why."""
    put(kit, T01, solution(T01))
    environ = {
        k: v for k, v in AS_TYPED.items() if k not in ("NO_COLOR", "FORCE_COLOR", "KIT_LANG")
    }
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        environ.pop(variable, None)
    environ.update(LANG=language, PYTHONIOENCODING="utf-8", TERM="xterm")
    screen = on_a_terminal(kit, args, environ)
    said = next(i for i, line in enumerate(screen) if line.endswith(f"{T01} {why}"))
    assert screen[said].split()[0] in ("grading", "avaliando")
    assert any(line.startswith(then) for line in screen[said + 1 :]), screen


# -- 6. the README's first session is one a student can follow --


def first_session() -> str:
    readme = release.student_readme((ROOT / "README.md").read_text(encoding="utf-8"))
    start = readme.index("A new student's first session")
    return readme[start : readme.index("\n```\n", readme.index("```\n$ make grade", start) + 4)]


def test_the_readmes_first_session_fixes_t01_by_editing_it_and_it_passes(kit):
    session = first_session()
    assert "solutions" not in session  # a student's kit has no solutions/
    lines = session.splitlines()
    edit = next(i for i, line in enumerate(lines) if line.startswith(f"$ $EDITOR exercises/{T01}"))
    end = next(i for i in range(edit + 1, len(lines)) if lines[i].startswith("$ "))
    assert lines[end] == f"$ make grade EX={T01}"
    stub = pristine.stub_text(catalogue.get(T01))
    put(kit, T01, stub[: stub.index("def run_all(")] + "\n".join(lines[edit + 1 : end]) + "\n")

    graded = make(kit, "grade", f"EX={T01}")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    shown = [re.sub(r"\d+\.\ds$", "", line) for line in lines[end + 1 : end + 5]]
    real = [re.sub(r"\d+\.\ds$", "", line) for line in graded.stdout.splitlines()]
    assert real[:2] == shown[:2]  # the passed line (but its duration) and the total
    assert flat(graded.stdout.split("\n", 2)[2]) == flat("\n".join(shown[2:]))
