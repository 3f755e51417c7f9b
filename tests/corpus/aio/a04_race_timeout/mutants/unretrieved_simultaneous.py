"""Returns the first success of a done batch and gathers only the tasks still pending: a
task that failed at the same loop moment as the winner is in that batch, and its exception
is never retrieved ("Task exception was never retrieved"). (Category: unchecked contract
sentence: a task's exception that would otherwise vanish is reported.)

expect: test_generated_races_sizes_ties_and_falsy_results | exception | nobody retrieved its exception
"""
import asyncio


async def first_success(factories, timeout):
    if not factories:
        raise ValueError("no factories")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    tasks = [asyncio.ensure_future(f()) for f in factories]
    pending = set(tasks)
    last_error = None
    try:
        while pending:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(pending, timeout=remaining,
                                               return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                if t.exception() is None:
                    return t.result()
                last_error = t.exception()
        if pending:
            raise TimeoutError(f"no success within {timeout} s")
        raise last_error
    finally:
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
