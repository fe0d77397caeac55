import { defineConfig } from "vite";

// The build goes to dist/, which web/embed.go embeds into the Go binary.
// Asset names carry a content hash, so the output is deterministic for a
// given lockfile and source tree, and the server can cache /assets/ forever.
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
});
