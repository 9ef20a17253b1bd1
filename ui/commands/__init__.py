"""One module per ``kybrief`` command, each with ``register(subparsers)``."""
