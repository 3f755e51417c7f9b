"""processes/p01_named_processes - Process(target, args, name), start all, join all.

Teaches: a process has its own pid and its own name; start every process
before joining any; exit codes are known after join.

The grader proves, with children that report back through a Queue:
- whoami() names the calling process, in the parent and in each child;
- each name ran in its own process (distinct pids, none the parent's);
- all children were running at once (a multiprocessing.Barrier that every
  child must pass; one started and joined at a time never gets there);
- exit codes are reported: sys.exit(7) gives 7, an exception gives 1;
- no child is still running when run_named returns; no names gives {};
- generated name lists (none to five, out of order, spaces and accents):
  one process started per name, under its name, each exit code under its
  own name.
Works under fork, spawn and forkserver: every target is a module-level
function of this file. A target only fork could start (a closure, a lambda)
is refused by the harness at start(), whatever the start method.

Contract:
- "`whoami() -> str` returns `multiprocessing.current_process().name`."
  -> test_whoami_names_the_calling_process, test_child_sees_its_own_name [thread_name]
- "`run_named(names: list[str], target: Callable, args: tuple = ()) -> dict[str, int]`"
  -> test_each_name_runs_in_its_own_process, test_generated_names [run_instead_of_start]
- "start one `multiprocessing.Process(target=target, args=args, name=name)` per name"
  -> test_each_name_runs_in_its_own_process, test_child_sees_its_own_name,
  test_generated_names [run_instead_of_start, name_not_given, closure_target]
- "(names are distinct)" -> not checked: a promise about the grader's own inputs
- "start all before joining any"
  -> test_children_run_at_the_same_time [start_join_one_at_a_time]
- "join all" -> test_no_child_left_behind [join_with_timeout]
- "return `{name: exitcode}`"
  -> test_exit_codes_are_reported, test_generated_names [exitcode_before_join]
- "(a child that calls `sys.exit(7)` reports 7"
  -> test_exit_codes_are_reported [exitcode_before_join]
- "no names → `{}`)" -> test_no_child_left_behind, test_generated_names [empty_returns_list]
- "each ran in its own process (distinct pids, not the parent's)"
  -> test_each_name_runs_in_its_own_process [run_instead_of_start]
- "the child saw its own name" -> test_child_sees_its_own_name [name_not_given, thread_name]
- "exit codes reported (a child that raises → non-zero)"
  -> test_exit_codes_are_reported [exitcode_before_join]
- "no child left" -> test_no_child_left_behind [join_with_timeout]
"""

import importlib
import multiprocessing
import os
import sys
import threading

import pytest

from graders.api import IPC, Verdict, explore, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

MODULE = "processes.p01_named_processes"
BARRIER_TIMEOUT = 15.0  # bounds the wait only; children meet as soon as all have started
NAMES = ["ana", "bia", "caio"]


# -- what the children run (module level: spawn and forkserver import them by name) --


def report_identity(results):
    results.put((multiprocessing.current_process().name, os.getpid()))


def report_whoami(results):
    results.put(importlib.import_module(MODULE).whoami())


def meet(barrier, results):
    try:
        barrier.wait()
        results.put("met")
    except threading.BrokenBarrierError:
        results.put("alone")


GATE_WAIT = 10.0  # bounds a child's wait for the parent's first join(); correct code joins at once


def exit_by_name(codes, joining):
    # Exit only once the parent has begun joining: an exit code read before join() is then
    # None every time, not only when the child happens to be slow.
    joining.wait(GATE_WAIT)
    code = codes[multiprocessing.current_process().name]
    if code == "raise":
        raise RuntimeError("this child fails on purpose")
    sys.exit(code)


def exit_with(codes):
    sys.exit(codes[multiprocessing.current_process().name])


def work_a_while():
    import time

    time.sleep(2)  # simulated work: a run_named that does not join returns before it ends


# -- the grader --


def drain(results, count):
    return [results.get(timeout=10) for _ in range(count)]


def run(harness, student, names, target, args=()):
    call = f"run_named({names!r}, {target.__name__}, ...)"
    return harness.call(student.run_named, names, target, args, processes=True, name=call)


@pytest.mark.points(1)
@pytest.mark.hint("p01.hint.whoami")
def test_whoami_names_the_calling_process(student, harness):
    actual = harness.call(student.whoami, processes=True)
    expected = multiprocessing.current_process().name
    if actual != expected:
        raise Verdict(say("p01.whoami", actual=actual, expected=expected))


@pytest.mark.points(2)
@pytest.mark.hint("p01.hint.own_process", exception="p01.hint.child_start")
def test_each_name_runs_in_its_own_process(student, harness):
    results = IPC.Queue()
    run(harness, student, NAMES, report_identity, (results,))
    seen = drain(results, len(NAMES))
    pids = {pid for _, pid in seen}
    call = "run_named(['ana', 'bia', 'caio'], ...)"
    if os.getpid() in pids:
        raise Verdict(say("p01.own_process", call=call, detail=say("p01.in_parent")))
    if len(pids) != len(NAMES):
        raise Verdict(
            say(
                "p01.own_process",
                call=call,
                detail=say("p01.shared_process", names=len(NAMES), processes=len(pids)),
            )
        )


@pytest.mark.points(2)
@pytest.mark.hint("p01.hint.own_name", exception="p01.hint.child_start")
def test_child_sees_its_own_name(student, harness):
    results = IPC.Queue()
    run(harness, student, NAMES, report_whoami, (results,))
    seen = sorted(drain(results, len(NAMES)))
    if seen != sorted(NAMES):
        raise Verdict(say("p01.names", seen=seen, expected=sorted(NAMES)))


@pytest.mark.points(2)
@pytest.mark.hint("p01.hint.together", exception="p01.hint.child_start")
def test_children_run_at_the_same_time(student, harness):
    names = ["p1", "p2", "p3", "p4"]
    barrier = IPC.Barrier(len(names), timeout=BARRIER_TIMEOUT)
    results = IPC.Queue()
    run(harness, student, names, meet, (barrier, results))
    met = drain(results, len(names)).count("met")
    if met < len(names):
        raise Verdict(
            say(
                "harness.not_together",
                met=max(met, 1),
                needed=len(names),
                what=say("harness.what_children"),
            ),
            verdicts.SERIAL,
        )


@pytest.mark.points(2)
@pytest.mark.hint("p01.hint.exit_codes", exception="p01.hint.child_start")
def test_exit_codes_are_reported(student, harness):
    codes = {"zero": 0, "seven": 7, "three": 3, "raises": "raise"}
    joining = IPC.Event()
    join = multiprocessing.process.BaseProcess.join

    def join_opening_the_gate(process, timeout=None):
        joining.set()
        return join(process, timeout)

    multiprocessing.process.BaseProcess.join = join_opening_the_gate
    try:
        actual = run(harness, student, list(codes), exit_by_name, (codes, joining))
    finally:
        multiprocessing.process.BaseProcess.join = join
    expected = {name: (1 if code == "raise" else code) for name, code in codes.items()}
    if actual != expected:
        raise Verdict(
            say("p01.exit_codes", call="run_named(...)", actual=actual, expected=expected)
        )


@pytest.mark.points(1)
@pytest.mark.hint(
    "p01.hint.join_all", wrong_result="p01.hint.empty", exception="p01.hint.child_start"
)
def test_no_child_left_behind(student, harness):
    run(harness, student, ["slow-1", "slow-2"], work_a_while)
    actual = run(harness, student, [], work_a_while)
    if actual != {}:
        raise Verdict(
            say("proc.wrong_result", call="run_named([], ...)", actual=actual, expected={})
        )


@pytest.mark.points(2)
@pytest.mark.hint("p01.hint.generated", exception="p01.hint.child_start")
def test_generated_names(student, harness):
    st = strategies()

    def check(names):
        # Each name its own exit code, so that a code reported under another name shows.
        codes = {name: (0, 3, 7, 1)[index % 4] for index, name in enumerate(names)}
        actual = run(harness, student, names, exit_with, (codes,))
        if not isinstance(actual, dict):
            raise Verdict(
                say(
                    "proc.wrong_result", call="run_named(names, ...)", actual=actual, expected=codes
                )
            )
        started = sorted(child.name for child in harness.started)
        if started != sorted(names):
            raise Verdict(
                say(
                    "p01.started",
                    call="run_named(names, ...)",
                    started=started,
                    names=sorted(names),
                )
            )
        if actual != codes:
            raise Verdict(
                say("p01.exit_codes", call="run_named(names, ...)", actual=actual, expected=codes)
            )

    # No names to more than the machine's cores, out of order, spaces and accents in them.
    names = st.lists(st.text("abcé -_9", min_size=1, max_size=5), unique=True, max_size=5)
    explore(harness, check, examples=6, names=names)


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p01.whoami": "whoami() returned {actual!r} in the parent, expected {expected!r}",
    "p01.own_process": "{call}: {detail}; each name must run in its own process",
    "p01.names": "the children saw the names {seen}, expected {expected}: pass name= to "
    "Process and read multiprocessing.current_process().name",
    "p01.exit_codes": "{call} returned the exit codes {actual}, expected {expected}: "
    "exitcode is only known after join()",
    "p01.in_parent": "a target ran in the parent process (run() instead of start()?)",
    "p01.shared_process": "{names} names ran in {processes} process(es)",
    "p01.started": "{call} started processes named {started}, expected one per name, "
    "{names}: Process(target=target, args=args, name=name) for each name, started once",
    # hints: one for each property a test checks (its `hint` marker)
    "p01.hint.whoami": "whoami() returns the name of the process that runs it, as "
    'multiprocessing.current_process() knows it: "MainProcess" in the parent, the name given to '
    "Process in a child.",
    "p01.hint.own_process": "run_named must start() each Process: only start() creates a child "
    "with a pid of its own, while calling run() runs target in the calling process.",
    "p01.hint.own_name": "Give each Process its name (name=name), and have whoami() ask "
    "multiprocessing for the current process, not threading for the current thread: only the "
    "process carries the name given to Process.",
    "p01.hint.child_start": "Create each Process with the target and args as given "
    "(target=target, args=args): spawn and forkserver send a child its target by name, so a "
    "closure or lambda around it cannot be started. Then call start(), not run(), which runs "
    "target in the calling process.",
    "p01.hint.together": "Start every process before joining any: a join() right after each "
    "start() waits for that child to end, so no two children ever run at once.",
    "p01.hint.exit_codes": "Join each process before you read its exitcode, and report the code "
    "under that process's name: a child still running has exitcode None, and sys.exit(7) shows "
    "as 7 only once the child has ended.",
    "p01.hint.join_all": "Call join() with no timeout on every process before run_named "
    "returns: join(timeout) gives up while the child is still running, and the child outlives "
    "the call.",
    "p01.hint.empty": "With no names there is nothing to start, but run_named still returns a "
    "dict of exit codes: an empty dict, not a list.",
    "p01.hint.generated": "Whatever the names (none, out of order, with spaces or accents), "
    "start exactly one Process per name, under that very name, and return each exit code, read "
    "after join(), under its own name.",
}
