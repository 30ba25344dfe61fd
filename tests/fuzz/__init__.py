"""A fuzzer for budgetparse: structure-aware generation of disclosures and mutation of the
corpus documents, each input checked against the project's guarantees (``oracle``).

Short run (inside the test suite): ``tests/test_fuzz.py``.  Long run::

    .venv/bin/python -m tests.fuzz --minutes 30 --seed 1 --failures /tmp/fuzz-failures

Each failure is written to ``--failures`` as a file of its own (``.txt``: a str given to
``parse``, as UTF-8; ``.bin``: the bytes given).  Shrink one into a fixture with
``python -m tests.fuzz.minimise FAILURE tests/fixtures/fuzz/<what-it-is>.txt``;
``tests/test_fuzz.py`` replays every file in ``tests/fixtures/fuzz`` through the same
oracle, so a failure found once stays a regression test.
"""
