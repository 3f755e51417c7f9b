"""asyncio.wait for all, then reads each task's result by index."""

import asyncio


async def greet(name, delay):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(delay, done.set_result, None)
    await done
    return "hello " + name


async def run_concurrently(jobs):
    if not jobs:
        return []
    tasks = {asyncio.ensure_future(greet(n, d)): i for i, (n, d) in enumerate(jobs)}
    await asyncio.wait(tasks)
    results = [None] * len(jobs)
    for task, index in tasks.items():
        results[index] = task.result()
    return results
