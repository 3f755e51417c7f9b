"""Reports the exception's message, str(exc), instead of its type's name.

expect: test_errors_are_reported_by_type_name | wrong result | ValueError
"""

from concurrent.futures import ProcessPoolExecutor


def parallel_apply(func, items, max_workers):
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(func, item) for item in items]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(("ok", future.result()))
            except Exception as exc:
                outcomes.append(("error", str(exc)))
        return outcomes
