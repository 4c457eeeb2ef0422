/** The one stylesheet, served from /assets/app.css so the CSP can forbid inline styles and scripts. */
export const APP_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#16181d;--muted:#5b6270;--line:#e3e6eb;--accent:#4f46e5;--accent-ink:#fff;--danger:#b42318;--danger-bg:#fef3f2;--ok:#067647;--ok-bg:#ecfdf3;--warn-bg:#fffaeb;--warn:#93370d;--radius:10px}
*{box-sizing:border-box}
html{font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--accent)}
header.top{background:var(--card);border-bottom:1px solid var(--line)}
header.top .inner{max-width:1040px;margin:0 auto;padding:.75rem 1.25rem;display:flex;align-items:center;gap:1rem}
.brand{font-weight:700;letter-spacing:-.01em;color:var(--ink);text-decoration:none;display:flex;align-items:center;gap:.5rem}
.brand .mark{display:inline-grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:7px;background:var(--accent);color:#fff;font-size:.95rem}
nav.main{display:flex;gap:1rem;margin-left:auto;align-items:center}
nav.main a{color:var(--muted);text-decoration:none;font-weight:500}
nav.main a[aria-current=page]{color:var(--ink)}
nav.main form{margin:0;display:flex}
nav.main button.link{color:var(--muted);font-weight:500;line-height:1.5}
main{flex:1;width:100%;max-width:1040px;margin:0 auto;padding:2rem 1.25rem}
main.narrow{max-width:480px}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1.5rem;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card+.card{margin-top:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem;letter-spacing:-.015em}
h2{font-size:1.125rem;margin:0 0 .75rem}
p.lead{color:var(--muted);margin:0 0 1.25rem}
.muted{color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;margin:0 0 1.25rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;font-weight:500}
form.stack{display:grid;gap:1rem}
label{display:grid;gap:.35rem;font-weight:500;font-size:.95rem}
.field{display:grid;gap:.35rem}
.field label{display:block}
input[type=text],input[type=email],input[type=password],input[type=url],input[type=number],input[type=date],select{font:inherit;padding:.6rem .75rem;border:1px solid #cfd4dc;border-radius:8px;background:#fff;color:var(--ink);width:100%}
input:focus-visible,select:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid rgba(79,70,229,.35);outline-offset:1px}
.hint{font-weight:400;color:var(--muted);font-size:.85rem}
button,.button{font:inherit;font-weight:600;border:0;border-radius:8px;padding:.65rem 1rem;background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;display:inline-block;text-align:center}
button.secondary,.button.secondary{background:#fff;color:var(--ink);border:1px solid #cfd4dc}
button.link{background:none;color:var(--accent);padding:0;font-weight:500}
.alert{border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.alert.error{background:var(--danger-bg);color:var(--danger)}
.alert.ok{background:var(--ok-bg);color:var(--ok)}
.alert.warn{background:var(--warn-bg);color:var(--warn)}
.field-error{color:var(--danger);font-weight:400;font-size:.85rem}
.or{display:flex;align-items:center;gap:.75rem;color:var(--muted);margin:1.25rem 0;font-size:.9rem}
.or::before,.or::after{content:"";flex:1;border-top:1px solid var(--line)}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.6rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
td code{word-break:break-all}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#0f172a;color:#e2e8f0;padding:1rem;border-radius:8px;overflow:auto;font-size:.85rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#eef2ff;color:#3730a3}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.off{background:#f2f4f7;color:#475467}
.grid2{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));margin-bottom:1rem}
.grid2>.card{margin-top:0}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.page-head{display:flex;gap:1rem;align-items:flex-start;justify-content:space-between;flex-wrap:wrap;margin-bottom:1rem}
.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin:0 0 1rem}
.filters a{padding:.25rem .75rem;border-radius:999px;border:1px solid var(--line);text-decoration:none;color:var(--muted);font-size:.9rem}
.filters a[aria-current=page]{background:var(--ink);color:#fff;border-color:var(--ink)}
.small{font-size:.85rem}
button.small,.button.small,select.small{padding:.35rem .6rem;font-size:.85rem;width:auto}
button.danger,.button.danger{background:var(--danger);color:#fff}
form.inline{display:flex;gap:.4rem;align-items:center;margin:0}
.inline-form{display:flex;gap:.75rem;align-items:flex-end;flex-wrap:wrap;margin-top:1rem}
.inline-form label{flex:1;min-width:12rem}
.check{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.check .hint{flex-basis:100%}
.check label{font-weight:500}
fieldset{border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:0;display:grid;gap:.4rem}
legend{font-weight:600;padding:0 .25rem}
.inline-form input,.inline-form select{height:2.75rem}
.inline-form.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr))}
.inline-form.grid label{min-width:0}
.inline-form label.short{flex:0 1 10rem;min-width:8rem}
.nowrap,td code.nowrap{white-space:nowrap;word-break:normal}
td.details{overflow-wrap:anywhere;min-width:13rem}
ul.plain{list-style:none;padding:0;margin:0 0 1rem;display:grid;gap:.5rem}
.copy-row{display:grid;grid-template-columns:8rem 1fr auto;gap:.75rem;align-items:center;padding:.6rem 0;border-bottom:1px solid var(--line)}
.copy-label{color:var(--muted);font-weight:600;font-size:.9rem}
.copy-value{word-break:break-all;background:#f2f4f7;padding:.4rem .6rem;border-radius:6px}
ol.history{margin:0;padding-left:1.2rem;display:grid;gap:.4rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
h3{font-size:1.05rem;margin:0 0 .25rem}
h4{font-size:.95rem;margin:1rem 0 .25rem}
@media (max-width:560px){.copy-row{grid-template-columns:1fr auto}.copy-label{grid-column:1/-1}}
footer.bottom{color:var(--muted);font-size:.85rem;text-align:center;padding:1.5rem}
@media (max-width:560px){main{padding:1.25rem .75rem}.card{padding:1.1rem}table{display:block;overflow-x:auto;-webkit-overflow-scrolling:touch}td code{word-break:normal}}
`;
