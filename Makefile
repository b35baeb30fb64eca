# The two set-up commands (README): `make run` and `make test`. Each installs what it needs.
# `make check` is the developer's fast tier: run it on every change, `make test` before a push.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

# A .venv whose Python is missing, broken or older than 3.11 (made by another Python, or
# half-made) is removed here, before anything reuses it, so the next step builds it afresh.
ifneq ($(shell $(BIN)/python -c 'import sys; print(sys.version_info >= (3, 11))' 2>/dev/null),True)
  $(shell rm -rf $(VENV))
endif

.PHONY: run test check test-spark chromium java sample bench lint types

# The fast tier: unit, query and page tests, without a browser, Spark, the attack on the release
# or the few marked slow (processes, large databases: about 75 s of a serial run).
FAST := not browser and not spark and not attack and not slow

$(VENV)/.app: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "The dashboard needs Python 3.11 or newer, and $(PYTHON) is not one. Run make with" \
	       "a newer one, e.g. make run PYTHON=python3.12"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# setuptools' notice on every editable install ("Editable installation ... be careful")
	@# reads as a failure to a newcomer: warnings are off for the install alone
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.app
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

$(VENV)/.spark: $(VENV)/.test
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,spark]"
	touch $@

run: $(VENV)/.app  ## start the app on the sample data (generated on first start); PORT=8502 for another port
	$(BIN)/streamlit run serve.py --server.port $(PORT)

test: $(VENV)/.spark chromium java  ## lint, type-check, the whole test suite, then its Spark group
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -m "not spark"
	$(BIN)/pytest -m spark

check: $(VENV)/.test  ## the fast tier for every change (under 5 minutes on 2 cores): lint, types, FAST tests
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadfile -m "$(FAST)"

test-spark: $(VENV)/.spark java  ## the Spark group alone: the funder queries on Spark SQL
	$(BIN)/pytest -m spark

chromium:  ## the browser tests drive Debian's Chromium (and read its PDFs with poppler-utils)
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null) \
	      || echo "Could not install Chromium and poppler-utils: the browser tests will say so."; \
	  else echo "Chromium or poppler-utils is missing (sudo apt-get install chromium poppler-utils): the browser tests will say so."; fi; }

java:  ## Spark (the spark test group) runs on a Java 17 runtime; install it where we may
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
	      || echo "Could not install Java: the Spark tests will say so."; \
	  else echo "Java is not installed (sudo apt-get install openjdk-17-jre-headless): the Spark tests will say so."; fi; }

sample: $(VENV)/.app  ## rebuild the sample database and its export files
	$(BIN)/python -m sample_data --sample --exports sample_data/exports --xlsx

lint: $(VENV)/.test
	$(BIN)/ruff check .

types: $(VENV)/.test  ## mypy on the app's code ([tool.mypy] in pyproject.toml)
	$(BIN)/mypy
