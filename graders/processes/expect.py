"""Comparing a list of results with the expected one, for generated inputs.

Generated items include 0 and False, 1 and True, equal lists that are distinct
objects, and 10,000-character strings: results are compared by type and repr
(a result found with list.index, or kept in a dict keyed by the item, may be
equal to the right one and still be another item's), and shown cut short.
"""

from __future__ import annotations

from graders.api import Verdict, brief, say


def first_difference(actual, expected) -> int | None:
    """The first position where two lists differ, by repr (0 and False differ), or None.

    A list of another length differs at the end of the shorter one; not a list, at 0.
    """
    if not isinstance(actual, list):
        return 0
    for index, (got, want) in enumerate(zip(actual, expected, strict=False)):
        if type(got) is not type(want) or repr(got) != repr(want):
            return index
    return None if len(actual) == len(expected) else min(len(actual), len(expected))


def expect_list(actual, expected: list, call: str) -> None:
    """Raise a Verdict naming the first wrong position unless actual matches expected."""
    index = first_difference(actual, expected)
    if index is None:
        return
    if not isinstance(actual, list):
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))
    if len(actual) != len(expected):
        raise Verdict(
            say(
                "proc.missing_at",
                call=call,
                actual=brief(actual),
                expected=brief(expected),
                got=len(actual),
                count=len(expected),
            )
        )
    raise Verdict(
        say(
            "proc.wrong_at",
            call=call,
            actual=brief(actual),
            expected=brief(expected),
            index=index,
            got=brief(actual[index]),
            want=brief(expected[index]),
        )
    )
