"""The grader API: all of the kit that a track's `test_<id>.py` may use.

A grader imports from here and from its own track's private helpers, nothing
else of the kit (tests/test_layout.py checks it), so the judge can change
inside while every grader keeps reading as its exercise's spec.

- Verdicts: raise `Verdict(message, kind)` for a property that does not hold,
  `Hang` for code that did not return in time; the kinds are `verdicts.RACE`,
  `verdicts.SERIAL`, ... Every message is a sentence from `say(key, ...)`: a
  grader's own sentences are its MESSAGES table, at its end, spoken by
  `say = speaker(__name__)`; `say` alone speaks the kit's (graders/i18n/).
- Calling the student's code: the `harness` and `student` fixtures (the
  plugin gives them to each test): `harness.call(...)`, `harness.runs()`;
  `loops.run(...)` for coroutines, on a loop that tells blocking calls and
  counts loop time; `start_and_join` for plain threads.
- Proofs of concurrency that never read a wall clock: `Rendezvous` (n callers
  ran at once), `Occupancy` (at most k at once), `ThreadCpu` (no spinning),
  `is_parked` and `lock_progress` (everyone waits and nothing moves).
- Processes: `IPC` (the multiprocessing context shared with the student's
  workers), `child_pids` and `assert_no_child_left`.
- Inputs: `explore` runs a check on generated inputs (`strategies`,
  `item_lists`, `awkward_values`, `LONG_TEXT`), seeded by the grading and shrunk;
  `brief` shows a value in one short line; `Returned` and `misplaced` compare
  results; `error_text` describes an exception at the student's line.
"""

from graders.i18n.messages import say, speaker
from graders.judge import loops, verdicts
from graders.judge.checks import (
    Occupancy,
    Rendezvous,
    ThreadCpu,
    is_parked,
    lock_progress,
    start_and_join,
)
from graders.judge.children import IPC
from graders.judge.children import assert_none_left as assert_no_child_left
from graders.judge.children import snapshot as child_pids
from graders.judge.diagnose import error_text
from graders.judge.inputs import (
    LONG_TEXT,
    Returned,
    awkward_values,
    brief,
    explore,
    item_lists,
    misplaced,
    strategies,
)
from graders.judge.verdicts import Hang, Verdict

__all__ = [
    "IPC",
    "LONG_TEXT",
    "Hang",
    "Occupancy",
    "Rendezvous",
    "Returned",
    "ThreadCpu",
    "Verdict",
    "assert_no_child_left",
    "awkward_values",
    "brief",
    "child_pids",
    "error_text",
    "explore",
    "is_parked",
    "item_lists",
    "lock_progress",
    "loops",
    "misplaced",
    "say",
    "speaker",
    "start_and_join",
    "strategies",
    "verdicts",
]
