"""No queue, no workers: awaits worker_fn for each item in turn.

expect: test_exactly_n_workers_busy_while_items_wait | no concurrency | sat idle
expect: test_equal_items_take_ceil_len_over_n_rounds | no concurrency | one at a time
"""


async def process_queue(items, worker_fn, n_workers):
    results = []
    for item in items:
        try:
            results.append(await worker_fn(item))
        except Exception as error:
            results.append(error)
    return results
