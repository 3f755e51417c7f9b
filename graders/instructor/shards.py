"""Which slice of a folder of submissions one machine grades: `batch --shard I/N`.

A job runner (a Kubernetes Indexed Job, a SLURM array) starts N copies of the
same batch; each grades the submissions whose student's name hashes to its
slice. The hash of the name alone decides, so a student never moves to
another shard when others join, and every shard agrees without talking to
the others. Without --shard, the runner's own variables say which slice:
Kubernetes gives the index (JOB_COMPLETION_INDEX) but not the count, which
our manifest sets as JOB_COMPLETIONS; SLURM gives both.

Every shard must grade with the same seed, or its verdicts would differ from
one batch's: without --seed, a sharded batch takes its seed from the graders'
fingerprint, the same on every machine running the same kit.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graders.i18n.messages import say
from graders.instructor import intake
from graders.tools.command import UsageError

Shard = tuple[int, int]  # (index from 1, count)

KUBERNETES_INDEX = "JOB_COMPLETION_INDEX"  # set by Kubernetes in an Indexed Job, from 0
KUBERNETES_COUNT = "JOB_COMPLETIONS"  # set by our manifest: Kubernetes does not expose it
SLURM_TASK = "SLURM_ARRAY_TASK_ID"
SLURM_COUNT = "SLURM_ARRAY_TASK_COUNT"
SLURM_FIRST = "SLURM_ARRAY_TASK_MIN"  # an array may start elsewhere than 0 (--array=1-8)
SLURM_STEP = "SLURM_ARRAY_TASK_STEP"  # or step (--array=0-15:4)


@dataclass(frozen=True)
class Slice:
    """What one shard grades, for its progress line."""

    index: int
    count: int
    selected: int
    total: int


def parse(text: str) -> Shard:
    """An argument type: `I/N`, the I-th of N shards, I from 1 to N."""
    index, slash, count = text.strip().partition("/")
    try:
        shard = (int(index), int(count))
    except ValueError:
        shard = (0, 0)
    if not slash or not 1 <= shard[0] <= shard[1]:
        raise argparse.ArgumentTypeError(say("shards.bad_spec", given=text))
    return shard


def chosen(given: Shard | None, environ: Mapping[str, str]) -> Shard | None:
    """The shard asked for: --shard, else the job runner's variables, else none (grade all).

    A variable that makes no sense is a UsageError: a shard that guessed would grade
    the wrong slice, or every submission, on every machine.
    """
    if given is not None:
        return given
    if KUBERNETES_INDEX in environ:
        count = _number(environ, KUBERNETES_COUNT, needed_by=KUBERNETES_INDEX, least=1)
        index = _number(environ, KUBERNETES_INDEX, least=0)
        if index >= count:
            raise UsageError(
                say(
                    "shards.index_outside",
                    variable=KUBERNETES_INDEX,
                    value=index,
                    count=count,
                    count_variable=KUBERNETES_COUNT,
                )
            )
        return index + 1, count
    if SLURM_TASK in environ:
        count = _number(environ, SLURM_COUNT, needed_by=SLURM_TASK, least=1)
        task = _number(environ, SLURM_TASK, least=0)
        first = _number(environ, SLURM_FIRST, least=0) if SLURM_FIRST in environ else 0
        step = _number(environ, SLURM_STEP, least=1) if SLURM_STEP in environ else 1
        position, off_step = divmod(task - first, step)
        if off_step or not 0 <= position < count:
            raise UsageError(
                say("shards.task_outside", task=task, count=count, first=first, step=step)
            )
        return position + 1, count
    return None


def _number(
    environ: Mapping[str, str], variable: str, *, least: int, needed_by: str | None = None
) -> int:
    if variable not in environ:
        raise UsageError(say("shards.count_missing", variable=needed_by, count_variable=variable))
    value = environ[variable]
    try:
        number = int(value.strip())
    except ValueError:
        number = least - 1
    if number < least:
        raise UsageError(say("shards.bad_variable", variable=variable, value=value, least=least))
    return number


def shard_of(student: str, count: int) -> int:
    """The shard (from 1) of a student's submission: its name's hash, and nothing else."""
    digest = hashlib.sha256(student.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select(sources: Iterable[Path], shard: Shard) -> list[Path]:
    """The submissions of `shard`, in their given order."""
    index, count = shard
    return [s for s in sources if shard_of(intake.student_name(s), count) == index]


def shared_seed(graders_hash: str) -> int:
    """The seed of every shard of a batch given none: the same wherever the same graders run.

    In the range of the random seed an unsharded batch draws.
    """
    return int(graders_hash[:15], 16) % (10**6 - 1) + 1


def announcing(on_event: Callable[[str, object], None]) -> Callable[[str, object], None]:
    """A batch's progress that also says which shard it grades, before anything else."""

    def forward(kind: str, data: object) -> None:
        if kind == "shard" and isinstance(data, Slice):
            line = say(
                "shards.graded",
                index=data.index,
                count=data.count,
                selected=data.selected,
                total=data.total,
            )
            print(line, file=sys.stderr, flush=True)
        on_event(kind, data)

    return forward
