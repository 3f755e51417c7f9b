"""Awaits each greet in turn: correct results, but the delays add up.

expect: test_greets_run_at_the_same_time | no concurrency | add up to
expect: test_results_keep_the_order_of_jobs | no concurrency | one after another
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    results = []
    for name, delay in jobs:
        results.append(await greet(name, delay))
    return results
