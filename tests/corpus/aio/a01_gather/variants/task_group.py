"""Python 3.11+: a TaskGroup awaits every task when its block ends.

requires: 3.11
"""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(greet(name, delay)) for name, delay in jobs]
    return [task.result() for task in tasks]
