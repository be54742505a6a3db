# syntax=docker/dockerfile:1
# WebShop: the `webshop` package installed from uv.lock into a slim, non-root image, with the
# web UI built by Node and served by the package itself (one image is a whole small shop).

FROM node:20-slim AS ui
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
# vite writes ../src/webshop/web/dist: /app/src/webshop/web/dist here.
RUN npm run build

FROM python:3.11-slim AS build
ENV UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY src ./src
COPY --from=ui /app/src/webshop/web/dist ./src/webshop/web/dist
RUN uv sync --locked --no-dev --no-editable

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 webshop \
    && mkdir /data \
    && chown webshop:webshop /data
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    DATA_DIR=/data \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
USER 10001:10001
WORKDIR /home/webshop
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["webshop", "serve", "--host", "0.0.0.0", "--port", "8000"]
