import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

/**
 * Debian's nginx (scripts/setup-system.sh installs nginx-light) serving a folder as static
 * files, the way a CDN or object store would serve a configuration repository. Each server is
 * its own nginx in the foreground with a private prefix, config, logs and temp folders in a
 * temporary directory, on a free loopback port; `stop()` ends it and removes the directory.
 */
export interface StaticServer {
  url: string;
  root: string;
  /** Request lines nginx logged so far (`GET /metadata/timestamp.json 200 123`). */
  requests(): string[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export async function startNginx(root: string): Promise<StaticServer> {
  const prefix = mkdtempSync(join(tmpdir(), 'nginx-'));
  for (const dir of ['logs', 'tmp']) mkdirSync(join(prefix, dir));
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${prefix}/tmp/${k};`).join('\n');
  // Workers run as the user starting the test (root here), so a 0700 temporary folder is readable.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  writeFileSync(
    conf,
    `${user}
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 256; }
http {
  types { application/json json; }
  default_type application/octet-stream;
  log_format plain '$request_method $uri $status $body_bytes_sent';
  access_log ${prefix}/logs/access.log plain;
${temp}
  sendfile on;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri =404; }
  }
}
`,
  );
  const child: ChildProcess = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', conf, '-e', `${prefix}/logs/error.log`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  // nginx writes its pid file once its listening socket is bound.
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}`);
      return existsSync(join(prefix, 'nginx.pid'));
    },
    { what: `nginx to listen on ${url}`, timeoutMs: 10_000 },
  );
  return {
    url,
    root,
    requests: () => {
      try {
        return readFileSync(join(prefix, 'logs', 'access.log'), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
