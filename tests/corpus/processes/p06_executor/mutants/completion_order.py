"""Collects outcomes with as_completed(): in the order the workers finish, not input order.

expect: test_results_in_order | wrong result | order
"""

from concurrent.futures import ProcessPoolExecutor, as_completed


def parallel_apply(func, items, max_workers):
    outcomes = []
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        for future in as_completed([pool.submit(func, item) for item in items]):
            try:
                outcomes.append(("ok", future.result()))
            except Exception as exc:
                outcomes.append(("error", type(exc).__name__))
    return outcomes
