"""The fuzzing tally: operations fuzzed and requests sent, shown at the end of the run."""
from collections import Counter

import pytest

SENT: Counter = Counter()        # "<METHOD> <path>" -> requests sent
STATUSES: Counter = Counter()    # status class ("2xx", "4xx"...) -> responses


class Tally:
    """Counts the requests the fuzzer sends, per operation and per status class."""

    def count(self, label: str, status: int) -> None:
        SENT[label] += 1
        STATUSES[f"{status // 100}xx"] += 1

    def sent(self, label: str) -> int:
        return SENT[label]


@pytest.fixture
def fuzz_tally() -> Tally:
    return Tally()


def pytest_terminal_summary(terminalreporter):
    if not SENT:
        return
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(STATUSES.items()))
    terminalreporter.write_sep("-", "API fuzzing")
    terminalreporter.write_line(f"{len(SENT)} operations fuzzed, {sum(SENT.values())} "
                                f"requests sent ({statuses})")
