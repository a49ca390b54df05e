// Rehearses the Docker image where no Docker engine runs (our machines and CI have the client only).
//
// It follows the Dockerfile instruction by instruction, with a folder per stage standing for that stage's
// filesystem: COPY from the build context (the files git sees, filtered by .dockerignore, as a clean checkout
// would send them) or from an earlier stage, RUN in the stage's WORKDIR, ENV, USER. Then it starts the runtime
// stage's CMD twice, as docker-compose.yml's two replicas, on one PostgreSQL, as an unprivileged user that cannot
// write to the code, and checks: both become ready, every migration is applied once, the HEALTHCHECK command
// passes, /metrics answers, and STOPSIGNAL makes both exit 0 within the compose file's grace period. Where nginx
// is installed it also puts deploy/nginx.conf in front of the two (Docker's names and DNS replaced by local ports)
// and checks that /readyz passes through it and that no spelling of /metrics does; without nginx it says so.
//
// What it catches: a runtime dependency kept in devDependencies, a folder the image forgets to copy, an app that
// writes outside /app/data, a shutdown that hangs. What it cannot: the base image's own contents (the host's Node is
// used; the image's is node:20 too), the proxy's own image (the host's nginx is used), and Docker's networking.
//
// Usage: npm run image:rehearse   (DATABASE_URL or TEST_DATABASE_URL: a PostgreSQL; a fresh schema is used and
// dropped). Instructions it does not know stop it with their line, so it cannot silently fall behind the Dockerfile.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import ignore from "@balena/dockerignore";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import pg from "pg";
import YAML from "yaml";

const repo = path.resolve(import.meta.dirname, "..");
const READY_TIMEOUT_MS = 120_000;

interface Stage {
  name: string;
  root: string; // stands for the stage's "/"
  workdir: string; // a container path
  env: Record<string, string>;
  user?: string;
}

/** A container path as a path under the stage's folder. */
const onHost = (stage: Stage, containerPath: string) =>
  path.join(stage.root, path.posix.resolve(stage.workdir, containerPath));

function line(i: Instruction) {
  return `Dockerfile line ${i.getRange().start.line + 1}`;
}

/** The build context: files git sees (tracked, or untracked and not ignored), less .dockerignore's. */
function contextFiles(): Set<string> {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: repo })
    .toString()
    .split("\0")
    .filter((f) => f && existsSync(path.join(repo, f)));
  const dockerignore = existsSync(path.join(repo, ".dockerignore"))
    ? readFileSync(path.join(repo, ".dockerignore"), "utf8")
    : "";
  return new Set(ignore().add(dockerignore).filter(listed));
}

function copyFromContext(context: Set<string>, source: string, target: string, i: Instruction) {
  const src = path.posix.normalize(source).replace(/\/$/, "");
  const files = [...context].filter((f) => f === src || f.startsWith(`${src}/`));
  if (files.length === 0) throw new Error(`${line(i)}: COPY ${source}: not in the build context`);
  for (const f of files) {
    const rel = f === src ? path.posix.basename(f) : path.posix.relative(src, f);
    const to = f === src && !target.endsWith("/") ? target : path.join(target, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(repo, f), to);
  }
}

function copyFromStage(from: Stage, source: string, target: string, i: Instruction) {
  const src = onHost(from, source);
  if (!existsSync(src)) throw new Error(`${line(i)}: COPY --from=${from.name} ${source}: not in that stage`);
  const to = statSync(src).isFile() && target.endsWith("/") ? path.join(target, path.basename(src)) : target;
  cpSync(src, to, { recursive: true, verbatimSymlinks: true });
}

/** Container paths in a shell command or an ENV value (`/app/…`) as host paths. */
function hostPaths(stage: Stage, text: string) {
  return text.replace(/(^|[\s=:])(\/app)(?=[/\s]|$)/g, (_, before: string, p: string) => before + onHost(stage, p));
}

/** The unprivileged user the image runs as; `node` (the official images' user) is `nobody` where it doesn't exist. */
function hostUser(name: string | undefined): { uid: number; gid: number; name: string } | null {
  if (!name || process.getuid?.() !== 0) return null; // not root: run as ourselves, which is unprivileged already
  const known = (n: string) => {
    try {
      return {
        uid: Number(
          execFileSync("id", ["-u", n], { stdio: ["ignore", "pipe", "ignore"] })
            .toString()
            .trim(),
        ),
        gid: Number(
          execFileSync("id", ["-g", n], { stdio: ["ignore", "pipe", "ignore"] })
            .toString()
            .trim(),
        ),
        name: n,
      };
    } catch {
      return null;
    }
  };
  return known(name) ?? known("nobody");
}

function buildStages(work: string) {
  const dockerfile = DockerfileParser.parse(readFileSync(path.join(repo, "Dockerfile"), "utf8"));
  const context = contextFiles();
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  let cmd: string[] | undefined;
  let healthcheck: string[] | undefined;
  let stopSignal: NodeJS.Signals = "SIGTERM";
  for (const i of dockerfile.getInstructions()) {
    const keyword = i.getKeyword();
    const args = i.getArguments().map((a) => a.getValue());
    if (keyword === "ARG" || keyword === "EXPOSE") continue; // the base image is the host; ports are the script's
    if (keyword === "FROM") {
      const name = args[2] ?? `stage${stages.size}`;
      stage = { name, root: path.join(work, name), workdir: "/", env: {} };
      mkdirSync(stage.root, { recursive: true });
      stages.set(name, stage);
      cmd = healthcheck = undefined;
      console.log(`== stage ${name}`);
      continue;
    }
    if (!stage) throw new Error(`${line(i)}: ${keyword} before FROM`);
    const flags =
      "getFlags" in i
        ? (i as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags()
        : [];
    switch (keyword) {
      case "WORKDIR":
        stage.workdir = path.posix.resolve(stage.workdir, args[0]!);
        mkdirSync(onHost(stage, "."), { recursive: true });
        break;
      case "ENV":
        for (const a of args) {
          const eq = a.indexOf("=");
          if (eq < 1) throw new Error(`${line(i)}: ENV ${a}: only the name=value form is rehearsed`);
          stage.env[a.slice(0, eq)] = a.slice(eq + 1);
        }
        break;
      case "COPY": {
        const from = flags.find((f) => f.getName() === "from")?.getValue();
        const unknown = flags.filter((f) => f.getName() !== "from").map((f) => f.getName());
        if (unknown.length) throw new Error(`${line(i)}: COPY --${unknown[0]} is not rehearsed`);
        const dest = args.at(-1)!;
        const target = onHost(stage, dest) + (dest.endsWith("/") ? "/" : "");
        for (const source of args.slice(0, -1)) {
          if (from) {
            const fromStage = stages.get(from);
            if (!fromStage) throw new Error(`${line(i)}: COPY --from=${from}: no such stage`);
            copyFromStage(fromStage, source, target, i);
          } else copyFromContext(context, source, target, i);
        }
        console.log(`   COPY ${from ? `--from=${from} ` : ""}${args.join(" ")}`);
        break;
      }
      case "RUN": {
        const user = hostUser("node");
        const command = hostPaths(stage, i.getArgumentsContent() ?? "").replace(
          /\bchown node:node\b/g,
          `chown ${user ? `${user.uid}:${user.gid}` : `${process.getuid?.()}:${process.getgid?.()}`}`,
        );
        console.log(`   RUN ${i.getArgumentsContent()}`);
        execFileSync("sh", ["-c", command], {
          cwd: onHost(stage, "."),
          env: { ...process.env, ...stage.env },
          stdio: ["ignore", "inherit", "inherit"],
        });
        break;
      }
      case "USER":
        stage.user = args[0];
        break;
      case "HEALTHCHECK":
        healthcheck = JSON.parse((i.getArgumentsContent() ?? "").replace(/^(--\S+\s+)*CMD\s+/, ""));
        break;
      case "STOPSIGNAL":
        stopSignal = args[0] as NodeJS.Signals;
        break;
      case "CMD":
        cmd = JSON.parse(i.getArgumentsContent() ?? "");
        break;
      default:
        throw new Error(`${line(i)}: ${keyword} is not rehearsed; teach scripts/rehearse-image.ts`);
    }
  }
  if (!stage || !cmd) throw new Error("The Dockerfile's last stage has no CMD");
  return { runtime: stage, cmd, healthcheck, stopSignal };
}

/** docker-compose.yml's first bot replica (`<<: *bot`): its environment and stop_grace_period. */
function composeBot(): { environment: Record<string, string>; stopGraceMs: number } {
  const compose = YAML.parse(readFileSync(path.join(repo, "docker-compose.yml"), "utf8"), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; stop_grace_period?: string }>;
  };
  const bot = compose.services["bot-1"];
  if (!bot?.environment) throw new Error("docker-compose.yml: no bot-1 service with an environment");
  const grace = /^(\d+)s$/.exec(bot.stop_grace_period ?? "10s"); // Docker's default is 10 s
  if (!grace) throw new Error(`docker-compose.yml: stop_grace_period ${bot.stop_grace_period}: only seconds are read`);
  return { environment: bot.environment, stopGraceMs: Number(grace[1]) * 1000 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function du(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

async function waitReady(port: number, child: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`replica on port ${port} exited with ${child.exitCode}`);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`replica on port ${port} not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** A GET with the path exactly as given (fetch would tidy `//metrics` and friends). */
function rawGet(port: number, urlPath: string): Promise<{ status: number; body: string; reqId: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: urlPath, method: "GET", timeout: 5_000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body, reqId: res.headers["x-request-id"] as string | undefined }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${urlPath}: no answer within 5 s`)));
    req.on("error", reject);
    req.end();
  });
}

function nginxBinary(): string | null {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/usr/local/sbin"])) {
    if (dir && existsSync(path.join(dir, "nginx"))) return path.join(dir, "nginx");
  }
  return null;
}

/** Paths the public must never get the metrics from: each must be refused by the proxy. */
const METRICS_SPELLINGS = [
  "/metrics",
  "/metrics/",
  "/METRICS",
  "/Metrics",
  "/metrics?x",
  "//metrics",
  "/%6detrics",
  "/metrics%2F",
  "/./metrics",
  "/x/../metrics",
];

/**
 * deploy/nginx.conf as it is, in front of the two replicas: only what Docker supplies is replaced (the bots' names
 * and Docker's DNS, the listening port, the pid file). `resolve` needs nginx 1.27.3+ and a resolver; it goes too.
 */
async function rehearseProxy(work: string, ports: number[]): Promise<string> {
  const nginx = nginxBinary();
  if (!nginx) {
    return "== proxy: SKIPPED, no nginx on this machine (Debian: apt-get install nginx-light); deploy/nginx.conf was not checked";
  }
  const listen = await freePort();
  let conf = readFileSync(path.join(repo, "deploy/nginx.conf"), "utf8");
  const replace = (from: RegExp, to: string, what: string) => {
    if (!from.test(conf)) throw new Error(`deploy/nginx.conf: ${what} not found; teach scripts/rehearse-image.ts`);
    conf = conf.replace(from, to);
  };
  replace(/^\s*resolver [^;]*;$/m, "", "the resolver line");
  replace(/server bot-1:3000([^;]*?)( resolve)?;/, `server 127.0.0.1:${ports[0]}$1;`, "server bot-1:3000");
  replace(/server bot-2:3000([^;]*?)( resolve)?;/, `server 127.0.0.1:${ports[1]}$1;`, "server bot-2:3000");
  replace(/listen 8080;/, `listen 127.0.0.1:${listen};`, "listen 8080");
  replace(/^pid [^;]*;$/m, `pid ${path.join(work, "nginx.pid")};`, "the pid line");
  const prefix = path.join(work, "nginx");
  mkdirSync(prefix, { recursive: true });
  const confFile = path.join(prefix, "nginx.conf");
  writeFileSync(confFile, conf);
  // A file, not a pipe: nginx opens /dev/stdout (access_log) itself, which fails on the socket a pipe is here.
  const outFile = path.join(prefix, "output.log");
  const outFd = openSync(outFile, "a");
  const out = () => readFileSync(outFile, "utf8");
  const proxy = spawn(nginx, ["-p", prefix, "-c", confFile, "-e", "stderr", "-g", "daemon off;"], {
    stdio: ["ignore", outFd, outFd],
  });
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proxy.exitCode !== null) throw new Error(`nginx exited with ${proxy.exitCode}:\n${out()}`);
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(listen, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        }).on("error", () => resolve(false));
      });
      if (up) break;
      if (Date.now() > deadline) throw new Error(`nginx did not listen within 10 s:\n${out()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ready = await rawGet(listen, "/readyz");
    if (ready.status !== 200 || !ready.reqId)
      throw new Error(`proxy /readyz: ${ready.status}, X-Request-Id ${ready.reqId}`);
    const leaked: string[] = [];
    for (const spelling of METRICS_SPELLINGS) {
      const res = await rawGet(listen, spelling);
      if (res.status !== 404 || res.body.includes("plan_")) leaked.push(`${spelling} (${res.status})`);
    }
    if (leaked.length) throw new Error(`the proxy let the metrics out at ${leaked.join(", ")}`);
    if (!out().includes(`reqId=${ready.reqId}`)) throw new Error(`nginx's access log has no reqId=${ready.reqId}`);
    const version = spawnSync(nginx, ["-v"], { encoding: "utf8" }).stderr.trim() || "nginx";
    return `== proxy (${version}, deploy/nginx.conf): /readyz 200 with an X-Request-Id, in its access log too; 404 for ${METRICS_SPELLINGS.join(" ")}`;
  } catch (error) {
    console.error(`--- nginx:\n${out().slice(-4000)}`);
    throw error;
  } finally {
    if (proxy.exitCode === null) {
      const exited = new Promise((resolve) => proxy.once("exit", resolve));
      proxy.kill("SIGQUIT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (proxy.exitCode === null) proxy.kill("SIGKILL");
    }
    closeSync(outFd);
  }
}

async function main() {
  const baseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!baseUrl?.startsWith("postgres")) throw new Error("Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL");
  const work = mkdtempSync(path.join(tmpdir(), "plan-image-"));
  chmodSync(work, 0o755); // the unprivileged user must reach the runtime folder, not write to it
  const schema = `image_rehearsal_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const replicas: { port: number; child: ChildProcess; output: () => string }[] = [];
  const started = Date.now();
  try {
    const { runtime, cmd, healthcheck, stopSignal } = buildStages(work);
    console.log(
      `== image built in ${((Date.now() - started) / 1000).toFixed(0)} s; runtime stage ${(du(runtime.root) / 1e6).toFixed(0)} MB (the base image not counted)`,
    );

    const user = hostUser(runtime.user);
    if (runtime.user && !user) console.log(`   USER ${runtime.user}: not root here, so the replicas run as this user`);
    const url = new URL(baseUrl);
    url.searchParams.set("schema", schema);
    // The replicas' environment and stop grace period as docker-compose.yml gives them, with our database, a
    // secret and local addresses where it reads them from the host or Docker's network.
    const { environment, stopGraceMs } = composeBot();
    const composeEnv = {
      ...environment,
      DATABASE_URL: url.toString(),
      CHART_URL_SECRET: "image-rehearsal-secret-0123456789abcdef",
      HOST: "127.0.0.1",
    };
    for (const n of [1, 2]) {
      const port = await freePort();
      const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", TMPDIR: "/tmp" };
      for (const [k, v] of Object.entries(runtime.env)) env[k] = hostPaths(runtime, v);
      Object.assign(env, composeEnv, { PORT: String(port) });
      let out = "";
      const [command, ...args] = cmd;
      const child = spawn(command!, args, {
        cwd: onHost(runtime, "."),
        env,
        uid: user?.uid,
        gid: user?.gid,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d: Buffer) => (out += d));
      child.stderr!.on("data", (d: Buffer) => (out += d));
      replicas.push({ port, child, output: () => out });
      console.log(
        `== replica ${n}: ${cmd.join(" ")} on port ${port}${user ? ` as ${user.name} (uid ${user.uid})` : ""}`,
      );
    }
    await Promise.all(replicas.map((r) => waitReady(r.port, r.child)));
    console.log(
      `== both replicas ready (/readyz 200) ${((Date.now() - started) / 1000).toFixed(0)} s after the build began`,
    );

    const migrations = readdirSync(path.join(repo, "prisma/migrations"), { withFileTypes: true }).filter((e) =>
      e.isDirectory(),
    ).length;
    const applied = await admin.query<{ name: string; n: number }>(
      `SELECT migration_name AS name, count(*)::int AS n FROM "${schema}"._prisma_migrations
       WHERE finished_at IS NOT NULL GROUP BY migration_name`,
    );
    const twice = applied.rows.filter((r) => r.n !== 1);
    if (applied.rows.length !== migrations || twice.length)
      throw new Error(`migrations: ${applied.rows.length} of ${migrations} applied, ${twice.length} more than once`);
    console.log(`== ${migrations} migrations applied once each, with both replicas starting together`);

    for (const r of replicas) {
      if (healthcheck) {
        const [command, ...args] = healthcheck;
        execFileSync(command!, args, { env: { PATH: process.env.PATH, PORT: String(r.port) }, timeout: 3_000 });
      }
      const metrics = await fetch(`http://127.0.0.1:${r.port}/metrics`).then((res) => res.text());
      if (!metrics.includes("plan_")) throw new Error(`replica on ${r.port}: /metrics has no plan_ figures`);
    }
    console.log(`== HEALTHCHECK passes and /metrics answers on both`);
    console.log(
      await rehearseProxy(
        work,
        replicas.map((r) => r.port),
      ),
    );

    const stopped = Date.now();
    const codes = await Promise.all(
      replicas.map(
        (r) =>
          new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => resolve(null), stopGraceMs);
            r.child.once("exit", (code) => {
              clearTimeout(timer);
              resolve(code);
            });
            r.child.kill(stopSignal);
          }),
      ),
    );
    if (codes.some((c) => c !== 0))
      throw new Error(
        `${stopSignal}: replicas exited with ${codes.join(", ")} (null: still running after ${stopGraceMs / 1000} s)`,
      );
    console.log(`== ${stopSignal}: both exited 0 in ${Date.now() - stopped} ms`);
    console.log("image rehearsal: passed");
  } catch (error) {
    for (const r of replicas) console.error(`--- replica on port ${r.port}:\n${r.output().slice(-4000)}`);
    throw error;
  } finally {
    for (const r of replicas) if (r.child.exitCode === null) r.child.kill("SIGKILL");
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`image rehearsal: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
