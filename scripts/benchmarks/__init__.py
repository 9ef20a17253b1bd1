"""The parts of ``scripts/bench.py`` (one module per part, plus the speed run's helpers)."""
