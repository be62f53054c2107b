# syntax=docker/dockerfile:1
#
# The worker process: outbox relay and queue processors; its only HTTP is GET
# /health (and GET /metrics with METRICS_TOKEN) on WORKER_HEALTH_PORT. Build
# from the repository root:
#   docker build -f docker/worker.Dockerfile -t coalition-referral-hub-worker .
# The build stage is word for word the one in api.Dockerfile, so a second
# image built on the same machine reuses its cached layers.

# The Node line the project is tested on (package.json engines). Both stages use
# the same image so a native binding built here loads against the same glibc there.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# argon2 compiles its binding with node-gyp when no shipped binary fits the platform.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
# npm 11 applies package.json's allowScripts: argon2's and msgpackr-extract's install
# scripts run, unapproved ones do not. Node 20's bundled npm ignores the field.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
ENV npm_config_update_notifier=false \
    npm_config_audit=false \
    npm_config_fund=false
WORKDIR /app
# Manifests alone first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
# What the build compiles (apps/ includes the web console, built by Vite into
# dist/web and served by the API at /); tests, docs and tooling stay out.
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
# Nest closes the app on SIGTERM, then re-raises the signal to end the process. As
# PID 1, node would ignore that re-raised signal and exit only once nothing holds
# its event loop open; under tini it ends at once, and tini forwards and reaps.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
# HOST: the health endpoint binds to it; the code's default (127.0.0.1) would hide
# it from anything outside the container. Source maps turn stack traces in the
# logs back into TypeScript lines.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    WORKER_HEALTH_PORT=3001 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Left owned by root: the process user can read the code but not change it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The file-system blob store's folder (BLOB_DIR in compose.yaml), owned by the
# process user so a volume mounted there starts writable.
RUN mkdir -p /var/lib/crh/blobs && chown 1000:1000 /var/lib/crh/blobs
# The image's "node" user, by number so orchestrators can verify runAsNonRoot.
USER 1000:1000
# The health endpoint only; the worker serves no other HTTP.
EXPOSE 3001
# 503 while PostgreSQL or Redis is down; the start period covers migrations at boot.
# WORKER_HEALTH_PORT=0 (a random port) would leave this check nothing to call.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WORKER_HEALTH_PORT || 3001) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/worker/src/main.js"]
