"""asyncio.wait(FIRST_COMPLETED) in a loop; tasks by create_task, awaited with asyncio.wait."""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    tasks = [asyncio.create_task(factory()) for factory in factories]
    failure = None
    try:
        remaining = set(tasks)
        while remaining:
            left = deadline - loop.time()
            if left <= 0:
                break
            done, remaining = await asyncio.wait(remaining, timeout=left,
                                                 return_when=asyncio.FIRST_COMPLETED)
            # Several may finish in the same step: look at all of them, winners first.
            for task in sorted(done, key=lambda t: t.exception() is not None):
                if task.exception() is None:
                    return task.result()
                failure = task.exception()
        if remaining:
            raise TimeoutError(f"nothing succeeded within {timeout} s")
        raise failure
    finally:
        unfinished = [task for task in tasks if not task.done()]
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished)
