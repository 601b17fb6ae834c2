# Two commands that work on a fresh machine with Python 3.11+, git and make:
#   make demo   build the example policy site and print where the HTML is
#   make test   run the linters, the type checker and the whole test suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= example_project/_build/demo

.PHONY: demo test lint venv clean messages screenshots

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

# Replays the example's scripted history into a fresh git repository, builds
# it, and prints where the HTML is.
demo: venv
	$(BIN)/python -m coprodoc.demo --out $(DEMO_OUT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy coprodoc

# pytest exits 5 when it collected no tests: that is a failure here.
test: lint
	@$(BIN)/python -m pytest -n auto; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	exit $$status

clean:
	rm -rf $(VENV) example_project/_build docs/_build .pytest_cache .mypy_cache .ruff_cache

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
