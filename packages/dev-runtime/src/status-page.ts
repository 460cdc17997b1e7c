/**
 * The admin port's front page: every service, its instances and their health, and the stand-ins,
 * as HTML for a developer's browser (the same facts as `/status` in JSON). Pure.
 */
import type { PlatformStatus } from './status-table.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderStatusPage(status: PlatformStatus): string {
  const services = status.services
    .map((s) => {
      const instances = s.instances
        .map(
          (i) =>
            `<li><a href="${escape(i.url)}/health">${escape(i.id)}</a> ${escape(i.state)}, ${i.restarts} restarts</li>`,
        )
        .join('');
      return `<tr><td>${escape(s.name)}</td><td><code>${escape(s.dnsName)}</code></td><td>${s.healthy} of ${s.desired}</td><td><ul>${instances}</ul></td></tr>`;
    })
    .join('\n');
  const standIns = [
    ...status.stores.map((s) => ({ name: `${s.name} (${s.kind})`, endpoint: s.endpoint })),
    ...status.standIns,
  ]
    .map((s) => `<tr><td>${escape(s.name)}</td><td><code>${escape(s.endpoint)}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(status.platform)}: local platform status</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#0b0c0c}table{border-collapse:collapse;margin-bottom:2rem}td,th{border-bottom:1px solid #b1b4b6;padding:.4rem 1rem .4rem 0;text-align:left;vertical-align:top}ul{margin:0;padding-left:1rem}a{color:#1d70b8}</style>
</head>
<body>
<h1>${escape(status.platform)}: local platform</h1>
<p>The service is at <a href="${escape(status.entry)}">${escape(status.entry)}</a>. This page is the runtime's own; <a href="/status">/status</a> has the same in JSON.</p>
<h2>Services</h2>
<table><thead><tr><th>Service</th><th>Cloud Map name</th><th>Healthy</th><th>Instances</th></tr></thead><tbody>
${services}
</tbody></table>
<h2>Data stores and stand-ins</h2>
<table><thead><tr><th>Name</th><th>Endpoint</th></tr></thead><tbody>
${standIns}
</tbody></table>
</body>
</html>`;
}
