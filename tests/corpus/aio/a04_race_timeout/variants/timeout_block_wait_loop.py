"""asyncio.timeout around an asyncio.wait loop; the losers cancelled and awaited outside it.

requires: 3.11
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    tasks = [asyncio.ensure_future(factory()) for factory in factories]
    pending = set(tasks)
    failures = []
    try:
        async with asyncio.timeout(timeout):
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                # Every task in done is looked at: several may end at the same moment.
                errors = {task: task.exception() for task in done}
                winners = [task for task, error in errors.items() if error is None]
                if winners:
                    return winners[0].result()
                failures.extend(errors.values())
        raise failures[-1]
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
