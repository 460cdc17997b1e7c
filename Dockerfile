# syntax=docker/dockerfile:1
# One image recipe for every app (one folder under apps/ = one image), built from the repository
# root because the workspace packages are needed at run time:
#   docker build --build-arg APP=claims-api -t claims-api .
#   docker build --build-arg APP=frontend --build-arg PORT=80 -t frontend .
# Node 24 runs the TypeScript sources directly (type stripping), so there is no compile step.

FROM node:24-slim AS build
ARG APP
RUN test -n "$APP" || (echo "build with --build-arg APP=<folder under apps/>" >&2; exit 1)
WORKDIR /app
# The whole workspace tree (see .dockerignore), so npm ci can resolve the lockfile's workspaces.
COPY . .
RUN test -f "apps/$APP/src/main.ts" \
 && npm ci --omit=dev --ignore-scripts --workspace "apps/$APP" --no-audit --no-fund \
 && npm cache clean --force

FROM node:24-slim AS runtime
ARG APP
ARG PORT=8080
ENV NODE_ENV=production \
    PORT=${PORT} \
    APP_ENTRY=apps/${APP}/src/main.ts
WORKDIR /app
# Root-owned and read-only to the runtime user; the container runs with a read-only root
# filesystem on ECS and writes only to /tmp.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/platforms ./platforms
COPY --from=build /app/apps/${APP} ./apps/${APP}
USER node
EXPOSE ${PORT}
# slim images have no curl: Node's fetch asks the service's own /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node becomes PID 1 and receives ECS's SIGTERM itself, for the graceful stop. The telemetry
# preload starts OpenTelemetry before the app's modules load (OTEL_SDK_DISABLED=true turns it off).
CMD ["sh", "-c", "exec node --import @dwp/telemetry/register \"$APP_ENTRY\""]
