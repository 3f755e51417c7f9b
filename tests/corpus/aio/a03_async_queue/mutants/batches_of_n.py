"""Gathers n_workers items at a time: each batch waits for its slowest item.

expect: test_exactly_n_workers_busy_while_items_wait | no concurrency | batches of n
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    results = []
    for start in range(0, len(items), n_workers):
        batch = items[start:start + n_workers]
        results += await asyncio.gather(*(worker_fn(item) for item in batch),
                                        return_exceptions=True)
    return results
