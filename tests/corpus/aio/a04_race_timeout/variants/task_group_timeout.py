"""A TaskGroup inside asyncio.timeout; the winner cancels its rivals and lifts the timeout.

The timeout bounds the race, not the losers' cleanup: once a factory has won, the
deadline is lifted (reschedule(None)), or a slow cleanup would turn the win into a
TimeoutError.

requires: 3.11
"""

import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("nothing to race")
    won = []
    failures = []
    tasks = []

    async def contender(factory):
        try:
            result = await factory()
        except Exception as error:
            failures.append(error)
            return
        if not won:
            won.append(result)
            deadline.reschedule(None)
            for task in tasks:
                if task is not asyncio.current_task():
                    task.cancel()

    async with asyncio.timeout(timeout) as deadline:
        # The group waits for every child, the cancelled ones included, before it ends.
        async with asyncio.TaskGroup() as group:
            for factory in factories:
                tasks.append(group.create_task(contender(factory)))
    if won:
        return won[0]
    raise failures[-1]
