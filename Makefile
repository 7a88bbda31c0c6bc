# Engage: the commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
PORT ?= 5000
PO_FILES := $(wildcard engage/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: install run test lint format lock translations extract-messages worker clean \
	security privacy accessibility load faults

MODELS := $(VENV)/.models-stamp

install: $(STAMP) $(MO_FILES) $(MODELS)

# torch first and alone: any other route to torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Engage needs Python 3.11+ ($(PYTHON) is older)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@sh scripts/ensure-chromium.sh
	touch $(STAMP)

# The static embedding model is trained on this machine from analysis/nlp/corpus (minutes,
# once per machine: it lives in ENGAGE_MODEL_DIR, default ~/.cache/engage/models).
$(MODELS): $(STAMP) analysis/nlp/static_training.py $(wildcard analysis/nlp/corpus/*.txt)
	$(BIN)/python -m analysis.nlp.build_models
	touch $(MODELS)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(MO_FILES)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs=.venv --project=Engage --version=0.1 \
	  --copyright-holder="the Engage contributors" -w 100 -o engage/translations/messages.pot .
	$(BIN)/pybabel update -i engage/translations/messages.pot -d engage/translations --no-fuzzy-matching -w 100

run: install
	$(BIN)/engage db upgrade
	$(BIN)/engage seed-demo
	$(BIN)/engage run --host 127.0.0.1 --port $(PORT)

worker: install
	JOBS_BACKEND=rq $(BIN)/engage worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

# The quality gates of benchmarks/RESULTS.md, one command each. The first three are part of
# `make test` too; load and faults are long runs against gunicorn on 127.0.0.1.
security: install
	$(BIN)/pytest tests/security tests/browser/test_xss_sweep.py

privacy: install
	$(BIN)/pytest tests/privacy

accessibility: install
	$(BIN)/pytest tests/browser/test_a11y_sweep.py

load: install
	$(BIN)/python benchmarks/load.py --minutes 10
	$(BIN)/python benchmarks/load.py --sqlite --minutes 2

faults: install
	$(BIN)/python benchmarks/faults.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: $(STAMP)
	( echo "# Exact versions for reproducible installs, used as pip constraints by 'make install'."; \
	  echo "# torch is installed first, separately, as torch==2.13.0 (the local CPU build)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v -iE '^(torch|engage)==' ) > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
