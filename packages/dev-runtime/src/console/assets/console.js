/* global document, history, CSS */
/**
 * Keeps the console's panels current: every 2 seconds while the tab is visible, each element with
 * `data-fragment` fetches its panel again and swaps it in when it changed, keeping focus and open
 * <details> where they were. The trace filter form refreshes its panel in place. Without this
 * script every panel is still there, as of page load.
 */
const POLL_MS = 2000;
const panels = [...document.querySelectorAll('[data-fragment]')];
const statusLine = document.querySelector('[data-live-status]');
let timer;
/** The markup each panel shows now, as fetched: a panel is replaced only when it changed. */
const shown = new WeakMap();

function stateOf(panel) {
  const active = document.activeElement;
  const focused = active && panel.contains(active) ? focusKey(active) : undefined;
  const open = [...panel.querySelectorAll('details[open]')]
    .map((d) => d.closest('[id],[data-span]')?.id)
    .filter(Boolean);
  return { focused, open };
}

/** How to find an element again after its panel is replaced. */
function focusKey(el) {
  if (el.id) return `#${CSS.escape(el.id)}`;
  const href = el.getAttribute('href');
  return href ? `[href="${CSS.escape(href)}"]` : undefined;
}

function restore(panel, state) {
  for (const id of state.open) panel.querySelector(`#${CSS.escape(id)} details`)?.setAttribute('open', '');
  if (state.focused) panel.querySelector(state.focused)?.focus({ preventScroll: true });
}

async function refresh(panel) {
  const res = await fetch(panel.dataset.fragment, { headers: { accept: 'text/html' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const text = await res.text();
  if (text === shown.get(panel)) return;
  const state = stateOf(panel);
  panel.innerHTML = text;
  shown.set(panel, text);
  restore(panel, state);
}

async function refreshAll() {
  clearTimeout(timer);
  const results = await Promise.allSettled(panels.map(refresh));
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (statusLine) {
    const at = new Date().toISOString().slice(11, 19);
    statusLine.textContent = failed
      ? `Updating failed at ${at} UTC (${failed} of ${panels.length} panels); trying again.`
      : `Updated at ${at} UTC; updates every 2 seconds.`;
  }
  document.body.dataset.updates = String(Number(document.body.dataset.updates ?? '0') + 1);
  schedule();
}

function schedule() {
  clearTimeout(timer);
  if (!document.hidden) timer = setTimeout(refreshAll, POLL_MS);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) clearTimeout(timer);
  else void refreshAll();
});

const form = document.getElementById('trace-filters');
const tracePanel = document.querySelector('[data-fragment^="/console/fragment/traces"]');
if (form && tracePanel) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value !== '') query.set(key, value);
    const qs = query.toString();
    tracePanel.dataset.fragment = `/console/fragment/traces${qs ? `?${qs}` : ''}`;
    history.replaceState(null, '', `/${qs ? `?${qs}` : ''}#traces`);
    void refresh(tracePanel).then(schedule, schedule);
  });
}

if (panels.length) schedule();
