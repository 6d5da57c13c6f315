# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home desk
WORKDIR /app
# Exactly the locked versions, each checked against its hash (make lock regenerates the file).
COPY pyproject.toml requirements-prod.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-prod.lock \
    && pip install --no-cache-dir --no-deps -e .
COPY . .
RUN python -m core.i18n_compile \
    && DJANGO_SETTINGS_MODULE=rg_orders.settings.prod SECRET_KEY=build ALLOWED_HOSTS=* \
       DATABASE_URL=sqlite:///:memory: REDIS_URL=redis://localhost python manage.py collectstatic --noinput
USER desk
EXPOSE 8000
# Request bodies are capped by the desk (413) and the proxy in front, not by gunicorn (README).
CMD ["gunicorn", "rg_orders.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "3", "--threads", "4", "--no-control-socket", "--limit-request-line", "4094", "--limit-request-fields", "100", "--limit-request-field_size", "8190"]
