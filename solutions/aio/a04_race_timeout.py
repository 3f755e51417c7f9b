"""a04 - Racing coroutines against a timeout (corrida entre corrotinas com tempo limite): reference solution."""

import asyncio
from collections.abc import Awaitable, Callable


async def first_success(factories: list[Callable[[], Awaitable]], timeout: float):
    if not factories:
        raise ValueError("first_success needs at least one factory")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # One task per factory, all created before waiting for any: they run together.
    # ensure_future accepts any awaitable, not only coroutines.
    pending = {asyncio.ensure_future(factory()) for factory in factories}
    last_failure = None
    try:
        while pending:
            done, pending = await asyncio.wait(
                pending, timeout=max(0.0, deadline - loop.time()),
                return_when=asyncio.FIRST_COMPLETED,
            )
            if not done:
                raise TimeoutError(f"no factory succeeded within {timeout} s")
            # Tell success from failure by the exception, never by the value: None is a result.
            # Asking every done task also retrieves the failures that finished beside a success,
            # or asyncio would log "Task exception was never retrieved" for them.
            failures = {task: task.exception() for task in done}
            for task, failure in failures.items():
                if failure is None:
                    return task.result()
            # A failure does not end the race; keep the latest one for when all have failed.
            last_failure = next(iter(failures.values()))
        raise last_failure
    finally:
        # cancel() only asks: each task gets CancelledError at its next await and may clean
        # up for a while. gather waits until they are all finished and keeps their
        # CancelledError from reaching us.
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


if __name__ == "__main__":
    from functools import partial

    racers = [partial(asyncio.sleep, 2.0, "slow mirror"), partial(asyncio.sleep, 0.5, "fast mirror")]
    print(asyncio.run(first_success(racers, timeout=1.0)))
