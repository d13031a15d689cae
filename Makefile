# The two commands of the README: `make check` (run every claim, write the reports, apply the gate)
# and `make test` (the test suite). Both set up .venv/ with the pinned requirements first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: check test lock slow bench report-check venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	@touch $@

# SCHEDULER=tcp://HOST:PORT runs the obligations on a Dask cluster (README, "On a cluster").
check: venv
	$(PY) -m checkers check --jobs $(JOBS) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

test: venv
	$(PY) -m pytest -q -m "not slow"

lock: venv
	$(PY) -m checkers lock --jobs $(JOBS)

# SCHEDULER=tcp://HOST:PORT runs each sweep as one obligation on that Dask cluster (tests/conftest.py, `sweep`).
slow: venv
	$(if $(SCHEDULER),LANDSCAPE_SCHEDULER=$(SCHEDULER)) $(PY) -m pytest -q -m slow

# The HTML report in headless Chromium (Debian: apt-get install chromium chromium-driver): checks the
# graph and its links, writes build/report-400px.png and build/report-1400px.png.
report-check: venv
	@test -f build/report.html || $(MAKE) check
	REPORT_HTML=build/report.html $(PY) -m pytest -q -m browser tests/test_report_browser.py

# PEPit 0.5.1 is an optional benchmark dependency (pyproject's `bench` group): installed here, never needed
# by check or test.
bench: venv
	@$(PY) -c 'import PEPit' 2>/dev/null || $(PY) -m pip install --quiet --disable-pip-version-check "pepit==0.5.1"
	$(PY) -m checkers bench --jobs $(JOBS)

clean:
	rm -rf build .pytest_cache .hypothesis
