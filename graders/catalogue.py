"""The one catalogue of exercises, in course order.

Grading, listing, hints and the kit's own checks all read this file; an
exercise exists exactly when it is listed here (a test proves that every
entry has a stub, a solution and a grader, and that nothing else does).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACKS = ("threads", "processes", "aio")


@dataclass(frozen=True)
class Exercise:
    id: str  # "<track>/<name>", the exercise's path under a target folder, without .py
    title: str
    points: int
    # `make hint`'s ladder, level 1 first: a nudge, then the idea, then the recipe. A failed
    # test's own hint, for the property that broke, is the grader's (its `hint` marker).
    hints: tuple[str, ...]
    runs: int = 20  # forced-interleaving repetitions of each stress test
    call_timeout: float = 6.0  # seconds one call of student code may take before it is a hang
    test_timeout: float = 60.0  # pytest-timeout backstop for one grader test

    @property
    def track(self) -> str:
        return self.id.split("/")[0]

    @property
    def name(self) -> str:
        return self.id.split("/")[1]

    def file_in(self, folder: Path) -> Path:
        return Path(folder) / f"{self.id}.py"

    @property
    def stub(self) -> Path:
        return self.file_in(ROOT / "exercises")

    @property
    def solution(self) -> Path:
        return self.file_in(ROOT / "solutions")

    @property
    def grader(self) -> Path:
        return ROOT / "graders" / self.track / f"test_{self.name}.py"

    @property
    def wall_limit(self) -> float:
        """Seconds after which the whole grading of this exercise is killed."""
        return self.test_timeout * 3 + 30


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "threads/t01_start_join",
        "Start every thread, then join them all",
        points=10,
        hints=(
            "Two loops, not one: the first starts every thread, the second joins them.",
            "A Thread's target cannot return a value to you: give each thread a slot "
            "(an index into a pre-sized list) to store its result in.",
            "results = [None] * len(tasks); one Thread per (i, (func, args)) whose target "
            "does results[i] = func(*args); start all; join all; return results.",
        ),
    ),
    Exercise(
        "threads/t02_shared_list",
        "Parallel map over a shared, pre-sized list",
        points=10,
        hints=(
            "n = min(n_threads, len(items)) threads, each owning one contiguous slice of indices.",
            "Pre-size the result list ([None] * len(items)); a thread writing only its own "
            "indices needs no lock.",
            "Chunk bounds: start = k * len(items) // n, stop = (k + 1) * len(items) // n.",
        ),
    ),
    Exercise(
        "threads/t03_queue_pipeline",
        "Producer and consumer joined by a queue",
        points=10,
        hints=(
            "queue.Queue.get() blocks until an item arrives: the consumer never needs to poll.",
            "The source may yield None, so the end-of-stream sentinel must be an object of "
            "your own: SENTINEL = object().",
            "Catch an exception in a thread, hand it to the caller (put it on the queue, or "
            "store it), always send the sentinel in a finally, join both, then re-raise.",
        ),
        call_timeout=4.0,
    ),
    Exercise(
        "threads/t04_lock_counter",
        "A counter that many threads can increment",
        points=10,
        hints=(
            "value += n is a read, an add and a write: another thread can run in between.",
            "Hold one threading.Lock around the whole update, and around the read.",
            "with self._lock: self._value += n",
        ),
    ),
    Exercise(
        "threads/t05_bank",
        "Make the insecure bank safe",
        points=15,
        hints=(
            "Checking a balance and then changing it are two steps: another thread can "
            "withdraw in between.",
            "transfer must hold the lock across withdraw and deposit, which take the lock "
            "themselves: the same thread takes it twice.",
            "self._lock = threading.RLock(); every method body runs under `with self._lock:`.",
        ),
        call_timeout=8.0,
    ),
    Exercise(
        "threads/t06_philosophers",
        "Dining philosophers without deadlock",
        points=15,
        hints=(
            "If every philosopher takes the left fork first, all can hold one fork and wait "
            "for ever.",
            "Break the cycle: make the locks be taken in one global order, or let at most "
            "n - 1 philosophers reach for forks at once.",
            "first, second = sorted((i, (i + 1) % n)); with forks[first]: with forks[second]: "
            "eat(i)",
        ),
        call_timeout=8.0,
    ),
    Exercise(
        "threads/t07_semaphore",
        "At most `limit` threads at a time",
        points=10,
        hints=(
            "A threading.Semaphore(limit) lets at most limit holders in at once.",
            "Start every thread, and acquire the semaphore inside the thread, around the "
            "task: acquiring it in the caller before start() also works.",
            "def worker(i): with sem: results[i] = tasks[i](); then start all, join all.",
        ),
    ),
    Exercise(
        "processes/p01_named_processes",
        "Processes with names",
        points=10,
        hints=(
            "multiprocessing.current_process().name is the name of the process running the line.",
            "Process(target=target, args=args, name=name) for each name; start them all, then "
            "join them all.",
            "exitcode is set only after join(): build {p.name: p.exitcode} once every process "
            "is joined.",
        ),
        runs=3,
        call_timeout=20.0,
        test_timeout=120.0,
    ),
    Exercise(
        "processes/p02_pool_map",
        "A Pool of worker processes",
        points=10,
        hints=(
            "Pool(processes).map(func, items) returns the results in the order of items.",
            "A Pool you do not close and join leaves its workers running: close() then join(), "
            "or use it as a context manager after collecting the results.",
            "with Pool(min(processes, len(items))) as pool: return pool.map(func, items)",
        ),
        runs=3,
        call_timeout=30.0,
        test_timeout=120.0,
    ),
    Exercise(
        "processes/p03_pipe_exchange",
        "A lockstep exchange over a Pipe",
        points=10,
        hints=(
            "A pipe holds only so much: a sender blocks until the other side receives.",
            "Send one item, receive its reply, then send the next; end with None so the child "
            "leaves its loop.",
            "parent, child = Pipe(); p = Process(target=child_worker, args=(child,)); "
            "for x in items: parent.send(x); replies.append(parent.recv())",
        ),
        runs=3,
        call_timeout=10.0,
        test_timeout=60.0,
    ),
    Exercise(
        "processes/p04_queue_workers",
        "Workers fed by a Queue",
        points=10,
        hints=(
            "Each worker stops when it takes a poison pill: send one per worker.",
            "A process that put large results on a Queue cannot exit until they are taken: "
            "collect every result before joining the workers.",
            "Put (index, item) tasks, then n_workers pills; get len(items) results; then join.",
        ),
        runs=3,
        call_timeout=15.0,
        test_timeout=60.0,
    ),
    Exercise(
        "processes/p05_shared_value",
        "A shared Value, safely",
        points=10,
        hints=(
            "counter.value += 1 is a read and a write: two processes can interleave them.",
            "Every Value('i') carries its own lock: counter.get_lock().",
            "with counter.get_lock(): counter.value += 1",
        ),
        runs=5,
        call_timeout=30.0,
        test_timeout=150.0,
    ),
    Exercise(
        "processes/p06_executor",
        "ProcessPoolExecutor and its failures",
        points=10,
        hints=(
            "Each future's result() re-raises the worker's exception: catch it per item.",
            "A worker that dies breaks the whole pool: every unfinished future's result(), and "
            "every later submit(), raises BrokenProcessPool. Catch it in both places and still "
            "return an outcome for every item.",
            "futures = [pool.submit(func, x) for x in items], with a submit() that raises "
            "BrokenProcessPool turned into a Future holding it; for each: try result() except "
            "Exception as e: ('error', type(e).__name__)",
        ),
        runs=2,
        call_timeout=15.0,
        test_timeout=90.0,
    ),
    # The aio track runs in virtual loop time (see graders/judge/loops.py): nothing to fuzz, so
    # few runs; call_timeout is the real-time backstop behind the loop-time limit.
    Exercise(
        "aio/a01_gather",
        "Awaiting coroutines concurrently",
        points=5,
        hints=(
            "Awaiting greet() calls one after another runs them one after another.",
            "asyncio.gather(*coroutines) runs them all at once and returns their results in "
            "the order you passed them.",
            "return await asyncio.gather(*(greet(name, delay) for name, delay in jobs))",
        ),
        runs=3,
        call_timeout=10.0,
        test_timeout=60.0,
    ),
    Exercise(
        "aio/a02_async_fetcher",
        "An async fetcher: limits, retries, timeouts",
        points=10,
        hints=(
            "One ClientSession for every request, opened with `async with`; an "
            "asyncio.Semaphore(limit) around each attempt bounds the requests in flight.",
            "Retry only what may succeed next time: 5xx, connection errors and timeouts, never "
            "a 4xx. Put the timeout around one attempt (request and body), inside the "
            "semaphore, so waiting for a slot does not count.",
            "for attempt in range(retries + 1): async with sem: try: async with asyncio.timeout"
            "(timeout) (asyncio.wait_for on 3.10) ... session.get(url) ... await resp.read(); "
            "between attempts await asyncio.sleep(0.05 * 2 ** attempt); gather over the urls.",
        ),
        runs=2,
        call_timeout=20.0,
        test_timeout=90.0,
    ),
    Exercise(
        "aio/a03_async_queue",
        "Worker tasks fed by an asyncio.Queue",
        points=10,
        hints=(
            "Workers loop for ever on `await queue.get()`; queue.join() tells you when every "
            "item was processed, if each worker calls task_done() once per item.",
            "An exception from worker_fn must not end the worker: catch it, store it as that "
            "item's result, and call task_done() in a finally.",
            "Put (index, item) pairs; start n_workers tasks; await queue.join(); cancel every "
            "worker; await asyncio.gather(*workers, return_exceptions=True).",
        ),
        runs=3,
        call_timeout=10.0,
        test_timeout=60.0,
    ),
    Exercise(
        "aio/a04_race_timeout",
        "The first success wins, the rest are cancelled",
        points=10,
        hints=(
            "asyncio.wait(tasks, return_when=FIRST_COMPLETED) hands you each task as it ends.",
            "A finished task may hold a failure: keep waiting for the others, remember the last "
            "failure, and stop at the first success or when the time is up.",
            "Loop on asyncio.wait(pending, timeout=deadline - loop.time(), return_when="
            "FIRST_COMPLETED); on success, on timeout or at the end: cancel what is pending and "
            "await it (gather(..., return_exceptions=True)) before returning or raising.",
        ),
        runs=3,
        call_timeout=10.0,
        test_timeout=60.0,
    ),
    Exercise(
        "aio/a05_to_thread",
        "Blocking work off the event loop",
        points=5,
        hints=(
            "Calling sha256_file() in a coroutine blocks the event loop while the file is read.",
            "`await asyncio.to_thread(sha256_file, path)` runs it in a thread; an "
            "asyncio.Semaphore(limit) keeps at most `limit` of them at once.",
            "async def one(path): async with sem: try: return path, await "
            "asyncio.to_thread(sha256_file, path) except Exception as e: return path, "
            'f"error: {type(e).__name__}"; dict(await asyncio.gather(*(one(p) for p in paths)))',
        ),
        runs=3,
        call_timeout=15.0,
        test_timeout=60.0,
    ),
)

BY_ID = {exercise.id: exercise for exercise in EXERCISES}


def get(exercise_id: str) -> Exercise:
    return BY_ID[exercise_id]
