"""asyncio.wait over the tasks, then their results: asyncio.wait refuses an empty set.

expect: test_empty_and_single | exception | ValueError
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    tasks = [asyncio.ensure_future(greet(name, delay)) for name, delay in jobs]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
