# One task runner. `make run` brings the whole desk up; `make test` runs every test.
SHELL := /bin/bash
PYTHON311 ?= python3.11
DESK := .venv/bin
RASA := .venv-rasa/bin

.PHONY: run test envs model lint typecheck validate eval clean

run: envs model
	$(DESK)/python -m scripts.run

# Production configuration on this machine: PostgreSQL + Redis, 2 desk workers, 2 Rasa servers.
.PHONY: run-production fault-suite
run-production: envs model
	$(DESK)/python -m scripts.production

# Longer fault scenarios against the production configuration (docs/benchmarks.md).
fault-suite: envs model
	flock /tmp/rasa-e2e.lock $(DESK)/python -m scripts.fault_suite

# PDPA retention: erase what is past its retention period (run daily: a systemd timer or cron).
.PHONY: retention audit
retention: envs
	$(DESK)/python -m scripts.retention

# Known vulnerabilities in both environments (needs PyPI's advisory service; docs/security.md).
audit: envs
	$(DESK)/python -m scripts.pip_audit

test: envs model lint typecheck
	$(DESK)/python -m pytest
	$(RASA)/python -m pytest -c tests/actions/pytest.ini tests/actions

envs: .venv/.installed .venv-rasa/.installed

.venv/.installed: pyproject.toml
	test -x $(DESK)/python || $(PYTHON311) -m venv .venv
	# The venv's own setuptools is the one Python 3.11 bundles (65.5), with two advisories
	# (docs/security.md): replace it.
	$(DESK)/pip install --quiet --upgrade pip 'setuptools>=78.1.1'
	$(DESK)/pip install --quiet -e '.[dev]'
	touch $@

.venv-rasa/.installed: requirements-rasa.txt
	test -x $(RASA)/python || "$$(scripts/python310.sh)" -m venv .venv-rasa
	$(RASA)/pip install --quiet --upgrade 'pip<24.1'
	@echo "installing Rasa 3.6 (TensorFlow, ~2.7 GB; about 3 minutes the first time) …"
	$(RASA)/pip install --quiet -r requirements-rasa.txt
	touch $@

model: envs
	$(DESK)/python -m scripts.train

lint:
	$(DESK)/ruff format --check .
	$(DESK)/ruff check .

typecheck:
	$(DESK)/mypy
	$(RASA)/mypy --config-file mypy-rasa.ini

validate: envs
	$(RASA)/python -m rasa_runtime.cli data validate --config config.yml --domain nlu/domain --data nlu/data

eval: envs model
	$(RASA)/python scripts/eval_nlu.py --model "$$($(DESK)/python -m scripts.train --print-path)"

clean:
	rm -rf models .rasa results
