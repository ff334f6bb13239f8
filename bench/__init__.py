"""ISM's benchmarks (not tests): `make bench`, or `python bench/run.py [NAME ...]`."""
