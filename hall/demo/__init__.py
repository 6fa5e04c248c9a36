"""The demo hall: its data, the loader that builds it, and the simulators."""
