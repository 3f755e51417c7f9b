"""Inputs drawn from the grading's seed, and the smallest one that breaks a property.

A grader's hand-picked cases show what the author thought of; a student's
mistake often hides in what nobody thought of: an empty list, more workers
than items, the same item twice, a `None` item taken for the stop signal,
an unhashable item used as a dict key, a position found with `list.index`.
`explore` draws such inputs with Hypothesis, seeded from the grading's seed
(so `SEED=N` draws the same inputs again), and when one breaks the property
it shrinks it to the smallest input that still does, which the message then
names: "fails for items=[None, None]".

Hypothesis is imported on first use only: multiprocessing children that
import a grader module (spawn, forkserver) never pay for it.
"""

from __future__ import annotations

import reprlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from graders.i18n.messages import say
from graders.judge.verdicts import Hang

# The awkward items every list input mixes in, besides small ints and strings.
# Unhashable and falsy values, None, a big int and a long string.
LONG_TEXT = "long " * 2000
BIG_INT = 10**40

_short = reprlib.Repr()
_short.maxlist = _short.maxtuple = _short.maxdict = 8
_short.maxstring = _short.maxother = 40
_short.maxlong = 50


def brief(value) -> str:
    """repr(value), cut short: generated items include 10,000-character strings."""
    return _short.repr(value)


def describe(drawn: dict) -> str:
    """`items=[None, 1], n_threads=3`, each value cut short."""
    return ", ".join(f"{name}={brief(value)}" for name, value in drawn.items())


def strategies():
    """The hypothesis.strategies module (imported here, on first use)."""
    from hypothesis import strategies as st

    return st


def awkward_values(*, unhashable: bool = True):
    """One item: small ints (0 and negatives), None, False, "", text, bytes, big values,
    and, unless told not to, unhashable lists and dicts."""
    st = strategies()
    plain = [
        st.integers(-3, 9),
        st.none(),
        st.sampled_from([0, False, "", b"", (), BIG_INT, LONG_TEXT]),
        st.text("abc", max_size=3),
        st.tuples(st.integers(0, 2), st.none()),
    ]
    if unhashable:
        plain += [
            st.lists(st.integers(0, 2), max_size=2),
            st.dictionaries(st.sampled_from("xy"), st.integers(0, 2), max_size=1),
        ]
    return st.one_of(*plain)


def item_lists(*, max_size: int = 10, unhashable: bool = True, values=None):
    """Lists from empty to max_size items, often with the very same item repeated."""
    st = strategies()
    values = values if values is not None else awkward_values(unhashable=unhashable)
    fresh = st.lists(values, max_size=max_size)
    # A small pool drawn from again and again: the same object several times.
    repeated = st.lists(values, min_size=1, max_size=3).flatmap(
        lambda pool: st.lists(st.sampled_from(pool), min_size=2, max_size=max_size)
    )
    return st.one_of(fresh, repeated)


def explore(harness, check: Callable[..., None], *, examples: int = 20, **drawn_from) -> None:
    """Call check(**drawn) for inputs drawn from the strategies; fail as the smallest failure.

    `check` raises a Verdict (or lets the student's exception through) when
    the property breaks. The failure re-raised is that of the smallest input
    that breaks the property; `harness.example` names the input, and the
    grading's message ends with it. A hang is never shrunk (each try would
    wait for the whole time limit): the first input that hangs is reported.
    """
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
    from hypothesis.configuration import set_hypothesis_home_dir

    # Hypothesis caches what it learns of the code it runs; never in the student's folder.
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "concurrency-kit-hypothesis")

    seen: dict[str, tuple[dict, BaseException] | None] = {"first": None, "last": None, "hang": None}

    def prop(**drawn):
        if seen["hang"] is not None:
            return  # stop calling the student's code: the hang is the verdict
        try:
            check(**drawn)
        except Hang as hang:
            seen["hang"] = (drawn, hang)
        except BaseException as error:
            seen["last"] = (drawn, error)
            seen["first"] = seen["first"] or seen["last"]
            raise

    run = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        print_blob=False,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )(given(**drawn_from)(prop))
    try:
        seed(harness.seed)(run)()
    except BaseException as error:  # noqa: BLE001 - re-raised below as the smallest failure
        last = seen["last"]
        # Hypothesis replays the smallest failing input last and raises its error; when
        # the property was flaky (it raised something of its own), the first failure stands.
        failure = last if last is not None and last[1] is error else seen["first"]
        if failure is None:
            raise
        drawn, original = failure
        harness.example = describe(drawn)
        _drop_hypothesis_notes(original)
        raise original from None
    if seen["hang"] is not None:
        drawn, hang = seen["hang"]
        harness.example = describe(drawn)
        raise hang


def _drop_hypothesis_notes(error: BaseException) -> None:
    """Hypothesis adds "Falsifying example: ..." notes; the kit says it in its own words."""
    notes = getattr(error, "__notes__", None)
    if notes:
        error.__notes__ = [
            note for note in notes if "alsifying" not in note and "Hypothesis" not in note
        ]


def example_suffix(example: str | None) -> str:
    return say("inputs.fails_for", example=example) if example else ""


class Returned:
    """What a grader's function returns for a drawn item: a fresh object per call, told
    apart by identity, so that equal items (0 and False, the same item twice) are not."""

    __slots__ = ("item",)

    def __init__(self, item):
        self.item = item


def misplaced(result, items: list) -> tuple[str, dict] | None:
    """Why `result` is not one fresh Returned per item, each at its item's position:
    ("wrong_length", ...), ("wrong_slot", {"index": i}) or ("same_result_twice", {}).

    A result list kept in a dict keyed by the item, or a position found with
    list.index, fails here on repeated items; each exercise words the reason
    under its own message keys (`<exercise>.<reason>`)."""
    if not isinstance(result, list) or len(result) != len(items):
        actual = len(result) if isinstance(result, list) else type(result).__name__
        return "wrong_length", {"count": len(items), "actual": actual}
    for index, (item, got) in enumerate(zip(items, result, strict=True)):
        if not isinstance(got, Returned) or got.item is not item:
            return "wrong_slot", {"index": index}
    if len({id(got) for got in result}) < len(result):
        return "same_result_twice", {}
    return None
