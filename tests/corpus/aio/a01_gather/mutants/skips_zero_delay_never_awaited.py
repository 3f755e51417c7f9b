"""Makes a coroutine for every job, but awaits only those it thinks are slow.

expect: test_results_keep_the_order_of_jobs | wrong result | but never awaited
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    coroutines = [greet(name, delay) for name, delay in jobs]
    slow = [c for c, (_, delay) in zip(coroutines, jobs) if delay >= 1.0]
    done = await asyncio.gather(*slow)
    return [f"hello {name}" for name, _ in jobs] if len(done) == len(jobs) else list(done)
