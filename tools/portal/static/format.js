// What the page says of an offer, in French: labels instead of the standard's codes, opening
// hours written out with today's, phones and e-mails as links. No catalogue text is ever
// inserted as HTML: every function here builds DOM nodes with textContent.

export const el = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
};

// Verdicts, one line per code: label, DSFR badge, marker colour (contrast >= 3:1 on the map).
export const VERDICTS = {
  eligible: { label: 'Éligible', badge: 'fr-badge--success', colour: '#18753c' },
  'to-check': { label: 'À vérifier', badge: 'fr-badge--warning', colour: '#b34000' },
  ineligible: { label: 'Non éligible', badge: 'fr-badge--error', colour: '#ce0500' },
  'no-criteria': { label: 'Aucun critère connu', badge: 'fr-badge--info', colour: '#0063cb' },
};
export const NO_VERDICT_COLOUR = '#000091';

let tables = {};
export function setLabels(labels) { tables = labels || {}; }

// The French label of a code of the standard; a code without one is made readable
// ("trouver-un-emploi--x" never shows as such).
export function label(field, code) {
  const known = tables[field] && tables[field][code];
  if (known) return known;
  const last = String(code).split('--').pop().replace(/-/g, ' ');
  return last.charAt(0).toUpperCase() + last.slice(1);
}
export const labels = (field, codes) => (codes || []).map((c) => label(field, c));

// ---- opening hours ---------------------------------------------------------------------------
// The catalogues' hours are OpenStreetMap's opening_hours ("Mo-Fr 09:00-12:00,14:00-17:00;
// PH off"). The usual forms are read into a week, later rules replacing earlier ones for their
// days as the syntax says; anything else is shown as written.
const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

function days(text) {
  const out = new Set();
  for (const part of text.split(',')) {
    const range = part.split('-');
    const from = DAYS.indexOf(range[0]);
    const to = DAYS.indexOf(range[range.length - 1]);
    if (from < 0 || to < 0 || range.length > 2) return null;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return out;
}

export function readHours(text) {
  if (!text) return null;
  const week = [[], [], [], [], [], [], []];
  let holidays = null;
  for (const raw of text.split(';')) {
    const rule = raw.trim();
    if (!rule) continue;
    if (/^PH\s+(off|closed)$/.test(rule)) { holidays = 'fermé les jours fériés'; continue; }
    const m = rule.match(/^([A-Za-z,-]+)\s+(off|closed|(?:\d{2}:\d{2}-\d{2}:\d{2},?)+)$/);
    const which = m && days(m[1]);
    if (!which) return null;
    const spans = m[2] === 'off' || m[2] === 'closed' ? [] : m[2].split(',').filter(Boolean);
    for (const d of which) week[d] = spans.map((s) => s.split('-'));
  }
  return { week, holidays };
}

const hour = (hhmm) => {
  const [h, m] = hhmm.split(':');
  return String(Number(h)) + ' h' + (m === '00' ? '' : ' ' + m);
};
const spansText = (spans) => spans.length
  ? spans.map(([a, b]) => hour(a) + ' – ' + hour(b)).join(', ') : 'fermé';

// Days with the same hours grouped: « du lundi au vendredi : 9 h – 12 h, 14 h – 17 h ».
export function hoursLines(hours) {
  const lines = [];
  let d = 0;
  while (d < 7) {
    const text = spansText(hours.week[d]);
    let end = d;
    while (end + 1 < 7 && spansText(hours.week[end + 1]) === text) end += 1;
    if (text !== 'fermé') {
      const when = end === d ? 'le ' + DAY_NAMES[d]
        : end === d + 1 ? 'le ' + DAY_NAMES[d] + ' et le ' + DAY_NAMES[end]
          : 'du ' + DAY_NAMES[d] + ' au ' + DAY_NAMES[end];
      lines.push(when.charAt(0).toUpperCase() + when.slice(1) + ' : ' + text);
    }
    d = end + 1;
  }
  if (hours.holidays) lines.push(hours.holidays.charAt(0).toUpperCase() + hours.holidays.slice(1));
  return lines;
}

// The offer's clock: overseas départements read their own time.
const ZONES = { 971: 'America/Guadeloupe', 972: 'America/Martinique', 973: 'America/Cayenne',
  974: 'Indian/Reunion', 975: 'America/Miquelon', 976: 'Indian/Mayotte', 977: 'America/St_Barthelemy',
  978: 'America/Marigot' };
export function timeZone(codeInsee) {
  return ZONES[String(codeInsee || '').slice(0, 3)] || 'Europe/Paris';
}

export function todayIndex(zone, now = new Date()) {
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: zone }).format(now);
  return DAYS.indexOf(day.slice(0, 2));
}

export function todayLine(hours, zone) {
  const d = todayIndex(zone);
  return "Aujourd'hui (" + DAY_NAMES[d] + ') : ' + spansText(hours.week[d]);
}

// ---- contacts --------------------------------------------------------------------------------
export function phoneLink(text) {
  const digits = String(text).replace(/[^\d+]/g, '');
  if (digits.replace('+', '').length < 4) return el('span', text);
  const a = el('a', text);
  a.href = 'tel:' + digits;
  return a;
}

export function mailLink(text) {
  const address = String(text).trim();
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(address)) return el('span', text);
  const a = el('a', address);
  a.href = 'mailto:' + address;
  return a;
}

// Only http(s) links become clickable: a catalogue's "javascript:" URL stays text.
export function safeHref(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function address(offer) {
  return [offer.adresse, offer.complement_adresse,
    [offer.code_postal, offer.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
