"""One submission's gradings, supervised away from the process that owns the gradebook.

The batch never starts a grading itself: for each submission it starts this
supervisor (`supervise`), which grades the exercises one by one through
runner.grade_exercise, in the batch's sandbox, and writes each result as a
JSON line on its stdout. Where a grading runs as the batch's own user (the
limits-only sandbox without root), it can kill or stop its parent: then only
this supervisor is lost, and the batch records that submission as an `error`
naming the exercise being graded ("the grading of t04 killed its
supervisor"), which a resumed batch keeps rather than walking into again.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from graders import catalogue, i18n
from graders.catalogue import ROOT
from graders.grading.runner import ExerciseResult, TestResult, grade_exercise, kill_tree
from graders.grading.sandbox import Limits, Sandbox
from graders.i18n.messages import say

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from graders.instructor.supervisor import main; sys.exit(main())"
)
# Past an exercise's own wall-clock limit, the runner needs a few seconds to kill and
# collect a grading; a supervisor silent for longer than this is stopped.
GRACE = 60.0


class SupervisorLost(Exception):
    """The grading of `exercise_id` killed or stopped its supervisor; str() is one line."""

    def __init__(self, exercise_id: str, message: str):
        super().__init__(message)
        self.exercise_id = exercise_id


def supervise(
    target: Path, exercises: list[catalogue.Exercise], *, seed: int, sandbox: Sandbox
) -> list[ExerciseResult]:
    """Grade `exercises` of `target` in a supervisor process; SupervisorLost if a grading
    brought it down, RuntimeError (the kit's fault) if it failed by itself."""
    request = {
        "target": str(target),
        "exercises": [exercise.id for exercise in exercises],
        "seed": seed,
        "sandbox": _sandbox_json(sandbox),
    }
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, str(ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            start_new_session=os.name == "posix",
            env={**os.environ, i18n.VARIABLE: i18n.current()},
        )
        lines: queue.Queue = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
        reader.start()
        process.stdin.write(json.dumps(request).encode() + b"\n")
        process.stdin.close()
        results: list[ExerciseResult] = []
        current = exercises[0].id if exercises else ""
        try:
            while len(results) < len(exercises):
                limit = catalogue.BY_ID[current].wall_limit + GRACE
                try:
                    line = lines.get(timeout=limit)
                except queue.Empty:
                    raise SupervisorLost(
                        current, say("batch.supervisor_wedged", id=current, seconds=round(limit))
                    ) from None
                if line is None:  # its stdout closed: it ended, or was killed
                    _lost(process, current, errors)
                message = json.loads(line)
                if "begin" in message:
                    current = message["begin"]
                else:
                    results.append(_result_from_json(message["result"]))
        finally:
            if process.poll() is None:
                kill_tree(process.pid)
                process.wait()
        return results


def _lost(process: subprocess.Popen, current: str, errors) -> None:
    code = process.wait(timeout=30)
    if code < 0 or code == 0:  # killed by a signal, or made to leave early
        how = say("batch.signal", signal=-code) if code < 0 else say("batch.exited")
        raise SupervisorLost(current, say("batch.supervisor_killed", id=current, how=how))
    errors.seek(0)
    last = (errors.read().decode(errors="replace").strip() or f"exit status {code}").splitlines()
    raise RuntimeError(last[-1])


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


# -- the supervisor's own side --


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch stops it, not a Ctrl-C
    request = json.loads(sys.stdin.readline())
    sandbox = _sandbox_from_json(request["sandbox"])
    target = Path(request["target"])
    out = sys.stdout
    for exercise_id in request["exercises"]:
        exercise = catalogue.BY_ID[exercise_id]
        _send(out, {"begin": exercise_id})
        result = grade_exercise(exercise, target, seed=request["seed"], sandbox=sandbox)
        _send(out, {"result": _result_json(result)})
    return 0


def _send(out, message: dict) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


# -- what crosses the pipe --


def _sandbox_json(sandbox: Sandbox) -> dict:
    return {
        "kind": sandbox.kind,
        "limits": dataclasses.asdict(sandbox.limits) if sandbox.limits else None,
        "bwrap": sandbox.bwrap,
        "hidden": [str(path) for path in sandbox.hidden],
    }


def _sandbox_from_json(data: dict) -> Sandbox:
    limits = Limits(**data["limits"]) if data["limits"] else None
    return Sandbox(
        data["kind"], limits, bwrap=data["bwrap"], hidden=tuple(map(Path, data["hidden"]))
    )


def _result_json(result: ExerciseResult) -> dict:
    return {
        "exercise": result.exercise.id,
        "status": result.status,
        "tests": [dataclasses.asdict(test) for test in result.tests],
        "seed": result.seed,
        "duration": result.duration,
        "log": result.log,
        "flagged": result.flagged,
    }


def _result_from_json(data: dict) -> ExerciseResult:
    return ExerciseResult(
        catalogue.BY_ID[data["exercise"]],
        data["status"],
        [TestResult(**test) for test in data["tests"]],
        data["seed"],
        data["duration"],
        data["log"],
        data["flagged"],
    )
