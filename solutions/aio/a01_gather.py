"""a01 - Awaiting coroutines concurrently (corrotinas concorrentes com asyncio): reference solution."""

import asyncio


async def greet(name: str, delay: float) -> str:
    # asyncio.sleep hands the loop to the other coroutines while this one waits.
    await asyncio.sleep(delay)
    return f"hello {name}"


async def run_concurrently(jobs: list[tuple[str, float]]) -> list[str]:
    # gather runs every coroutine at once and returns their results in argument order.
    return list(await asyncio.gather(*(greet(name, delay) for name, delay in jobs)))


if __name__ == "__main__":
    print(asyncio.run(run_concurrently([("Ana", 1.0), ("Bruno", 0.5)])))
