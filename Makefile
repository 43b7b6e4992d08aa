# Guichet — `make run` starts everything locally, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: site vendor run lint test test-js test-unit test-integration test-e2e test-browser bench package-size synth synth-all check-templates deploy rollback install chromium clean

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

# The supervisors' board charts (chart.js, npm): its UMD build, copied the same way.
CHART_BUNDLE := static_site/vendor/chart.umd.min.js
$(CHART_BUNDLE): $(AXE)
	mkdir -p static_site/vendor/chart.js
	cp node_modules/chart.js/dist/chart.umd.min.js $(@D)/
	cp node_modules/chart.js/LICENSE.md $(@D)/chart.js/

vendor: $(OIDC_BUNDLE) $(CHART_BUNDLE)

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

# pytest-xdist: the suite mostly waits (on the local stack, Chromium, the product's own delays), so two workers
# nearly halve it even on 2 cores. Whole files go to one worker (--dist loadfile): each worker has its own
# session stack and browser, a file's module-scoped stack and its tests' order stay as they are.
# PYTEST_WORKERS=0 runs in this process (for a debugger); the slowest tests are listed at the end.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile --durations=25

# check-templates synthesizes every stage first; the pytest run then checks those templates (tests/infrastructure).
test: $(STAMP) lint test-js check-templates chromium $(AXE) vendor
	GUICHET_REQUIRE_SYNTH=1 CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_PARALLEL)

# The front end's pure modules, with node's own test runner: static_site/components/<name>/*.test.js.
test-js:
	node --test static_site/components/

test-unit: $(STAMP)
	$(PY) -m pytest tests/unit

test-integration: $(STAMP)
	$(PY) -m pytest tests/integration

test-e2e: $(STAMP) vendor
	$(PY) -m pytest $(PYTEST_PARALLEL) tests/e2e

test-browser: $(STAMP) chromium $(AXE) vendor
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_PARALLEL) tests/browser

bench: $(STAMP)
	$(PY) -m bench.cold_start --package
	$(PY) -m bench.queue_fanout
	$(PY) -m bench

# The Lambda zip as the deploy builds it (PIP_NO_DEPS=1: only requirements.txt, no second botocore), and its size.
package-size: $(STAMP)
	$(PY) -c "from bench.cold_start import package_size; package_size()"

# The AWS stacks, synthesized offline (CDK v2 + Chalice packaging; needs Node and PyPI). Each stage's settings are in
# infrastructure/stages/<stage>.json: the stage name is the only input of a synth or a deploy.
CDK_VENV := infrastructure/.venv
CDK_PY := $(CDK_VENV)/bin/python
CDK_STAMP := $(CDK_VENV)/.installed
STAGES := dev prod
STAGE ?= dev
# PIP_NO_DEPS=1: Chalice's packaging downloads requirements.txt and nothing more (no second botocore; see it).
CDK_ENV := AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-eu-west-3} JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 PIP_NO_DEPS=1

# The CDK, Chalice's packager, cfn-lint and checkov live in their own virtualenv (checkov pins many packages).
$(CDK_STAMP): infrastructure/requirements.txt infrastructure/requirements-checks.txt
	test -x $(CDK_PY) || $(PYTHON) -m venv $(CDK_VENV)
	$(CDK_PY) -m pip install --quiet -r infrastructure/requirements.txt -r infrastructure/requirements-checks.txt
	touch $(CDK_STAMP)

# Both stacks of one stage (guichet-<stage> and guichet-<stage>-edge) into infrastructure/cdk.out/<stage>/.
synth: $(CDK_STAMP) vendor
	rm -rf infrastructure/cdk.out/$(STAGE)
	cd infrastructure && $(CDK_ENV) CDK_CONTEXT_JSON='{"stage":"$(STAGE)"}' CDK_OUTDIR=cdk.out/$(STAGE) .venv/bin/python app.py

# One synth per stage, then cfn-lint and checkov on every template (suppressions and reasons: infrastructure/checks/).
synth-all: $(CDK_STAMP) vendor
	for stage in $(STAGES); do $(MAKE) --no-print-directory synth STAGE=$$stage || exit 1; done

check-templates: synth-all
	cd infrastructure && .venv/bin/python check_templates.py

# Deploy one stage from this commit: `make deploy STAGE=prod` (needs AWS credentials and `npm install -g aws-cdk`).
# Reserved concurrency, if the stage file asks for any, is checked against the account's quota first.
deploy: $(CDK_STAMP) vendor
	cd infrastructure && $(CDK_ENV) .venv/bin/python check_quota.py $(STAGE)
	cd infrastructure && $(CDK_ENV) cdk deploy --all --app ".venv/bin/python app.py" -c stage=$(STAGE) --require-approval never

# Put a stage back to an earlier commit (its code AND its stage file): `make rollback STAGE=prod TO=<tag or commit>`.
ROLLBACK_DIR := $(CURDIR)/.rollback-$(STAGE)
rollback:
	test -n "$(TO)" || { echo "usage: make rollback STAGE=<stage> TO=<git ref>"; exit 2; }
	rm -rf $(ROLLBACK_DIR) && git worktree prune && git worktree add --detach $(ROLLBACK_DIR) $(TO)
	ln -s $(CURDIR)/$(CDK_VENV) $(ROLLBACK_DIR)/$(CDK_VENV)
	$(MAKE) -C $(ROLLBACK_DIR) deploy STAGE=$(STAGE) PYTHON=$(PYTHON)
	git worktree remove --force $(ROLLBACK_DIR)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts node_modules
