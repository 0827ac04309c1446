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
CMD ["mailbot", "run"]
