# Build: compile better-sqlite3 and the TypeScript, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
# node-gyp needs these when no prebuilt better-sqlite3 binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Manifests first, so the slow native install is cached until they change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime: no compiler, no dev dependencies, not root.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LEARNING_LOG_DATA_DIR=/data
# On PostgreSQL, run with LEARNING_LOG_STORE=postgres, DATABASE_URL=postgres://… and
# LEARNING_LOG_MASTER_KEY (32 bytes in base64, the same for every instance); /data then
# stays empty, and any number of containers may share the database.
# Owned by root on purpose: the service can read its code but not change it.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
# Create /data before VOLUME so the volume starts out owned by the node user (uid 1000).
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Slim images have no curl; Node 20's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
# Node runs as PID 1 and so gets no default SIGTERM handling: main.ts must close on it.
CMD ["node", "dist/src/main.js"]
