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
# Source maps are for debugging a checkout; the image runs without them.
RUN npm run build && find dist -name "*.map" -delete

# The runtime stage is Node and the bundle: dist/ inlines every dependency, so there is no
# node_modules, and npm itself is removed (nothing here installs anything at run time).
FROM node:22-bookworm-slim
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="bookingtime-mcp" \
      org.opencontainers.image.description="MCP server for bookingtime appointment booking (remote mode)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/bookingtime-mcp/bookingtime-mcp" \
      io.modelcontextprotocol.server.name="io.github.bookingtime-mcp/bookingtime-mcp"
ENV NODE_ENV=production
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
WORKDIR /app
# dist/ carries its own version (written in by the build); package.json only labels the app folder.
COPY package.json ./
COPY --from=build /app/dist ./dist
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Slim images have no curl: the probe is a one-line node script against the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/index.js", "--http", "--host", "0.0.0.0"]
