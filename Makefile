# The two set-up commands (README): `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-spark chromium java sample bench lint

$(VENV)/.app: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.app
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

$(VENV)/.spark: $(VENV)/.test
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,spark]"
	touch $@

run: $(VENV)/.app  ## start the app on the sample data (generated on first start)
	$(BIN)/streamlit run app.py

test: $(VENV)/.spark chromium java  ## lint, the whole test suite, then its Spark group
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not spark"
	$(BIN)/pytest -m spark

test-spark: $(VENV)/.spark java  ## the Spark group alone: the funder queries on Spark SQL
	$(BIN)/pytest -m spark

chromium:  ## the browser tests drive Debian's Chromium; install it where we may
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install Chromium: the browser tests will say so."; \
	  else echo "Chromium is not installed (sudo apt-get install chromium): the browser tests will say so."; fi; }

java:  ## Spark (the spark test group) runs on a Java 17 runtime; install it where we may
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
	      || echo "Could not install Java: the Spark tests will say so."; \
	  else echo "Java is not installed (sudo apt-get install openjdk-17-jre-headless): the Spark tests will say so."; fi; }

sample: $(VENV)/.app  ## rebuild the sample database and its export files
	$(BIN)/python -m sample_data --exports sample_data/exports --xlsx

lint: $(VENV)/.test
	$(BIN)/ruff check .
