package dev.sluice.server.cli.scaffold;

/**
 * One file of a scaffolded project.
 *
 * @param path relative to the project folder, with '/'
 * @param content the bytes to write
 * @param executable whether to mark it executable (build.sh, tools/cargo-wasm)
 */
record ProjectFile(String path, byte[] content, boolean executable) {}
