# planlib — two commands on a fresh machine:
#   make serve   install into .venv, generate the demo workspace if missing, serve the workbook
#   make test    install with test extras (and Debian chromium when missing), run the tests
#                (all but the long variants, `make test-slow`, and the 514 kab/kota, `make test-nasional`)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= $(abspath ../shared/data)
export PLANLIB_SHARED_DATA ?= $(SHARED)

.PHONY: serve test test-slow test-all test-nasional install lint format bench clean chromium

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import planlib, geopandas, pandera, rapidfuzz, voila, playwright, mypy, importlinter" || (echo "install failed" >&2; exit 1)
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the tests drive: chromium (browser tests, kaleido), LibreOffice Impress and
# poppler (a deck rendered to PNG). Installed only when missing.
chromium:
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || missing="$$missing chromium"; \
	  command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-impress"; \
	  command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages for the tests:$$missing"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi

serve: $(STAMP)
	$(VENV)/bin/planlib serve

# The checks every test target runs first, then pytest on two workers (a file stays on one).
CHECKS = $(VENV)/bin/ruff check planlib tests benchmarks && \
	$(VENV)/bin/ruff format --check planlib tests benchmarks && \
	$(VENV)/bin/lint-imports --no-cache && \
	$(VENV)/bin/mypy
PYTEST = $(PY) -m pytest -q -p no:cacheprovider --durations=15 -n 2 --dist loadfile

# every test but the long variants (`slow`) and the 514 kab/kota (`nasional`)
test: $(STAMP) $(if $(wildcard tests/browser),chromium)
	$(CHECKS)
	$(PYTEST) -m "not nasional and not slow" --junitxml=test-artifacts/junit.xml

# the long variants only: another screen size, a second signal, of what `make test` checks
test-slow: $(STAMP) $(if $(wildcard tests/browser),chromium)
	$(PYTEST) -m "slow and not nasional" --junitxml=test-artifacts/junit-slow.xml

# everything: the checks, every test, the long variants and the 514 kab/kota included
test-all: $(STAMP) $(if $(wildcard tests/browser),chromium)
	$(CHECKS)
	$(PYTEST) --junitxml=test-artifacts/junit-all.xml

# `planlib init` and a full workspace load for every one of the 514 kab/kota (a few minutes)
test-nasional: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider -n 2 -m nasional tests/test_reference.py

lint: $(STAMP)
	$(VENV)/bin/ruff check planlib tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format planlib tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/bench_workspace.py
	$(PY) benchmarks/bench_dashboards.py
	$(PY) benchmarks/bench_align.py --skala
	$(PY) benchmarks/bench_isu.py
	$(PY) benchmarks/bench_lineage.py
	$(PY) benchmarks/bench_pokir.py
	$(PY) benchmarks/bench_pagu.py
	$(PY) benchmarks/bench_keputusan.py 8 300
	$(PY) benchmarks/bench_bagikan.py
	$(PY) benchmarks/bench_documents.py
	$(PY) benchmarks/bench_room.py
	$(PY) benchmarks/bench_kernels.py
	$(PY) benchmarks/bench_kit.py
	$(PY) benchmarks/bench_security.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache demo
