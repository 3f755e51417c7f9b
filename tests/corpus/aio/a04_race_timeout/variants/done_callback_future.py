"""A Future settled from the tasks' done callbacks and a call_later timer."""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    loop = asyncio.get_running_loop()
    verdict = loop.create_future()
    tasks = [asyncio.ensure_future(factory()) for factory in factories]
    left = len(tasks)

    def finished(task):
        nonlocal left
        left -= 1
        if task.cancelled():
            return
        error = task.exception()  # retrieved even when the race is already decided
        if verdict.done():
            return
        if error is None:
            verdict.set_result(task.result())
        elif left == 0:
            verdict.set_exception(error)

    def time_is_up():
        if not verdict.done():
            verdict.set_exception(TimeoutError(f"nothing succeeded within {timeout} s"))

    for task in tasks:
        task.add_done_callback(finished)
    timer = loop.call_later(timeout, time_is_up)
    try:
        return await verdict
    finally:
        timer.cancel()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
