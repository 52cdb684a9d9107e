# PIF AI: one image for the web and worker processes (the command chooses the role).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIFAI_DATA_DIR=/var/lib/pifai \
    PIFAI_HOST=0.0.0.0

RUN useradd --system --create-home --home-dir /var/lib/pifai pifai
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --upgrade pip && pip install .

USER pifai
EXPOSE 8000
ENTRYPOINT ["pifai"]
CMD ["serve", "--no-migrate"]
