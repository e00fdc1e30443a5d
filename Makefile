# tgpl — the two commands a fresh machine needs: `make demo` and `make test`.
# Only Python >= 3.11 and make are assumed; everything else is installed into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))
PLUGIN_SRCS := $(wildcard plugins/*/src/*)
STAMP  := $(VENV)/.tgpl-installed
OUT    ?= out

.PHONY: all venv demo test lint types pytest docs bench clean schema pdf-tools

all: test

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tgpl needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-e '.[testing,dev,dask,bench,fast,docs,arrow]' $(foreach d,$(PLUGIN_DIRS),-e ./$(d))
	@touch $(STAMP)

venv: $(STAMP)

# The demo installs only what it needs: tgpl and the two report-format plugins (no dev,
# docs or benchmark tools), and says what it is doing while it does.
DEMO_STAMP := $(VENV)/.tgpl-demo-installed
DEMO_PLUGINS := plugins/tgpl-xlsx plugins/tgpl-docx

$(DEMO_STAMP): pyproject.toml $(foreach d,$(DEMO_PLUGINS),$(d)/pyproject.toml)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tgpl needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || { echo "==> Creating the virtual environment $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "==> Installing tgpl and the xlsx and docx report plugins into $(VENV) (a minute or two the first time)"
	@$(BIN)/python -m pip install --disable-pip-version-check -e . $(foreach d,$(DEMO_PLUGINS),-e ./$(d))
	@touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	@echo "==> Generating the demo data and reports in $(OUT)/"
	@$(BIN)/tgpl demo --out $(OUT)
	@echo
	@echo "Reports are in $(abspath $(OUT))/reports, the demo data in $(abspath $(OUT))/data."
	@echo "Run tgpl as $(abspath $(BIN))/tgpl --help, or put it on your PATH for this shell with:"
	@echo "    source $(VENV)/bin/activate"

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests benchmarks examples

types: $(STAMP)
	$(BIN)/mypy --strict src/tgpl $(PLUGIN_SRCS)

pytest: $(STAMP)
	HYPOTHESIS_PROFILE=tgpl-ci $(BIN)/python -m pytest -q 

# LibreOffice (Writer, Calc) and poppler-utils for the PDF rendering tests: installed with
# apt-get only when soffice is missing and we run as root; otherwise those tests skip.
pdf-tools:
	@bash tools/ensure-libreoffice.sh

test: lint types pdf-tools pytest

schema: $(STAMP)
	$(BIN)/python -m tgpl.io.schema docs/schema
	$(BIN)/python -m tgpl.planning.schema docs/schema
	$(BIN)/python -m tgpl.planning.quota_file docs/schema

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: $(STAMP)
	$(BIN)/python benchmarks/lifecycle.py
	$(BIN)/python benchmarks/aggregate.py --cases 100000

clean:
	rm -rf $(VENV) $(OUT) site .mypy_cache .ruff_cache .hypothesis
