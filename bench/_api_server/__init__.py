"""The server side of bench/api.py, outside the production package: a settings module and a
urlconf that add the bare insert endpoint (the baseline) to the real URLs. Only the bench's
own gunicorn loads them (`DJANGO_SETTINGS_MODULE=bench._api_server.settings`)."""
