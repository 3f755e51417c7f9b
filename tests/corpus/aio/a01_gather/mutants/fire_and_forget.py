"""Starts a task per job but returns as soon as the first one is done.

expect: test_greets_run_at_the_same_time | leak | still pending
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    tasks = [asyncio.ensure_future(greet(name, delay)) for name, delay in jobs]
    if tasks:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    return [f"hello {name}" for name, _ in jobs]
