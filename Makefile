# Handshake in Orbit — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate content demo messages lint format bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

# Loading again updates the shipped content in place; what students made is kept.
content: migrate
	$(PY) manage.py load_content

demo: content
	$(PY) manage.py create_demo_accounts

run: demo
	$(PY) manage.py runserver $(HOST)

test: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

messages: install-dev
	$(PY) manage.py makemessages -l ru --no-location --no-obsolete
	$(PY) manage.py compilemessages -l ru --ignore=.venv

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# wrk measures throughput (installed from Debian's package when missing, by bench/run.py); then the
# same students at 10x the seeded data (100,000 students, 2,000,000 responses), on PostgreSQL when it answers.
# Both runs always run (a missed budget exits non-zero); the target fails if either did.
bench: install-dev
	$(PY) bench/run.py; first=$$?; \
	$(PY) bench/run.py --db $$($(PY) -c "import socket; s=socket.socket(); s.settimeout(1); print('postgres' if s.connect_ex(('127.0.0.1', 5432)) == 0 else 'sqlite')") --scale 10 --no-wrk; \
	second=$$?; exit $$((first || second))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
