# syntax=docker/dockerfile:1
# Multi-stage build of the newsgraph server: web assets with node, the Go
# binary (assets embedded) with the Go toolchain, then a minimal runtime.
# docker-compose.yml builds it; the image expects an external Dgraph
# (--dgraph / NEWSGRAPH_DGRAPH), since it carries no Dgraph binary.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/ ./
# The UI is optional while web/package.json does not exist.
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build && rm -rf node_modules; fi

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
COPY --from=web /src/web/ ./web/
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/newsgraph ./cmd/newsgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsgraph /usr/local/bin/newsgraph
# The demo corpus, for `docker compose run --rm newsgraph ingest /demo`.
COPY --from=build /src/examples/demo/articles /demo
USER nonroot:nonroot
# ingest writes its dead-letter file under ./data: a directory nonroot owns.
WORKDIR /home/nonroot
EXPOSE 8090
ENTRYPOINT ["/usr/local/bin/newsgraph"]
CMD ["serve", "--addr", ":8090"]
