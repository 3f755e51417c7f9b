"""pool.map() raises at the first failing item: every result after it is lost.

expect: test_one_error_does_not_lose_the_others | wrong result | items
"""

from concurrent.futures import ProcessPoolExecutor


def parallel_apply(func, items, max_workers):
    outcomes = []
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        try:
            for value in pool.map(func, items):
                outcomes.append(("ok", value))
        except Exception as exc:
            outcomes.append(("error", type(exc).__name__))
    return outcomes
