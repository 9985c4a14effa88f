// The browser client at its first address, for pages that import "./tidings.js": the package is tidings/.
export * from "./tidings/index.js";
