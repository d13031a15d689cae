"""Shared fixtures. `sweep` runs the long sweeps of `make slow`: in this process, or, when `make slow
SCHEDULER=tcp://HOST:PORT` sets LANDSCAPE_SCHEDULER, as one obligation on that Dask cluster (a fresh process on a
worker, killed at its time limit; checkers.cluster.evaluate)."""
import os

import pytest

SCHEDULER = "LANDSCAPE_SCHEDULER"


@pytest.fixture
def sweep():
    def run(check, timeout: float = 3600, **kwargs):
        """check(**kwargs), here or on the cluster (keyword arguments JSON values: they travel to the worker)."""
        address = os.environ.get(SCHEDULER)
        if not address:
            return check(**kwargs)
        from checkers import cluster
        from checkers.claims import Obligation
        return cluster.evaluate([Obligation(check.__name__, check, kwargs, timeout=timeout)], address)[0]
    return run
