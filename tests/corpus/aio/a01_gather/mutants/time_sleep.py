"""greet uses time.sleep: every other coroutine waits while it sleeps.

expect: test_greet_waits_without_blocking | blocked loop | time.sleep
expect: test_empty_and_single | blocked loop | asyncio.sleep
"""

import asyncio
import time


async def greet(name, delay):
    time.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    return await asyncio.gather(*(greet(name, delay) for name, delay in jobs))
