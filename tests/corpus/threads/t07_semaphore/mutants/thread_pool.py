"""A pool of `limit` worker threads: the limit holds, but tasks share threads.

expect: test_each_task_runs_in_its_own_thread | wrong result | a thread pool reuses
"""

from concurrent.futures import ThreadPoolExecutor


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    with ThreadPoolExecutor(max_workers=limit) as pool:
        return list(pool.map(lambda task: task(), tasks))
