"""Binds greet as a default argument ("faster lookup"): the module-level greet is read once,
when the function is defined, so a greet replaced later (an instrumented one) is never used.

expect: test_greets_run_at_the_same_time | wrong result | module-level name
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs, greet=greet):
    return list(await asyncio.gather(*(greet(name, delay) for name, delay in jobs)))
