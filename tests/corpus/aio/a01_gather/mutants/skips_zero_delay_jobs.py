"""Drops the jobs whose delay is 0 ("nothing to wait for"): their greetings go missing.

expect: test_generated_jobs_repeated_names_zero_and_equal_delays | wrong result | expected
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    waiting = [greet(name, delay) for name, delay in jobs if delay > 0]
    return list(await asyncio.gather(*waiting))
