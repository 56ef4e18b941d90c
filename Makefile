# unres: make targets. `make` sets up .venv, converts seeds/ into akn/ and validates; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UNRES  := $(VENV)/bin/unres
STAMP  := $(VENV)/.installed

SEEDS_TXT := $(wildcard seeds/*.txt)
SEEDS_MD  := $(wildcard seeds/*.md)
AKN       := $(patsubst seeds/%.txt,akn/%.xml,$(SEEDS_TXT)) $(patsubst seeds/%.md,akn/%.xml,$(SEEDS_MD))
CODE      := $(shell find convert -name '*.py' -o -name '*.yaml') pyproject.toml
WRITERS   := $(shell find convert/writers convert/akn -name '*.py') $(wildcard convert/data/templates/*)
RENDITION  = $(patsubst akn/%.xml,build/$(1)/%.$(1),$(AKN))

.DEFAULT_GOAL := all
.PHONY: all help setup akn validate report md html pdf docx publish bench test accept check clean distclean

all: akn validate publish ## set up, convert seeds/ into akn/, validate, render and publish public/ (the main job)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

setup: $(STAMP) ## create .venv and install unres with its test tools

# (installing compiles the reading hot path with mypyc, about a minute: again whenever one of those sources changes;
# until then the sources run, with a warning; UNRES_PURE=1 make setup installs without compiling)
HOT := $(shell $(PYTHON) -c "import runpy; print(*runpy.run_path('convert/_compiled.py')['SOURCES'])")
$(STAMP): pyproject.toml setup.py $(HOT)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	@$(PY) -c "import convert, convert._compiled as c; print('unres: the reading hot path runs', convert.RUNNING, '-', c.state()[1])"
	@touch $@

akn: $(AKN) ## convert each seed into akn/NAME.xml (incremental)

.SECONDEXPANSION:
akn/%.xml: seeds/%.txt $$(wildcard seeds/$$*.meta.yaml) $(CODE) | $(STAMP)
	$(UNRES) convert $< -o $@
akn/%.xml: seeds/%.md $$(wildcard seeds/$$*.meta.yaml) $(CODE) | $(STAMP)
	$(UNRES) convert $< -o $@

validate: $(AKN) | $(STAMP) ## check akn/*.xml against the strict OASIS XSD and the profile
	$(UNRES) validate $(AKN)

md: $(call RENDITION,md) ## render akn/ into build/md/ (clean Markdown)
html: $(call RENDITION,html) ## render akn/ into build/html/
pdf: $(call RENDITION,pdf) ## render akn/ into build/pdf/ (typst)
docx: $(call RENDITION,docx) ## render akn/ into build/docx/

build/md/%.md: akn/%.xml $(WRITERS) | $(STAMP)
	$(UNRES) render $< -t md -o $@
build/html/%.html: akn/%.xml $(WRITERS) | $(STAMP)
	$(UNRES) render $< -t html -o $@
build/pdf/%.pdf: akn/%.xml $(WRITERS) | $(STAMP)
	$(UNRES) render $< -t pdf -o $@
build/docx/%.docx: akn/%.xml $(WRITERS) | $(STAMP)
	$(UNRES) render $< -t docx -o $@

publish: $(call RENDITION,md) $(call RENDITION,html) $(call RENDITION,pdf) $(call RENDITION,docx) ## build the static site public/
	$(UNRES) publish $(AKN) --renditions build -o public

bench: $(STAMP) ## run the benchmark, write bench/RESULTS.md (about 15 minutes; bench/run.py --quick for a smoke run)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/run.py

report: $(STAMP) ## fidelity report for each seed: structure, metadata, furniture, warnings, text kept
	$(UNRES) check $(SEEDS_TXT) $(SEEDS_MD)

test: $(STAMP) ## run the test suite twice: on the compiled hot path, then on its sources (UNRES_PURE=1)
	$(PY) -m pytest
	UNRES_PURE=1 $(PY) -m pytest

accept: $(STAMP) ## regenerate the goldens (akn/ and tests/goldens/); then read `git diff`
	$(PY) tools/accept.py

check: $(STAMP) ## regenerate akn/ and fail if it differs from what is committed
	rm -f $(AKN)
	$(MAKE) --no-print-directory akn
	git diff --exit-code --stat -- akn/
	@test -z "$$(git status --porcelain --untracked-files=all -- akn/)" || { git status --short -- akn/; echo "akn/ has files git does not track"; exit 1; }
	@echo "akn/ is up to date"

clean: ## remove derived outputs (build/, public/)
	rm -rf build public .pytest_cache

distclean: clean ## also remove .venv and the compiled modules
	rm -rf $(VENV) convert/_compiled.json
	find convert -name '*.so' -delete
