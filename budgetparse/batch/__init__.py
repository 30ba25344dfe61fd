"""Batch runs over a directory tree of disclosures (``budgetparse corpus``).

One module per job: ``walk`` finds the inputs, ``state`` decides what is up to date,
``worker`` parses one file in a child process, ``pool`` runs the workers with timeouts and
crash isolation, ``summary`` writes the tables, ``progress`` reports, ``runner`` ties them
together and ``commands`` is the CLI.
"""

from .runner import RunResult, run_corpus
from .summary import SUMMARY_FIELDS, summary_row

__all__ = ["SUMMARY_FIELDS", "RunResult", "run_corpus", "summary_row"]
