"""ThreadPoolExecutor instead of ProcessPoolExecutor: every item runs in the caller's process.

Same interface, so results and errors look right, but no item runs in
another process (all report the caller's pid), and CPU-bound work gains
nothing under the GIL. A grader's "dying worker" item must not take the
grading process down with it here (it runs in that process).

expect: test_work_spread_over_workers | no concurrency | process
"""

from concurrent.futures import ThreadPoolExecutor


def parallel_apply(func, items, max_workers):
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(func, item) for item in items]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(("ok", future.result()))
            except Exception as exc:
                outcomes.append(("error", type(exc).__name__))
        return outcomes
