# Guichet — `make run` starts everything locally, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: site vendor run lint test test-js test-unit test-integration test-e2e test-browser bench synth install chromium clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# axe-core (npm) checks every page for accessibility in the browser tests.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# The console's OpenID Connect client (oidc-client-ts, npm) is copied into the site, not committed.
OIDC_BUNDLE := static_site/vendor/oidc-client-ts.min.js
$(OIDC_BUNDLE): $(AXE)
	mkdir -p static_site/vendor
	cp node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js node_modules/oidc-client-ts/LICENSE $(@D)/

vendor: $(OIDC_BUNDLE)

# Debian's Chromium drives the browser tests (Playwright uses it through executable_path).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; \
	fi

# Regenerate the citizen pages from site_src/ (layout, pages, information sheets).
site: $(STAMP)
	$(PY) -m sitegen

run: $(STAMP) vendor
	HOST=$(HOST) PORT=$(PORT) $(PY) -m local

# ruff on the whole tree and mypy --strict on what ships to Lambda (settings in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy --strict chalicelib

test: $(STAMP) lint test-js chromium $(AXE) vendor
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

# The front end's pure modules, with node's own test runner: static_site/components/<name>/*.test.js.
test-js:
	node --test static_site/components/

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

test-integration: $(STAMP)
	$(PY) -m pytest tests/integration

test-e2e: $(STAMP) vendor
	$(PY) -m pytest tests/e2e

test-browser: $(STAMP) chromium $(AXE) vendor
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser

bench: $(STAMP)
	$(PY) -m bench.queue_fanout
	$(PY) -m bench

# The AWS stack, synthesized offline (CDK v2 + Chalice packaging; needs Node and PyPI).
CDK_VENV := infrastructure/.venv
STAGE ?= dev
synth: vendor
	test -x $(CDK_VENV)/bin/python || $(PYTHON) -m venv $(CDK_VENV)
	$(CDK_VENV)/bin/pip install --quiet -r infrastructure/requirements.txt
	cd infrastructure && AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-eu-west-3} CDK_CONTEXT_JSON='{"stage":"$(STAGE)"}' \
	  CDK_OUTDIR=cdk.out JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 .venv/bin/python app.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts node_modules
