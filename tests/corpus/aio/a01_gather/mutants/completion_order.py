"""Collects the greetings as they finish: the order of the jobs is lost.

expect: test_results_keep_the_order_of_jobs | wrong result | wrong order
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    return [await done for done in asyncio.as_completed([greet(n, d) for n, d in jobs])]
