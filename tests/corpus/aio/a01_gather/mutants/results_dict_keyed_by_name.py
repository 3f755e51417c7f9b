"""Keeps each greeting in a dict keyed by the job's name: a repeated name keeps one entry.

With distinct names the dict (filled in input order first) looks right; two
jobs for the same guest give one greeting fewer than there are jobs.

expect: test_generated_jobs_repeated_names_zero_and_equal_delays | wrong result | expected
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    results = {name: None for name, _ in jobs}

    async def one(name, delay):
        results[name] = await greet(name, delay)

    await asyncio.gather(*(one(name, delay) for name, delay in jobs))
    return list(results.values())
