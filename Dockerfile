FROM python:3.11-slim-bookworm
WORKDIR /srv/mailbot
COPY pyproject.toml README.md ./
COPY mailbot ./mailbot
COPY handlers ./handlers
COPY templates ./templates
COPY config ./config
RUN pip install --no-cache-dir '.[postgres]' && useradd --system --home /srv/mailbot mailbot \
    && mkdir -p /srv/mailbot/var && chown mailbot /srv/mailbot/var
USER mailbot
# Mount your routing config at /srv/mailbot/config/mailbot.yaml (or set MAILBOT_CONFIG),
# and pass credentials as the environment variables it names.
VOLUME ["/srv/mailbot/var"]
# Healthy while /healthz answers 200 (mailboxes looked through, worker alive, outbox moving).
# This needs `health: {port: 9464}` in the container's config (health is off by default);
# without it the container reports unhealthy.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9464/healthz', timeout=8)"]
CMD ["mailbot", "run"]
