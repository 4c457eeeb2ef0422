/**
 * Progressive enhancement, served from /assets/app.js (the CSP forbids inline script): Copy buttons
 * and live countdowns. Every page works without it.
 */
export const APP_JS = `
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = source.value ?? source.textContent;
  try {
    await navigator.clipboard.writeText(text.trim());
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand("copy");
  }
  const label = button.textContent;
  button.textContent = "Copied";
  button.setAttribute("aria-live", "polite");
  setTimeout(() => (button.textContent = label), 1500);
});

function left(until) {
  let s = Math.floor((until - Date.now()) / 1000);
  if (s <= 0) return "ended";
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d > 0) return "in " + d + " d " + h + " h";
  if (h > 0) return "in " + h + " h " + m + " min";
  if (m > 0) return "in " + m + " min " + s + " s";
  return "in " + s + " s";
}
function tick() {
  for (const el of document.querySelectorAll("time[data-countdown]")) el.textContent = left(Date.parse(el.getAttribute("datetime")));
}
if (document.querySelector("time[data-countdown]")) { tick(); setInterval(tick, 1000); }
`;
