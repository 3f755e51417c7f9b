"""Finds each greeting's slot with names.index(name): a repeated name's second slot stays None.

expect: test_generated_jobs_repeated_names_zero_and_equal_delays | wrong result | None
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    names = [name for name, _ in jobs]
    results = [None] * len(jobs)

    async def one(name, delay):
        results[names.index(name)] = await greet(name, delay)

    await asyncio.gather(*(one(name, delay) for name, delay in jobs))
    return results
