// The portal's page: the search form, results with whom to call, facets, the map, an offer's
// detail and the sheet to print. The search lives in the page's address (words, place, radius,
// filters, the open offer) so that it can be reloaded, bookmarked and shared; a person's facts
// never do: they go in the body of a POST, for one search.
import { el, setLabels, label, phoneLink, mailLink, address } from './format.js';
import { createMap } from './map.js';
import { createDetail, getJSON, verdictBlock, prepareSheet } from './detail.js';
import { readAddress, writeAddress } from './address.js';
import { setSheetTiles } from './sheetmap.js';

const $ = (id) => document.getElementById(id);
const FACET_GROUPS = [
  // facet name in the API's answer -> search parameter it filters, heading, label table
  ['categories', 'themes', 'Thèmes', 'categories'],
  ['types', 'types', 'Types', 'type'],
  ['frais', 'frais', 'Frais', 'frais'],
  ['publics', 'publics', 'Publics', 'publics'],
  ['kinds', 'kinds', 'Structures', 'kinds'],
];
const PERSON = ['age', 'genre', 'lives_in', 'diplome', 'qpv', 'permis', 'vehicule', 'statuses'];
const state = {
  filters: { themes: [], types: [], frais: [], publics: [], kinds: [] },
  labels: {},          // code -> label of facets seen, for the active-filter chips
  question: null,      // the current search without cursor
  cursor: null,
  seq: 0,              // answers to an older search than the last one are dropped
  place: null,         // { label, value } picked from the autocomplete
  bbox: null,          // a one-off « chercher dans cette zone »
  resolved: null,      // the place of the last search, as the API understood it
  sheet: new Set(),    // offers ticked for the sheet
  shown: [],           // offers listed, in order
};

function openOffer(id, from) {
  detail.open(id, from);
  history.replaceState(null, '', '?' + writeAddress(formState(), id).toString());
}

const map = createMap({
  onOpen: (id, from) => openOffer(id, from),
  onMoved: (byPerson) => {
    if ($('map-area').checked) searchMapArea();
    else if (byPerson) $('search-here').hidden = false;
  },
});
const detail = createDetail({
  explainFor: (id) => {
    const q = state.question || {};
    if (!PERSON.some((name) => name in q)) return null;
    const out = { id };
    for (const name of ['place', 'radius_km', ...PERSON]) if (name in q) out[name] = q[name];
    return out;
  },
  linkFor: (id) => '?' + writeAddress(formState(), id).toString(),
  onClose: () => history.replaceState(null, '', '?' + writeAddress(formState(), null).toString()),
});

function debounce(fn, ms) {
  let timer = null;
  const call = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}
const searchMapArea = debounce(() => search({ fromMap: true }), 250);

// ---- the form ----------------------------------------------------------------------------------
function placeValue() {
  const typed = $('place').value.trim();
  // The picked completion resolves to that very commune (insee:CODE for homonyms).
  if (state.place && typed === state.place.label) return state.place.value;
  return typed;
}

// What the address keeps: the search, never the person.
function formState() {
  return {
    words: $('words').value.trim(), place: $('place').value.trim(), radius: $('radius').value,
    theme: $('theme').value, filters: state.filters, remote: $('remote').value,
    sort: $('sort').value, openNow: $('open-now').checked, mapArea: $('map-area').checked,
    coverage: $('coverage').checked,
  };
}

function question(fromMap) {
  const q = {};
  const set = (name, value) => { if (value !== '' && value !== null && value !== undefined) q[name] = value; };
  set('words', $('words').value.trim());
  if (fromMap || $('map-area').checked || state.bbox) {
    q.bbox = state.bbox || map.viewport();  // the viewport replaces the place: the map is the "where"
  } else {
    set('place', placeValue());
    q.radius_km = Number($('radius').value);
  }
  const themes = [...state.filters.themes];
  if ($('theme').value && !themes.includes($('theme').value)) themes.push($('theme').value);
  if (themes.length) q.themes = themes;
  for (const name of ['types', 'frais', 'publics', 'kinds']) if (state.filters[name].length) q[name] = [...state.filters[name]];
  q.remote = $('remote').value;
  q.sort = $('sort').value;
  if ($('open-now').checked) q.open_now = true;
  // The person: sent for this search only; the server neither logs nor keeps it.
  if ($('age').value !== '') q.age = Number($('age').value);
  set('genre', $('genre').value);
  set('lives_in', $('lives-in').value.trim());
  set('diplome', $('diplome').value);
  for (const name of ['qpv', 'permis', 'vehicule']) if ($(name).value) q[name] = $(name).value === 'true';
  const statuses = [...document.querySelectorAll('#statuses input:checked')].map((b) => b.value);
  if (statuses.length) q.statuses = statuses;
  if (PERSON.some((name) => name in q)) q.mode = $('mode').value;
  return q;
}

// ---- searching -------------------------------------------------------------------------------
async function search({ append = false, fromMap = false } = {}) {
  const seq = ++state.seq;
  let q;
  if (append) {
    q = { ...state.question, cursor: state.cursor };
  } else {
    q = question(fromMap);
    state.question = { ...q };
    state.bbox = null;
    $('search-here').hidden = true;
    history.replaceState(null, '', '?' + writeAddress(formState(), fromMap ? detail.current() : null).toString());
    if (!fromMap) {
      detail.close();  // a new question: the open offer belonged to the previous one
      map.closePopup();
    }
  }
  document.body.classList.add('busy');
  $('status').replaceChildren(el('p', 'Recherche…', 'total'));
  try {
    const res = await getJSON('/api/search', q);
    if (seq !== state.seq) return;
    if (!append) {
      $('results').replaceChildren();
      state.shown = [];
      map.clear();
    }
    for (const hit of res.hits) {
      $('results').appendChild(hitItem(hit));
      map.addMarker(hit);
      state.shown.push(hit.offer.id);
    }
    state.cursor = res.next_cursor;
    $('more').hidden = !res.next_cursor;
    showStatus(res);
    if (!append) {
      if (!fromMap && !q.bbox) state.resolved = res.place || null;  // the coverage's département
      showFacets(res.facets);
      showCoverage();
      const circle = fromMap || q.bbox ? null : map.drawArea(res.place, q.radius_km);
      if (!fromMap && !q.bbox) map.fit(circle);
    }
    showActiveFilters();
  } catch (e) {
    if (seq !== state.seq) return;
    const alert = el('div', null, 'fr-alert fr-alert--error fr-alert--sm error');
    alert.appendChild(el('p', e.message));
    $('status').replaceChildren(alert);
    $('more').hidden = true;
  } finally {
    if (seq === state.seq) document.body.classList.remove('busy');
  }
}

function showStatus(res) {
  const status = $('status');
  status.replaceChildren();
  const shown = $('results').children.length;
  let line = res.total + (res.total > 1 ? ' offres' : ' offre');
  if (res.place) line += ' autour de ' + res.place.label + ' (' + state.question.radius_km + ' km)';
  if (res.total) line += ' — ' + shown + ' affichées';
  status.appendChild(el('p', line, 'total'));
  // Whatever the API says of how it understood the question (place, words, nearest offer).
  const notices = $('notices');
  notices.replaceChildren();
  const texts = [...(res.notices || []), ...(res.notes || []), ...((res.place && res.place.notices) || [])];
  // « IAE : structures de l'insertion… » for each word the API read as a term of the field.
  for (const u of Array.isArray(res.understood) ? res.understood : []) {
    if (u && u.meaning) texts.push((u.words ? u.words + ' : ' : '') + u.meaning);
  }
  for (const key of ['understood', 'compris', 'nearest', 'plus_proche']) if (typeof res[key] === 'string') texts.push(res[key]);
  for (const text of new Set(texts)) {
    const box = el('div', null, 'fr-alert fr-alert--info fr-alert--sm notice');
    box.appendChild(el('p', text));
    notices.appendChild(box);
  }
  if (res.suggestion) {
    const p = el('p', res.corrected ? 'Aucun résultat pour ces mots ; résultats pour ' : 'Vouliez-vous dire ', 'suggestion');
    const link = el('button', res.suggestion, 'link fr-link');
    link.type = 'button';
    link.addEventListener('click', () => { $('words').value = res.suggestion; search(); });
    p.appendChild(link);
    p.appendChild(document.createTextNode(' ?'));
    notices.appendChild(p);
  }
}

function hitItem(hit) {
  const offer = hit.offer;
  const li = el('li', null, 'hit');
  li.dataset.id = offer.id;
  const title = el('h3');
  const open = el('button', offer.nom, 'hit-name link');
  open.type = 'button';
  open.addEventListener('click', () => openOffer(offer.id, open));
  title.appendChild(open);
  li.appendChild(title);
  // Whom to call, first: structure, phone, e-mail, address.
  const call = el('p', null, 'call');
  call.appendChild(el('span', offer.structure_nom, 'structure'));
  if (offer.telephone) { call.appendChild(document.createTextNode(' · ')); call.appendChild(phoneLink(offer.telephone)); }
  if (offer.courriel) { call.appendChild(document.createTextNode(' · ')); call.appendChild(mailLink(offer.courriel)); }
  li.appendChild(call);
  const where = [(offer.localisation_approximative ? '≈ ' : '') + address(offer)];
  if (hit.distance_km !== null && hit.distance_km !== undefined) where.push(hit.distance_km + ' km');
  else if ((offer.modes_accueil || []).includes('a-distance')) where.push('à distance');
  li.appendChild(el('p', where.filter(Boolean).join(' · '), 'where'));
  const kinds = [offer.type ? label('type', offer.type) : '', offer.frais ? label('frais', offer.frais) : '',
    ...(offer.modes_accueil || []).map((m) => label('modes_accueil', m))].filter(Boolean);
  li.appendChild(el('p', kinds.join(' · '), 'kinds'));
  if (hit.verdict) li.appendChild(verdictBlock(hit.verdict, hit.reasons));
  const tick = el('div', null, 'fr-checkbox-group fr-checkbox-group--sm sheet-tick');
  const box = el('input');
  box.type = 'checkbox';
  box.id = 'sheet-' + state.shown.length + '-' + state.seq;
  box.checked = state.sheet.has(offer.id);
  box.addEventListener('change', () => {
    if (box.checked) state.sheet.add(offer.id); else state.sheet.delete(offer.id);
    showSheetCount();
  });
  const boxLabel = el('label', 'Mettre sur la fiche à imprimer', 'fr-label');
  boxLabel.htmlFor = box.id;
  tick.append(box, boxLabel);
  li.appendChild(tick);
  return li;
}

function showSheetCount() {
  const n = state.sheet.size;
  $('sheet-count').textContent = n ? n + (n > 1 ? ' offres cochées' : ' offre cochée') + ' pour la fiche'
    : 'aucune offre cochée : la fiche reprend les offres affichées';
}

function showFacets(facets) {
  const box = $('facets');
  box.replaceChildren();
  for (const [name, param, heading, table] of FACET_GROUPS) {
    const counts = (facets && facets[name]) || [];
    if (!counts.length) continue;
    const group = el('div', null, 'facet-group');
    group.dataset.facet = name;
    group.setAttribute('role', 'group');
    const h = el('h3', heading);
    h.id = 'facet-' + name;
    group.setAttribute('aria-labelledby', h.id);
    group.appendChild(h);
    const list = el('ul', null, 'fr-tags-group');
    for (const f of counts) {
      state.labels[f.code] = f.label || label(table, f.code);
      const active = state.filters[param].includes(f.code);
      const button = el('button', state.labels[f.code] + ' (' + f.count + ')', 'fr-tag fr-tag--sm facet' + (active ? ' active' : ''));
      button.type = 'button';
      button.dataset.code = f.code;
      button.setAttribute('aria-pressed', String(active));
      button.addEventListener('click', () => {
        const chosen = state.filters[param];
        const at = chosen.indexOf(f.code);
        if (at >= 0) chosen.splice(at, 1); else chosen.push(f.code);
        search();
      });
      const item = el('li');
      item.appendChild(button);
      list.appendChild(item);
    }
    group.appendChild(list);
    box.appendChild(group);
  }
}

function showActiveFilters() {
  const box = $('active-filters');
  box.replaceChildren();
  for (const [, param] of FACET_GROUPS) {
    for (const code of state.filters[param]) {
      const chip = el('button', (state.labels[code] || label(param, code)) + ' ×', 'fr-tag fr-tag--sm chip');
      chip.type = 'button';
      chip.setAttribute('aria-label', 'Retirer le filtre ' + (state.labels[code] || code));
      chip.addEventListener('click', () => {
        state.filters[param] = state.filters[param].filter((c) => c !== code);
        search();
      });
      box.appendChild(chip);
    }
  }
}

// ---- the coverage layer ------------------------------------------------------------------------
// The département of the place searched, for the theme chosen (the form's, else the first
// theme filter).
let coverageSeq = 0;
async function showCoverage() {
  const seq = ++coverageSeq;
  const note = $('coverage-note');
  note.replaceChildren();
  if (!$('coverage').checked) { map.drawCoverage(null); return; }
  const theme = $('theme').value || state.filters.themes[0];
  const commune = state.resolved && state.resolved.communes && state.resolved.communes[0];
  if (!theme || !commune) {
    map.drawCoverage(null);
    note.appendChild(el('p', 'Couverture : choisissez un thème et un lieu.', 'fr-text--sm'));
    return;
  }
  try {
    const radius = Math.min(100, Number($('radius').value));
    const data = await getJSON('/api/coverage?departement=' + encodeURIComponent(commune.departement)
      + '&theme=' + encodeURIComponent(theme) + '&radius_km=' + radius);
    if (seq !== coverageSeq) return;
    map.drawCoverage(data);
    const t = data.totaux[0];
    if (t) {
      note.appendChild(el('p', 'Couverture « ' + (state.labels[theme] || label('categories', theme)) + ' » en '
        + t.nom + ' : ' + t.communes_au_dela + ' communes sur ' + t.communes + ', '
        + t.population_au_dela.toLocaleString('fr-FR') + ' habitants à plus de ' + data.rayon_km
        + ' km d’une offre ouverte à eux.', 'fr-text--sm coverage-summary'));
    }
  } catch (e) {
    if (seq === coverageSeq) note.appendChild(el('p', e.message, 'fr-error-text'));
  }
}
$('coverage').addEventListener('change', showCoverage);

// ---- the sheet ---------------------------------------------------------------------------------
function personLines() {
  const q = question(false);
  const out = [];
  if ('age' in q) out.push('Âge : ' + q.age + ' ans');
  if (q.genre) out.push('Genre : ' + q.genre);
  if (q.lives_in) out.push('Habite à : ' + q.lives_in);
  if (q.diplome) out.push('Diplôme : ' + $('diplome').selectedOptions[0].textContent);
  for (const [name, text] of [['qpv', 'Habite un QPV'], ['permis', 'Permis B'], ['vehicule', 'Véhicule']]) {
    if (name in q) out.push(text + ' : ' + (q[name] ? 'oui' : 'non'));
  }
  for (const box of document.querySelectorAll('#statuses input:checked')) out.push(box.parentNode.textContent.trim());
  return out;
}

async function sheet(ids) {
  await prepareSheet(ids, $('sheet-with-person').checked ? personLines() : []);
}
$('print').addEventListener('click', async () => {
  await sheet(state.sheet.size ? [...state.sheet] : state.shown.slice(0, 20));
  window.print();
});
$('detail-print').addEventListener('click', async () => {
  await sheet([detail.current()]);
  window.print();
});

// ---- place autocomplete ------------------------------------------------------------------------
const placeInput = $('place');
const options = $('place-options');
let completionSeq = 0;
let active = -1;

function closeOptions() {
  complete.cancel();   // a completion typed just before a submit is not asked
  completionSeq += 1;  // nor one still on its way shown
  options.hidden = true;
  options.replaceChildren();
  placeInput.setAttribute('aria-expanded', 'false');
  placeInput.removeAttribute('aria-activedescendant');
  active = -1;
}

function pick(item) {
  state.place = { label: item.label, value: item.place || 'insee:' + item.code };
  placeInput.value = item.label;
  closeOptions();
  search();
}

const complete = debounce(async () => {
  const q = placeInput.value.trim();
  const seq = ++completionSeq;
  if (!q) return closeOptions();
  let list;
  try {
    list = await getJSON('/api/places?limit=8&q=' + encodeURIComponent(q));
  } catch (e) {
    return closeOptions();
  }
  if (seq !== completionSeq || document.activeElement !== placeInput) return;
  options.replaceChildren();
  active = -1;
  list.forEach((item, i) => {
    const li = el('li', item.label, 'place-option');
    li.id = 'place-option-' + i;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    if (item.postcodes && item.postcodes.length) li.appendChild(el('small', ' ' + item.postcodes[0]));
    li.addEventListener('mousedown', (event) => { event.preventDefault(); pick(item); });
    li.item = item;
    options.appendChild(li);
  });
  options.hidden = !list.length;
  placeInput.setAttribute('aria-expanded', String(!!list.length));
}, 120);
placeInput.addEventListener('input', complete);

placeInput.addEventListener('keydown', (event) => {
  const items = [...options.children];
  if (options.hidden || !items.length) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items.forEach((li, i) => {
      li.classList.toggle('active', i === active);
      li.setAttribute('aria-selected', String(i === active));
    });
    placeInput.setAttribute('aria-activedescendant', items[active].id);
  } else if (event.key === 'Enter' && active >= 0) {
    event.preventDefault();
    pick(items[active].item);
  } else if (event.key === 'Escape') {
    closeOptions();
  }
});
placeInput.addEventListener('blur', () => setTimeout(closeOptions, 150));

// ---- start -------------------------------------------------------------------------------------
const showRadius = () => {
  $('radius-value').textContent = $('radius').value;
  $('radius').setAttribute('aria-valuetext', $('radius').value + ' km');
};
$('radius').addEventListener('input', showRadius);
$('search-form').addEventListener('submit', (event) => { event.preventDefault(); closeOptions(); search(); });
$('more').addEventListener('click', () => search({ append: true }));
$('map-area').addEventListener('change', () => search());
$('open-now').addEventListener('change', () => search());
$('search-here').addEventListener('click', () => { state.bbox = map.viewport(); search({ fromMap: true }); });

getJSON('/api/config').then(async (config) => {
  setLabels(config.labels);
  map.setTiles(config);
  setSheetTiles(config);
  for (const c of config.categories) {
    const option = el('option', c.label);
    option.value = c.code;
    $('theme').appendChild(option);
  }
  for (const d of config.diplomas) {
    const option = el('option', d.label);
    option.value = d.code;
    $('diplome').appendChild(option);
  }
  config.statuses.forEach((s, i) => {
    const group = el('div', null, 'fr-checkbox-group fr-checkbox-group--sm');
    const box = el('input');
    box.type = 'checkbox';
    box.value = s.code;
    box.id = 'status-' + i;
    const text = el('label', s.label, 'fr-label');
    text.htmlFor = box.id;
    group.append(box, text);
    $('statuses').appendChild(group);
  });
  // A shared or reloaded address: the same search, and the offer it points at.
  const saved = readAddress(new URLSearchParams(location.search));
  if (saved) {
    $('words').value = saved.words;
    $('place').value = saved.place;
    $('radius').value = saved.radius || $('radius').value;
    showRadius();
    $('theme').value = saved.theme;
    Object.assign(state.filters, saved.filters);
    $('remote').value = saved.remote || 'include';
    $('sort').value = saved.sort || 'auto';
    $('open-now').checked = saved.openNow;
    $('coverage').checked = saved.coverage;
    const offer = saved.offer;
    await search();
    if (offer) openOffer(offer, $('results-panel'));
  }
  document.body.dataset.ready = '1';
}).catch((e) => {
  const alert = el('div', null, 'fr-alert fr-alert--error fr-alert--sm error');
  alert.appendChild(el('p', e.message));
  $('status').replaceChildren(alert);
});

// For the browser tests and curious people: what the map holds.
window.cartoffrePortal = {
  markerCount: () => map.markerIds().length,
  markerIds: () => map.markerIds(),
  openPopup: (id) => map.openPopup(id),
  prepareSheet: (ids) => sheet(ids),
  map: map.map,
};
