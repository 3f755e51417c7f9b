"""Measurements of the kit, not tests: `make bench` (speed of finding races, batch
throughput) and `make soak` (the solutions graded many times, under every Python)."""
