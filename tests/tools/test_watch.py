"""Does `watch` grade an exercise again when it is saved, with events or by polling?

The command runs in a throwaway copy of the kit; its output is read line by
line with a bounded wait, and the save happens only once it says it watches.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections import namedtuple
from pathlib import Path

import pytest

from graders.tools import watch
from tests.kit import ROOT
from tests.kitcopy import copy_kit

T01 = "threads/t01_start_join"
WAIT = 120  # seconds: a bound for a grading of t01 (about 1 s) on a loaded machine


class Running:
    """`python -m graders watch ...` in a kit, its output lines read as they come."""

    def __init__(self, kit: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graders", "watch", *args],
            cwd=kit,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "KIT_LANG": "en"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, text: str, timeout: float = WAIT) -> str:
        """The first line (from now on) that contains `text`; fails after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0))
            except queue.Empty:
                pytest.fail(f"no line with {text!r} within {timeout} s:\n" + "\n".join(self.seen))
            if line is None:
                pytest.fail(f"watch ended before {text!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if text in line:
                return line

    def stop(self) -> int:
        """Its exit status, once it ended by itself (it is killed after WAIT s)."""
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.reader.join(timeout=WAIT)  # it reads to the end of the output, then ends
            self.process.stdout.close()


@pytest.fixture
def kit(tmp_path) -> Path:
    return copy_kit(tmp_path)


@pytest.fixture
def start(kit):
    """Start `watch` in the kit; whatever happens, it does not outlive the test."""
    started: list[Running] = []

    def starter(*args: str) -> Running:
        started.append(Running(kit, *args))
        return started[-1]

    yield starter
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
        running.stop()


@pytest.mark.parametrize(
    ("args", "announced"),
    [
        ((), "every save is graded at once"),
        (("--poll",), "by looking at the files every 0.5 s, because you asked for polling"),
    ],
)
def test_a_save_is_graded_again(kit, start, args, announced):
    running = start("--exercise", T01, "--max-gradings", "2", *args)
    assert announced in running.until("Watching threads/t01_start_join")
    running.until("failed   threads/t01_start_join")  # the stub, graded at start
    running.until("waiting for a save")
    shutil.copyfile(ROOT / "solutions" / f"{T01}.py", kit / "exercises" / f"{T01}.py")
    running.until("passed   threads/t01_start_join")
    assert "Next: threads/t02_shared_list" in running.until("Passed!")
    assert running.stop() == 0


def test_without_an_exercise_the_saved_file_is_graded(kit, start):
    running = start("--max-gradings", "2")
    running.until("Watching exercises/")
    running.until("failed   threads/t01_start_join")  # a fresh kit: the first exercise
    running.until("waiting for a save")
    bank = "threads/t04_lock_counter"
    shutil.copyfile(ROOT / "solutions" / f"{bank}.py", kit / "exercises" / f"{bank}.py")
    running.until(f"passed   {bank}")
    assert running.stop() == 0


def test_silent_file_events_fall_back_to_polling_and_say_so(tmp_path, capsys):
    watched = tmp_path / "t01_start_join.py"
    watched.write_text("one\n")
    changes = watch.Changes([watched], backstop_interval=0.05, quiet=0.05)
    assert not changes.polling, changes.fallback
    changes.stop()  # what a network mount does: the file changes, no event comes
    watched.write_text("two, longer\n")
    changed = changes.wait(timeout=WAIT)
    assert changed == {watched.resolve()}
    assert changes.polling
    assert "no file event reported it" in capsys.readouterr().out


def test_file_events_report_a_save_at_once(tmp_path):
    watched = tmp_path / "t01_start_join.py"
    watched.write_text("one\n")
    changes = watch.Changes([watched], backstop_interval=WAIT, quiet=0.05)
    try:
        assert not changes.polling, changes.fallback
        replacement = tmp_path / "t01_start_join.py.swp"  # an editor's atomic save
        replacement.write_text("two\n")
        os.replace(replacement, watched)
        # The backstop poll is WAIT s away: only the event can report it in time.
        assert changes.wait(timeout=WAIT / 2) == {watched.resolve()}
        assert not changes.polling
    finally:
        changes.stop()


def test_reading_a_file_is_not_a_change(tmp_path):
    watched = tmp_path / "t01_start_join.py"
    watched.write_text("one\n")
    changes = watch.Changes([watched], poll_because="asked", poll_interval=0.05, quiet=0.05)
    watched.read_bytes()
    assert changes.wait(timeout=0.3) == set()


def test_network_and_wsl_mounts_are_polled(monkeypatch, tmp_path):
    Part = namedtuple("Part", "device mountpoint fstype opts")
    monkeypatch.setattr(
        watch.psutil,
        "disk_partitions",
        lambda all=True: [
            Part("/dev/root", "/", "ext4", ""),
            Part("C:\\", str(tmp_path), "9p", ""),
        ],
    )
    why = watch._remote_file_system(tmp_path / "exercises")
    assert why is not None and "9p" in why
    monkeypatch.setattr(
        watch.psutil, "disk_partitions", lambda all=True: [Part("/dev/root", "/", "ext4", "")]
    )
    assert watch._remote_file_system(tmp_path) is None
