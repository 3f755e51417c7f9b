"""processes/p05_shared_value - a Value('i') shared by processes, updated safely.

Teaches: processes share nothing but what is made to be shared;
`counter.value += 1` is a read and a write, and processes running truly in
parallel interleave them unless all hold the Value's own lock.

The grader proves:
- add_many adds exactly n in one process;
- add_many is safe when several processes run it at once on the same Value:
  the grader's processes wait at a barrier first, so they really overlap
  under every start method, and the total must be exact, run after run;
- count_in_processes returns the exact total of n_procs * n, repeated;
- count_in_processes started n_procs processes (threads, or the caller doing a
  share, count exactly too: only the processes started show the difference);
- no child is left running after either returns;
- generated sizes (1 to 4 processes, 0 to 300 increments each) give exact
  totals from that many processes.
No fuzzer is needed: real parallelism loses updates by itself.

Contract:
- "`add_many(counter, n: int) -> None` — add 1 to a `multiprocessing.Value('i')` `n` times"
  -> test_add_many_adds_exactly_n [counts_up_to_n]
- "safely (`counter.get_lock()`; holding it across the whole loop is fine too)"
  -> test_add_many_is_safe_across_processes, test_exact_total_across_processes
  [unlocked_increment, get_lock_not_held, lock_around_read_only, lock_per_child]
- "`count_in_processes(n_procs: int, n: int) -> int` — create the Value, run `add_many` in
  `n_procs` processes" -> test_exact_total_across_processes, test_no_child_left_behind,
  test_generated_sizes
  [threads_instead_of_processes, parent_does_one_share, lambda_target, lock_per_child]
- "join, return the final value" -> test_exact_total_across_processes,
  test_no_child_left_behind [returns_before_join]
- "Grader: exact totals across real processes, repeated (unsafe increments lose updates
  there without any help)." -> test_add_many_is_safe_across_processes,
  test_exact_total_across_processes [unlocked_increment, get_lock_not_held]
"""

import importlib

import pytest

from graders.api import IPC, Verdict, explore, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

MODULE = "processes.p05_shared_value"
BARRIER_TIMEOUT = 15.0  # bounds the wait only


def add_together(barrier, counter, n):
    """A child of the grader: wait until every child is ready, then add_many."""
    barrier.wait(BARRIER_TIMEOUT)
    importlib.import_module(MODULE).add_many(counter, n)


def expect_total(actual, expected, call):
    if actual == expected:
        return
    if isinstance(actual, int) and actual < expected:
        raise Verdict(
            say("p05.lost", call=call, actual=actual, expected=expected, lost=expected - actual),
            verdicts.RACE,
        )
    if isinstance(actual, int):
        raise Verdict(say("p05.too_many", call=call, actual=actual, expected=expected))
    raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


def expect_processes(harness, n_procs, call):
    """count_in_processes started n_procs processes.

    Threads (or the caller itself) count exactly too, under the GIL and the lock: only the
    processes the call started show that the work crossed a process boundary.
    """
    started = harness.started
    if len(started) != n_procs:
        raise Verdict(
            say("p05.not_processes", call=call, started=len(started), n_procs=n_procs),
            verdicts.SERIAL,
        )


def run_children(counter, n_procs, n):
    barrier = IPC.Barrier(n_procs)
    children = [
        IPC.Process(target=add_together, args=(barrier, counter, n)) for _ in range(n_procs)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()


@pytest.mark.points(1)
@pytest.mark.hint("p05.hint.adds_n")
def test_add_many_adds_exactly_n(student, harness):
    counter = IPC.Value("i", 5)  # adds to what is there: n more, not up to n
    for n, expected in ((1000, 1005), (0, 1005)):
        before = counter.value
        call = f"add_many(counter, {n})"
        harness.call(student.add_many, counter, n, processes=True, name=call)
        if counter.value != expected:
            raise Verdict(
                say("p05.added", call=call, before=before, actual=counter.value, expected=expected)
            )


@pytest.mark.points(4)
@pytest.mark.hint("p05.hint.locked")
def test_add_many_is_safe_across_processes(student, harness):
    for _run in harness.runs():
        counter = IPC.Value("i", 0)
        call = say("p05.call_processes")
        harness.call(run_children, counter, 4, 5000, processes=True, name=call)
        expect_total(counter.value, 20000, call)


@pytest.mark.points(4)
@pytest.mark.hint(
    "p05.hint.locked",
    no_concurrency="p05.hint.processes",
    exception="p05.hint.picklable",
    leak="p05.hint.join",
)
def test_exact_total_across_processes(student, harness):
    for n_procs, n in ((1, 10), (3, 0)):
        call = f"count_in_processes({n_procs}, {n})"
        actual = harness.call(student.count_in_processes, n_procs, n, processes=True, name=call)
        expect_total(actual, n_procs * n, call)
        if n:  # with nothing to add, starting no process at all is no mistake
            expect_processes(harness, n_procs, call)
    for _run in harness.runs():
        call = "count_in_processes(4, 20000)"
        actual = harness.call(student.count_in_processes, 4, 20000, processes=True, name=call)
        expect_total(actual, 80000, call)
        expect_processes(harness, 4, call)


@pytest.mark.points(1)
@pytest.mark.hint(
    "p05.hint.join", no_concurrency="p05.hint.processes", exception="p05.hint.picklable"
)
def test_no_child_left_behind(student, harness):
    call = "count_in_processes(2, 100)"
    harness.call(student.count_in_processes, 2, 100, processes=True, name=call)
    expect_processes(harness, 2, call)


@pytest.mark.points(1)
@pytest.mark.hint(
    "p05.hint.generated",
    race="p05.hint.locked",
    no_concurrency="p05.hint.processes",
    exception="p05.hint.picklable",
    leak="p05.hint.join",
)
def test_generated_sizes(student, harness):
    st = strategies()

    def check(n_procs, n):
        call = f"count_in_processes({n_procs}, {n})"
        actual = harness.call(student.count_in_processes, n_procs, n, processes=True, name=call)
        expect_total(actual, n_procs * n, call)
        if n:
            expect_processes(harness, n_procs, call)

    # One process to more than the machine's cores; nothing to add, a few, a few hundred.
    explore(harness, check, examples=5, n_procs=st.integers(1, 4), n=st.integers(0, 300))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p05.lost": "{call} counted {actual}, expected {expected}: {lost} increments were lost. "
    "counter.value += 1 reads, then writes: another process can write in between unless "
    "every process holds the same lock, counter.get_lock(), around it",
    "p05.too_many": "{call} counted {actual}, expected {expected}: more than was added",
    "p05.call_processes": "add_many(counter, 5000) in 4 processes at once",
    "p05.added": "{call} turned counter.value {before} into {actual}, expected {expected}: "
    "add_many adds 1, n times, to whatever the counter already holds",
    "p05.not_processes": "{call} started {started} process(es), expected {n_procs}: run "
    "add_many in n_procs processes of their own (multiprocessing.Process, start() then "
    "join()); threads, or the calling process doing a share, do not show that the Value is "
    "shared across processes",
    # hints: one for each property a test checks (its `hint` marker)
    "p05.hint.adds_n": "add_many adds 1 to counter.value n times, on top of whatever the "
    "counter already holds: run the loop n times rather than counting up to n.",
    "p05.hint.locked": "Every process must hold the same lock, the Value's own "
    "counter.get_lock(), taken in a with block around the whole counter.value += 1, read and "
    "write: a lock made in each process, one fetched but never taken, or one released before "
    "the write lets increments be lost.",
    "p05.hint.processes": "count_in_processes must run all n_procs shares of add_many in "
    "multiprocessing.Process children, started then joined: threads, or a share done by the "
    "calling process, never cross a process boundary.",
    "p05.hint.picklable": "Start each Process with target=add_many and args=(counter, n): spawn "
    "sends a child its target by name, so a lambda around add_many cannot be started.",
    "p05.hint.join": "Join every process before reading counter.value and returning it: until "
    "join() returns, the children may still be adding, and none may outlive the call.",
    "p05.hint.generated": "For any n_procs and n, no increments and a single process included, "
    "count_in_processes returns exactly n_procs * n, each share counted by a process of its "
    "own.",
}
