"""asyncio.as_completed with a timeout; the tasks are cancelled and gathered in a finally."""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    tasks = [asyncio.ensure_future(factory()) for factory in factories]
    last = None
    try:
        for earliest in asyncio.as_completed(tasks, timeout=timeout):
            try:
                return await earliest
            except asyncio.TimeoutError:
                raise  # the race's own timeout (asyncio.TimeoutError on 3.10)
            except Exception as error:
                last = error
        raise last
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
