# syntax=docker/dockerfile:1
# Plan Dialogue: one image for every replica (docs/DEPLOY.md). The app runs from its TypeScript sources with tsx,
# so there is no build step: the deps stage installs production dependencies and generates the Prisma client,
# the runtime stage adds the sources.
#
# Debian slim (glibc), not Alpine: @resvg/resvg-js (chart images) ships prebuilt gnu and musl binaries, but npm ci
# installs only the one for the platform it runs on, and the lockfile is made on glibc machines; glibc keeps the
# deps and runtime stages on the same libc. PGlite is WebAssembly and pg is plain JavaScript, so either would do.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# `npm ci` runs `prisma generate` (postinstall), which reads the schema and prisma.config.ts, which imports the
# driver adapters (src/db/adapter.ts, and what it imports); copying only these keeps the install layer cached while
# the rest of the sources change. `npm run image:rehearse` fails when this list misses a file.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY src/db/adapter.ts src/db/write-tracking.ts ./src/db/
# The Prisma client uses the TypeScript query compiler (engineType "client"): no query engine binary is needed.
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    PGLITE_DIR=/app/data/pglite
WORKDIR /app
# Code and dependencies belong to root and are read-only to the app; only /app/data (the embedded database, when
# DATABASE_URL is unset) is the app's to write. tsx caches compiled files under /tmp.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY prisma ./prisma
COPY commands ./commands
COPY src ./src
COPY --from=deps /app/src/db/generated ./src/db/generated
# With no DATABASE_URL (one replica on the embedded database), mount a volume here: -v plan-data:/app/data
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (the process answers); readiness (/readyz: database and migrations) is for the proxy or orchestrator.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 (no npm or tsx CLI wrapper in between), so SIGTERM from docker stop reaches the app's
# graceful shutdown directly.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
