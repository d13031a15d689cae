# The two commands of the README: `make check` (run every claim, write the reports, apply the gate)
# and `make test` (the test suite). Both set up .venv/ with the pinned requirements first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: check test lock slow bench venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	@touch $@

check: venv
	$(PY) -m checkers check --jobs $(JOBS)

test: venv
	$(PY) -m pytest -q -m "not slow"

lock: venv
	$(PY) -m checkers lock --jobs $(JOBS)

slow: venv
	$(PY) -m pytest -q -m slow

bench: venv
	$(PY) -m checkers bench --jobs $(JOBS)

clean:
	rm -rf build .pytest_cache .hypothesis
