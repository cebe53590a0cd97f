# Privacy Desk: one image for web, web-only (JOB_WORKER=off) and worker-only (npm run worker) instances.
# Built from this repository alone: docker build -t privacy-desk .   (see compose.yaml and the README)

# 1. Build: the Remix build needs the dev dependencies.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY . .
RUN npm run build

# 2. Production dependencies only (better-sqlite3 may compile here: the full image has the toolchain).
#    npm ci runs the postinstall that generates both Prisma clients into node_modules.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --omit=dev && npm cache clean --force

# 3. Runtime: the build, production node_modules, the server, migrations. No compiler, no dev tools.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY server ./server
COPY scripts/cli.mjs scripts/local-env.mjs ./scripts/
# The node user (uid 1000) owns nothing but may write SQLite files under /app/data if used.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# npm start: checks the configuration, applies pending migrations (serialised across instances), serves.
CMD ["npm", "start"]
