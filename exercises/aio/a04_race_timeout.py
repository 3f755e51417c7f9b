"""a04 - Racing coroutines against a timeout (corrida entre corrotinas com tempo limite).

Sometimes you ask several sources for the same thing (three mirrors of a
file, two DNS servers) and need only the first good answer: start them all,
take the first that *succeeds*, stop the others, and give up after a while.

    tasks = [asyncio.ensure_future(factory()) for factory in factories]
    done, pending = await asyncio.wait(tasks, timeout=...,
                                       return_when=asyncio.FIRST_COMPLETED)

asyncio.wait returns the tasks that finished (`done`) and those still running
(`pending`). A finished task holds either a result (`task.exception() is
None`, then `task.result()` gives it) or the exception it raised.

`first_success(factories, timeout)` gets a list of factories: functions
without arguments that return a new awaitable (a coroutine) each time they
are called.
- Call every factory once and run all their coroutines at the same time.
- Return the result of the first one to *succeed*, first in time, not in the
  list. A result of None is a success like any other.
- A failure does not end the race: keep waiting for the others. When every
  one has failed, re-raise the failure that happened last.
- When nothing succeeded within `timeout` seconds, raise TimeoutError.
- An empty list of factories raises ValueError.
- Before returning or raising, cancel every task still running and wait
  until it has finished cancelling.

Pitfalls the grader checks:
- task.cancel() only asks. The task gets a CancelledError at its next await
  and may need a while to clean up (close a connection, say): await it after
  cancelling. `await asyncio.gather(*tasks, return_exceptions=True)` waits
  for all of them and keeps their CancelledError from reaching you.
- Awaiting the coroutines one by one, even inside asyncio.wait_for, runs
  them one after another.
- The exception of a failed task must be retrieved (task.exception(),
  task.result() or await), or asyncio reports it as never retrieved.
- Raise the builtin TimeoutError yourself. asyncio.wait_for raises
  asyncio.TimeoutError, which on Python 3.10 is a different class (the
  grader accepts it there too).

Grade it with:  make grade EX=aio/a04_race_timeout
"""

import asyncio
from collections.abc import Awaitable, Callable


async def first_success(factories: list[Callable[[], Awaitable]], timeout: float):
    # TODO: raise ValueError when there are no factories.
    # TODO: call every factory and wrap each awaitable in a task, before awaiting any.
    # TODO: wait for tasks as they finish (asyncio.wait with FIRST_COMPLETED and the time
    #       left): return the first result that is not an exception; remember the last failure.
    # TODO: nothing succeeded in time -> raise TimeoutError; all failed -> raise the last failure.
    # TODO: in every case (a finally block), cancel the tasks still pending and await them.
    raise NotImplementedError("first_success: race the factories, then cancel the losers")


if __name__ == "__main__":
    from functools import partial

    racers = [partial(asyncio.sleep, 2.0, "slow mirror"), partial(asyncio.sleep, 0.5, "fast mirror")]
    print(asyncio.run(first_success(racers, timeout=1.0)))
