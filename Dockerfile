# bookingtime-mcp in remote mode (MCP Streamable HTTP on port 3000).
#   docker build -t bookingtime-mcp .
#   docker run --rm -p 3000:3000 -e BOOKINGTIME_MCP_ALLOWED_HOSTS=localhost,127.0.0.1 \
#     -e BOOKINGTIME_MCP_TOKENS=... -e BOOKINGTIME_CLIENT_ID=... -e BOOKINGTIME_CLIENT_SECRET=... bookingtime-mcp
#   docker stop -t 15 ...     (longer than the server's 10 s drain; Docker's default is 10 s)
# The server binds 0.0.0.0 here, so it refuses to start without BOOKINGTIME_MCP_ALLOWED_HOSTS; list
# every name clients use in the URL (localhost and 127.0.0.1 for http://127.0.0.1:3000/mcp).

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY packages ./packages
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Slim images have no curl: the probe is a one-line node script against the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/index.js", "--http", "--host", "0.0.0.0"]
