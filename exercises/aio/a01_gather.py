"""a01 - Awaiting coroutines concurrently (corrotinas concorrentes com asyncio).

An `async def` function does not run when you call it: the call makes a
*coroutine* object, and nothing happens until something awaits it. Awaiting
coroutines one after another runs them one after another:

    for name, delay in jobs:                       results = await asyncio.gather(
        results.append(await greet(name, delay))       *(greet(n, d) for n, d in jobs))
    takes the sum of the delays                    takes the largest delay

While one coroutine waits (`await asyncio.sleep(...)`, a network reply), the
event loop runs the others: that is how a single thread does many I/O-bound
things at once.

`run_concurrently(jobs)` gets a list of `(name, delay)` pairs. Await
`greet(name, delay)` for every pair, all of them at the same time, and
return their results in the order of `jobs`. An empty list gives `[]`.

Rules the grader checks:
- Call `greet` by its module-level name (the grader swaps in its own greet
  to watch what you do).
- Every coroutine you create must be awaited: a coroutine you only create
  never runs ("coroutine 'greet' was never awaited").
- Never block the event loop: `time.sleep` inside a coroutine stops every
  other coroutine too. Use `await asyncio.sleep(...)`.

Grade it with:  make grade EX=aio/a01_gather
"""

import asyncio


async def greet(name: str, delay: float) -> str:
    # TODO: wait `delay` seconds without blocking the event loop, then
    # return f"hello {name}".
    raise NotImplementedError("greet: await asyncio.sleep(delay), then return the greeting")


async def run_concurrently(jobs: list[tuple[str, float]]) -> list[str]:
    # TODO: make one greet(name, delay) coroutine per job.
    # TODO: await them all at once (asyncio.gather keeps their order) and return the results.
    raise NotImplementedError("run_concurrently: await every greet() at the same time")


if __name__ == "__main__":
    print(asyncio.run(run_concurrently([("Ana", 1.0), ("Bruno", 0.5)])))
