# Linchpin: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := myapp

.PHONY: run dev test test-mysql lint format bench bench-smoke bench-outbox bench-media clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

## run: install, migrate, add demo content to an empty database, serve on :8000
## with a worker thread in the same process (e-mails, jobs, the schedule)
run: $(BIN)/activate
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed --if-empty
	WORKER_IN_PROCESS=1 $(BIN)/python wsgi.py

## dev: the Flask development server with the debugger and reloader
dev: $(BIN)/activate
	$(BIN)/flask db upgrade
	$(BIN)/flask run --debug

## test: the whole suite (SQLite; set TEST_DATABASE_URL for MySQL): the fast
## tests spread over TEST_WORKERS processes, then the browser and stress tests,
## which start servers of their own, one at a time (skipped when the suite runs
## on MySQL: the stress tests choose their databases themselves)
TEST_WORKERS ?= 2
test: $(BIN)/activate
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser and not stress"
	$(BIN)/python -m pytest -m "browser or stress"

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(BIN)/activate
	$(BIN)/python -m bench.run

bench-smoke: $(BIN)/activate
	$(BIN)/python -m bench.run --smoke

## bench-media: processing a 12-megapixel JPEG (seconds, peak memory)
bench-media: $(BIN)/activate
	$(BIN)/python -m bench.media

## bench-outbox: outbox rows delivered per second to a local SMTP sink
bench-outbox: $(BIN)/activate
	$(BIN)/python -m bench.outbox

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
