/**
 * The viewer's HTML shell and stylesheet. The script is the compiled `page/` TypeScript,
 * served from the same origin; the Content-Security-Policy the server sends forbids any
 * other origin, so the page cannot make an external request even by mistake.
 */

/** Sent with every page response: same-origin scripts, styles and connections; images only from data URIs. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The HTML document: an empty layout the script fills in. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lamplight dev</title>
<link rel="stylesheet" href="/assets/viewer.css">
<script type="module" src="/assets/main.js"></script>
</head>
<body>
<header>
  <h1>Lamplight <span>dev</span></h1>
  <form id="filters" role="search" aria-label="Filter traces">
    <input id="f-user" placeholder="user" aria-label="Filter by user">
    <input id="f-session" placeholder="session" aria-label="Filter by session">
    <input id="f-tag" placeholder="tag" aria-label="Filter by tag">
    <select id="f-level" aria-label="Filter by level">
      <option value="">any level</option><option value="ERROR">error</option><option value="WARNING">warning</option><option value="DEFAULT">default</option><option value="DEBUG">debug</option>
    </select>
  </form>
  <span id="status" role="status">connecting…</span>
</header>
<div id="problems" role="alert" hidden></div>
<main>
  <nav id="traces" aria-label="Traces" tabindex="0"></nav>
  <section id="tree" aria-label="Trace tree" tabindex="0"></section>
  <section id="detail" aria-label="Observation detail" tabindex="0"></section>
</main>
<footer>j/k or ↑/↓ move · Enter open · →/← expand/collapse · Esc back to the list · / filter · s Langfuse/Foglamp view</footer>
</body>
</html>
`;

/** The stylesheet (kept here, not inline, so the CSP needs no 'unsafe-inline'). */
export const PAGE_CSS = `:root{--bg:#fff;--fg:#1d1d1f;--mut:#6b6b70;--line:#e3e3e8;--sel:#e8f0fe;--err:#c5221f;--warn:#b06000;--acc:#1a56c4}
@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e6e6ea;--mut:#9a9aa2;--line:#2c2d33;--sel:#22324f;--err:#ff6b63;--warn:#f0a040;--acc:#7aa7ff}}
*{box-sizing:border-box}body{margin:0;font:13px/1.4 system-ui,sans-serif;background:var(--bg);color:var(--fg);height:100vh;display:flex;flex-direction:column}
header{display:flex;gap:12px;align-items:center;padding:6px 10px;border-bottom:1px solid var(--line)}h1{font-size:15px;margin:0}h1 span{color:var(--mut);font-weight:400}
#filters{display:flex;gap:6px;flex:1}#filters input,#filters select{font:inherit;padding:2px 6px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);width:9em}
#status{color:var(--mut)}#problems{padding:4px 10px;background:#fde8e7;color:#7a1712;max-height:6em;overflow:auto}
main{flex:1;display:grid;grid-template-columns:minmax(220px,1fr) minmax(320px,1.6fr) minmax(320px,2fr);min-height:0}
main>*{overflow:auto;border-right:1px solid var(--line);min-height:0}:focus{outline:2px solid var(--acc);outline-offset:-2px}
.row{padding:4px 8px;border-bottom:1px solid var(--line);cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.row[aria-selected=true]{background:var(--sel)}
.sub{color:var(--mut);font-size:12px}.type{display:inline-block;min-width:7.5em;margin-right:4px;font-size:11px;color:var(--mut);text-transform:uppercase}
.ERROR,.error{color:var(--err)}.WARNING{color:var(--warn)}.bad{background:#fde8e7;color:#7a1712;border-left:3px solid var(--err);padding:3px 6px;margin:3px 0}
.chip{display:inline-block;padding:0 5px;margin-left:4px;border:1px solid var(--line);border-radius:8px;font-size:11px;color:var(--mut)}
#detail{padding:8px}#detail h2{font-size:14px;margin:0 0 6px}#detail h3{font-size:12px;margin:12px 0 4px;color:var(--mut);text-transform:uppercase}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}dt{color:var(--mut)}dd{margin:0;word-break:break-all}
.msg{border:1px solid var(--line);border-radius:6px;padding:6px 8px;margin:4px 0}.role{font-size:11px;font-weight:600;color:var(--acc);text-transform:uppercase}
.msg pre,.raw{white-space:pre-wrap;word-break:break-word;margin:2px 0;font:12px/1.4 ui-monospace,monospace}.text{white-space:pre-wrap}
.tool{background:rgba(127,127,127,.08);border-radius:4px;padding:3px 6px;margin:3px 0}img.thumb{max-width:160px;max-height:120px;border:1px solid var(--line);border-radius:4px;display:block;margin:3px 0}
.tabs button{font:inherit;border:1px solid var(--line);background:var(--bg);color:var(--fg);padding:1px 8px;border-radius:4px}.tabs button[aria-pressed=true]{background:var(--sel)}
#tree .row{white-space:normal}img.thumb{min-width:48px;image-rendering:pixelated}
footer{padding:3px 10px;color:var(--mut);border-top:1px solid var(--line);font-size:12px}.empty{padding:12px;color:var(--mut)}
`;
