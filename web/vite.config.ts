import { defineConfig } from "vite";

// The build goes to dist/, which web/embed.go embeds into the Go binary.
// Asset names carry a content hash, so the output is deterministic for a
// given lockfile and source tree, and the server can cache /assets/ forever.
// `npm run dev` serves src/ with /graphql proxied to a running
// `newsgraph serve` (NEWSGRAPH_API, default http://localhost:8090).
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    target: "es2022",
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { "/graphql": process.env.NEWSGRAPH_API ?? "http://localhost:8090" },
  },
});
