/** The start page: which services this platform runs and where their health is. Pure: data in, HTML out. */
export interface ServiceLink {
  readonly name: string;
  readonly description: string;
  readonly healthUrl: string;
}

import { escapeHtml as escape } from './pages/html.ts';

export function renderHomePage(title: string, services: readonly ServiceLink[]): string {
  const rows = services
    .map((s) => `<tr><td><a href="${escape(s.healthUrl)}">${escape(s.name)}</a></td><td>${escape(s.description)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font-family:Arial,sans-serif;margin:0;color:#0b0c0c}
header{background:#0b0c0c;color:#fff;padding:10px 30px;font-weight:700;font-size:1.2rem}
main{max-width:960px;margin:0 auto;padding:30px}
h1{font-size:2rem}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #b1b4b6;padding:10px 20px 10px 0;text-align:left}
a{color:#1d70b8}
</style>
</head>
<body>
<header>GOV.UK</header>
<main>
<h1>${escape(title)}</h1>
<p>The platform is running. Each service's health is public through the API gateway.</p>
<table><thead><tr><th>Service</th><th>What it does</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main>
</body>
</html>`;
}
