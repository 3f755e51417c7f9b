"""A winner Future settled from done callbacks, awaited under asyncio.timeout(); every
finished task's exception retrieved in the callback, even once the race is decided.

requires: 3.11

(Category: correct but unusual: asyncio.timeout instead of a call_later timer.)
"""
import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("empty factories")
    loop = asyncio.get_running_loop()
    winner = loop.create_future()
    failures = []
    tasks = []

    def on_done(task):
        if task.cancelled() or winner.done():
            if not task.cancelled():
                task.exception()  # retrieve it anyway
            return
        exc = task.exception()
        if exc is None:
            winner.set_result(task.result())
        else:
            failures.append(exc)
            if len(failures) == len(tasks):
                winner.set_exception(failures[-1])

    for make in factories:
        task = asyncio.ensure_future(make())
        tasks.append(task)
    for task in tasks:
        task.add_done_callback(on_done)
    try:
        async with asyncio.timeout(timeout):
            return await winner
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if not winner.done():
            winner.cancel()
