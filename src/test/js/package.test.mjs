// The package folder src/main/webapp/tidings/ (@tidings/client) as a package: its package.json
// tells the truth (version, entry, types, files), it depends on nothing, its modules keep no
// state of their own, and its types name exactly what index.js exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const PACKAGE = new URL("../../main/webapp/tidings/", import.meta.url);
const POM = new URL("../../../pom.xml", import.meta.url);
const manifest = JSON.parse(await readFile(new URL("package.json", PACKAGE), "utf8"));

/** Every file of the folder, as paths relative to it ("transports/sse.js"). */
async function filesOf(folder = PACKAGE, prefix = "") {
  const found = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...await filesOf(new URL(`${entry.name}/`, folder), `${prefix}${entry.name}/`));
    else found.push(`${prefix}${entry.name}`);
  }
  return found.sort();
}
const modules = (await filesOf()).filter((file) => file.endsWith(".js"));

test("package.json: its version is the Maven project's version (the client ships with its server)", async () => {
  const pom = await readFile(POM, "utf8");
  const project = /<artifactId>tidings<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom);
  assert.ok(project, "the project's own version in pom.xml");
  assert.equal(manifest.version, project[1]);
});

test("package.json: an ES module package whose entry and types exist, and nothing else may be imported", async () => {
  assert.equal(manifest.name, "@tidings/client");
  assert.equal(manifest.type, "module");
  assert.deepEqual(Object.keys(manifest.exports), [".", "./package.json"]);
  assert.equal(manifest.exports["."].default, "./index.js");
  assert.equal(manifest.exports["."].types, "./index.d.ts");
  assert.equal(manifest.types, "./index.d.ts");
  assert.equal(manifest.main, "./index.js");
  for (const path of [manifest.main, manifest.types]) await readFile(new URL(path, PACKAGE)); // throws if missing
});

test("package.json: `files` holds every module and the types, and names nothing that is not there", async () => {
  const all = await filesOf();
  const listed = all.filter((file) => manifest.files.some((entry) => entry.endsWith("/") ? file.startsWith(entry) : file === entry));
  // npm always packs package.json and README.md; everything else must be listed.
  assert.deepEqual(listed, all.filter((file) => file !== "package.json" && file !== "README.md"));
  for (const entry of manifest.files) {
    assert.ok(all.some((file) => entry.endsWith("/") ? file.startsWith(entry) : file === entry), `${entry} is in the folder`);
  }
});

test("no dependencies: package.json declares none, and every import is a relative path to a file of the package", async () => {
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies", "scripts"]) {
    assert.equal(manifest[field], undefined, `no ${field}`);
  }
  const packagePath = fileURLToPath(PACKAGE);
  for (const module of modules) {
    const source = await readFile(new URL(module, PACKAGE), "utf8");
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((match) => match[1]);
    for (const specifier of specifiers) {
      assert.match(specifier, /^\.\.?\/.*\.js$/, `${module} imports ${specifier}: a relative path to a .js file`);
      const target = new URL(specifier, new URL(module, PACKAGE));
      assert.ok(fileURLToPath(target).startsWith(packagePath), `${module} imports ${specifier}, outside the package`);
      assert.ok(modules.includes(fileURLToPath(target).slice(packagePath.length)), `${module} imports ${specifier}, which is missing`);
    }
  }
});

test("no module keeps mutable state of its own: no top-level let or var (each connect() owns its state)", async () => {
  assert.ok(modules.length >= 12, `the modules: ${modules}`);
  for (const module of modules) {
    const source = await readFile(new URL(module, PACKAGE), "utf8");
    const mutable = source.split("\n").filter((line) => /^(let|var)\s/.test(line));
    assert.deepEqual(mutable, [], `${module} declares module-level mutable state`);
  }
});

test("index.d.ts declares exactly what index.js exports", async () => {
  const exported = Object.keys(await import(new URL("index.js", PACKAGE))).sort();
  const types = await readFile(new URL("index.d.ts", PACKAGE), "utf8");
  const declared = [...types.matchAll(/^export (?:declare )?(?:const|function|let) (\w+)/gm)].map((match) => match[1]).sort();
  assert.deepEqual(declared, exported);
  assert.deepEqual(exported, ["TRANSPORTS", "connect"]);
});

test("tidings.js, the first address, re-exports the package's entry: the same connect and TRANSPORTS", async () => {
  const entry = await import(new URL("index.js", PACKAGE));
  const old = await import(new URL("../tidings.js", PACKAGE));
  assert.deepEqual(Object.keys(old).sort(), Object.keys(entry).sort());
  assert.equal(old.connect, entry.connect);
  assert.equal(old.TRANSPORTS, entry.TRANSPORTS);
});
