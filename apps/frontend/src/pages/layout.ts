/** The page frame every page shares: GOV.UK header, service name, main content. */
import { html, type Html } from './html.ts';

export const SERVICE_NAME = 'DWP citizen services';

const STYLE = `body{font-family:Arial,sans-serif;margin:0;color:#0b0c0c;font-size:19px}
header{background:#0b0c0c;color:#fff;padding:10px 30px}header a{color:#fff;font-weight:700;text-decoration:none;margin-right:20px}
main{max-width:960px;margin:0 auto;padding:30px}h1{font-size:2rem}
label{display:block;font-weight:700;margin:20px 0 5px}input[type=text],input[type=password]{font-size:19px;padding:5px;border:2px solid #0b0c0c;width:300px}
button{background:#00703c;color:#fff;border:0;font-size:19px;padding:8px 12px;margin-top:20px;cursor:pointer}
.error-summary{border:5px solid #d4351c;padding:15px;margin-bottom:20px}.error-summary h2{margin-top:0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #b1b4b6;padding:10px 20px 10px 0;text-align:left}a{color:#1d70b8}`;

export function layout(title: string, body: Html, opts: { signedIn?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${SERVICE_NAME} – GOV.UK</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="/">GOV.UK</a> <a href="/">${SERVICE_NAME}</a>${opts.signedIn ? html` <a href="/account">Your account</a>` : html` <a href="/sign-in">Sign in</a>`}</header>
<main id="main-content">
${body}
</main>
</body>
</html>`.value;
}

export function errorSummary(errors: readonly string[]): Html {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title"><h2 id="error-summary-title">There is a problem</h2><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}
