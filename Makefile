# Two commands that work on a fresh machine with Python 3.11+, git and make:
#   make demo   build the example policy site and print where the HTML is
#   make test   run the linters, the type checker and the whole test suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= example_project/_build/demo

.PHONY: demo test lint venv tools smoke-oldest clean messages screenshots

venv: $(VENV)/.installed

# Reinstall when the package metadata changes; the install is editable, so
# source edits need no reinstall.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "coprodoc needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

# Tools the tests run as users run them, each in its own environment:
# cffconvert pins jsonschema<4 (coprodoc's tests need 4), and the
# all-contributors CLI is an npm package, installed only when npm is there
# (its tests are skipped, and say so, otherwise).
TOOLS ?= .venv-tools
CFFCONVERT ?= cffconvert==2.0.0
ALL_CONTRIBUTORS_CLI ?= all-contributors-cli@6.26.1

tools: $(TOOLS)/.installed

$(TOOLS)/.installed: Makefile
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet "$(CFFCONVERT)"
	@if command -v npm >/dev/null 2>&1; then \
		echo "npm install $(ALL_CONTRIBUTORS_CLI)"; \
		npm install --silent --no-audit --no-fund --prefix $(TOOLS)/npm \
			$(ALL_CONTRIBUTORS_CLI); \
	else \
		echo "npm not found: the all-contributors CLI tests will be skipped"; \
	fi
	@touch $@

# Replays the example's scripted history into a fresh git repository, builds
# it, and prints where the HTML is.
demo: venv
	$(BIN)/python -m coprodoc.demo --out $(DEMO_OUT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy coprodoc

# pytest exits 5 when it collected no tests: that is a failure here.
test: lint tools
	@COPRODOC_TOOLS=$(TOOLS) $(BIN)/python -m pytest -n auto; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

# The smoke suite (pytest -m smoke: the example, the record builder and its
# exports, every builder, init, the privacy grep) against the oldest
# supported set, in its own environment. .ci/run runs it after make test;
# noxfile.py lists the whole matrix. Python 3.11 when it is installed.
PYTHON_OLDEST ?= $(shell command -v python3.11 || echo $(PYTHON))
OLDEST ?= .venv-oldest
OLDEST_SET ?= "sphinx==8.1.*" "docutils==0.20.*" "myst-parser==4.0.*"
SMOKE_VERSIONS := import sys, sphinx, docutils, myst_parser; \
	print("smoke suite on Python", sys.version.split()[0], "Sphinx", sphinx.__version__, \
	"docutils", docutils.__version__, "myst-parser", myst_parser.__version__)

$(OLDEST)/.installed: pyproject.toml
	$(PYTHON_OLDEST) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -e ".[test]" $(OLDEST_SET)
	@touch $@

smoke-oldest: $(OLDEST)/.installed
	@$(OLDEST)/bin/python -c '$(SMOKE_VERSIONS)'
	$(OLDEST)/bin/python -m pytest -m smoke -n auto

clean:
	rm -rf $(VENV) $(TOOLS) $(OLDEST) example_project/_build docs/_build .pytest_cache .mypy_cache .ruff_cache

# Translations: refresh the template and every language from the code, then
# compile the .mo files that ship in the package (see docs/guide/translators.md).
LOCALE := coprodoc/locale
messages: venv
	$(BIN)/pybabel extract --no-location --sort-output --omit-header -k _ -k __ \
		-o $(LOCALE)/coprodoc.pot coprodoc
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-pot-creation-date -D coprodoc \
		-i $(LOCALE)/coprodoc.pot -d $(LOCALE)
	$(BIN)/pybabel compile --statistics -D coprodoc -d $(LOCALE)

# The component gallery of the docs (docs/_static/screenshots), drawn in
# headless Chromium from the example; tests alone never change those files.
screenshots: venv
	COPRODOC_SCREENSHOTS=1 $(BIN)/python -m pytest -m a11y -k screenshots -q
