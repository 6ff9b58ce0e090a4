// The portal's page: a search form, results with verdicts, facets, a map, an offer's detail.
// Every text that comes from a catalogue or a person is inserted with textContent (or as a DOM
// node for Leaflet popups), never as HTML: a catalogue may hold anything.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const VERDICTS = {
    'no-criteria': 'Aucun critère connu', eligible: 'Éligible', 'to-check': 'À vérifier',
    ineligible: 'Non éligible',
  };
  const FACET_GROUPS = [
    // facet name in the API's answer -> search parameter it filters, heading
    ['categories', 'themes', 'Thèmes'],
    ['types', 'types', 'Types'],
    ['frais', 'frais', 'Frais'],
    ['publics', 'publics', 'Publics'],
  ];
  const state = {
    filters: { themes: [], types: [], frais: [], publics: [] },
    labels: {},          // code -> label of facets seen, for the active-filter chips
    params: null,        // the current search without cursor
    cursor: null,
    seq: 0,              // answers to an older search than the last one are dropped
    place: null,         // { label, value } picked from the autocomplete
    fitting: false,      // the map moves because of a fitBounds, not the person
  };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      throw new Error('réponse illisible du serveur (' + response.status + ')');
    }
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  // Only http(s) links become clickable: a catalogue's "javascript:" URL stays text.
  function safeHref(text) {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- the map -------------------------------------------------------------------------------
  const map = L.map('map', { zoomControl: true, minZoom: 3, maxZoom: 18 }).setView([46.6, 2.4], 6);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false });
  const markers = new Map();  // offer id -> marker
  map.addLayer(cluster);

  function addMarker(hit) {
    const offer = hit.offer;
    if (!offer.location || markers.has(offer.id)) return;
    // title is set as a DOM property by Leaflet; the popup gets a node built with textContent.
    const marker = L.marker(offer.location, { title: offer.nom });
    const popup = el('div', null, 'popup');
    popup.appendChild(el('strong', offer.nom));
    popup.appendChild(el('div', [offer.structure_nom, offer.commune].filter(Boolean).join(' · ')));
    const open = el('button', 'Détails', 'popup-open');
    open.type = 'button';
    open.addEventListener('click', () => openOffer(offer.id));
    popup.appendChild(open);
    marker.bindPopup(popup);
    markers.set(offer.id, marker);
    cluster.addLayer(marker);
  }

  function clearMarkers() {
    cluster.clearLayers();
    markers.clear();
  }

  function fitMarkers() {
    if (!markers.size) return;
    const bounds = L.latLngBounds([...markers.values()].map((m) => m.getLatLng()));
    state.fitting = true;
    map.fitBounds(bounds.pad(0.1), { maxZoom: 14, animate: false });
    setTimeout(() => { state.fitting = false; }, 0);
  }

  function viewport() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180),
      clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)]
      .map((v) => v.toFixed(5)).join(',');
  }

  // The person moved the map (not a fitBounds of ours): with "zone de la carte", search there.
  const searchMapArea = debounce(() => search({ fromMap: true }), 250);
  map.on('moveend', () => {
    if (!state.fitting && $('map-area').checked) searchMapArea();
  });

  // ---- the form ------------------------------------------------------------------------------
  function placeValue() {
    const typed = $('place').value.trim();
    // The picked completion resolves to that very commune (insee:CODE for homonyms).
    if (state.place && typed === state.place.label) return state.place.value;
    return typed;
  }

  function formParams(fromMap) {
    const p = new URLSearchParams();
    const set = (name, value) => { if (value !== '' && value !== null && value !== undefined) p.set(name, value); };
    set('words', $('words').value.trim());
    if (fromMap || $('map-area').checked) {
      p.set('bbox', viewport());  // the viewport replaces the place: the map is the "where"
    } else {
      set('place', placeValue());
      set('radius_km', $('radius').value);
    }
    const themes = [...state.filters.themes];
    if ($('theme').value && !themes.includes($('theme').value)) themes.push($('theme').value);
    for (const code of themes) p.append('themes', code);
    for (const name of ['types', 'frais', 'publics']) {
      for (const code of state.filters[name]) p.append(name, code);
    }
    set('remote', $('remote').value);
    set('sort', $('sort').value);
    // The person: sent for this search only; the server neither logs nor keeps it.
    set('age', $('age').value);
    set('genre', $('genre').value);
    set('lives_in', $('lives-in').value.trim());
    set('diplome', $('diplome').value);
    for (const name of ['qpv', 'permis', 'vehicule']) set(name, $(name).value);
    for (const box of document.querySelectorAll('#statuses input:checked')) p.append('statuses', box.value);
    set('mode', $('mode').value);
    return p;
  }

  function hasProfile(p) {
    return ['age', 'genre', 'lives_in', 'diplome', 'qpv', 'permis', 'vehicule', 'statuses']
      .some((name) => p.has(name));
  }

  // ---- searching -----------------------------------------------------------------------------
  async function search({ append = false, fromMap = false } = {}) {
    const seq = ++state.seq;
    let params;
    if (append) {
      params = new URLSearchParams(state.params);
      params.set('cursor', state.cursor);
    } else {
      params = formParams(fromMap);
      state.params = new URLSearchParams(params);
      if (!fromMap) {
        // A new question: the open offer and popup belonged to the previous one.
        $('detail').hidden = true;
        map.closePopup();
      }
    }
    document.body.classList.add('busy');
    $('status').textContent = 'Recherche…';
    try {
      const res = await getJSON('/api/search?' + params.toString());
      if (seq !== state.seq) return;
      if (!append) {
        $('results').replaceChildren();
        clearMarkers();
      }
      for (const hit of res.hits) {
        $('results').appendChild(hitItem(hit));
        addMarker(hit);
      }
      state.cursor = res.next_cursor;
      $('more').hidden = !res.next_cursor;
      showStatus(res);
      if (!append) showFacets(res.facets);
      showActiveFilters();
      // In "zone de la carte" the viewport is the question: it stays as the person set it.
      if (!append && !fromMap && !$('map-area').checked) fitMarkers();
    } catch (e) {
      if (seq !== state.seq) return;
      $('status').replaceChildren(el('span', e.message, 'error'));
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
    if (res.place) line += ' autour de ' + res.place.label + ' (' + state.params.get('radius_km') + ' km)';
    if (res.total) line += ' — ' + shown + ' affichées';
    status.appendChild(el('p', line, 'total'));
    for (const notice of res.notices || []) status.appendChild(el('p', notice, 'notice'));
    if (res.suggestion) {
      const p = el('p', res.corrected ? 'Aucun résultat pour ces mots ; résultats pour ' : 'Vouliez-vous dire ', 'suggestion');
      const link = el('button', res.suggestion, 'link');
      link.type = 'button';
      link.addEventListener('click', () => { $('words').value = res.suggestion; search(); });
      p.appendChild(link);
      p.appendChild(document.createTextNode(' ?'));
      status.appendChild(p);
    }
  }

  function hitItem(hit) {
    const offer = hit.offer;
    const li = el('li', null, 'hit');
    li.dataset.id = offer.id;
    const title = el('h3');
    const open = el('button', offer.nom, 'hit-name link');
    open.type = 'button';
    open.addEventListener('click', () => openOffer(offer.id));
    title.appendChild(open);
    li.appendChild(title);
    const where = [offer.structure_nom, [offer.code_postal, offer.commune].filter(Boolean).join(' ')];
    if (hit.distance_km !== null && hit.distance_km !== undefined) where.push(hit.distance_km + ' km');
    else if ((offer.modes_accueil || []).includes('a-distance')) where.push('à distance');
    li.appendChild(el('p', where.filter(Boolean).join(' · '), 'where'));
    if (hit.verdict) li.appendChild(verdictBlock(hit.verdict, hit.reasons));
    return li;
  }

  function verdictBlock(verdict, reasons) {
    const box = el('div', null, 'verdict-box');
    box.appendChild(el('span', VERDICTS[verdict] || verdict, 'verdict verdict-' + verdict));
    const list = el('ul', null, 'reasons');
    for (const reason of reasons || []) {
      list.appendChild(el('li', reason.text, 'reason outcome-' + reason.outcome));
    }
    box.appendChild(list);
    return box;
  }

  function showFacets(facets) {
    const box = $('facets');
    box.replaceChildren();
    for (const [name, param, heading] of FACET_GROUPS) {
      const counts = (facets && facets[name]) || [];
      if (!counts.length) continue;
      const group = el('div', null, 'facet-group');
      group.dataset.facet = name;
      group.appendChild(el('h4', heading));
      for (const f of counts) {
        state.labels[f.code] = f.label;
        const active = state.filters[param].includes(f.code);
        const button = el('button', f.label + ' (' + f.count + ')', 'facet' + (active ? ' active' : ''));
        button.type = 'button';
        button.dataset.code = f.code;
        button.addEventListener('click', () => {
          const list = state.filters[param];
          const at = list.indexOf(f.code);
          if (at >= 0) list.splice(at, 1); else list.push(f.code);
          search();
        });
        group.appendChild(button);
      }
      box.appendChild(group);
    }
  }

  function showActiveFilters() {
    const box = $('active-filters');
    box.replaceChildren();
    for (const [, param] of FACET_GROUPS) {
      for (const code of state.filters[param]) {
        const chip = el('button', (state.labels[code] || code) + ' ×', 'chip');
        chip.type = 'button';
        chip.title = 'Retirer ce filtre';
        chip.addEventListener('click', () => {
          state.filters[param] = state.filters[param].filter((c) => c !== code);
          search();
        });
        box.appendChild(chip);
      }
    }
  }

  // ---- one offer -----------------------------------------------------------------------------
  async function openOffer(id) {
    const panel = $('detail');
    panel.hidden = false;
    $('detail-name').textContent = 'Chargement…';
    $('detail-structure').textContent = '';
    $('detail-verdict').replaceChildren();
    $('detail-fields').replaceChildren();
    let offer;
    try {
      offer = await getJSON('/api/offers/' + encodeURIComponent(id));
    } catch (e) {
      $('detail-name').textContent = e.message;
      return;
    }
    $('detail-name').textContent = offer.nom;
    $('detail-structure').textContent = offer.structure_nom;
    const fields = $('detail-fields');
    const row = (label, value, href) => {
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) return;
      fields.appendChild(el('dt', label));
      const dd = el('dd');
      const url = href ? safeHref(value) : null;
      if (url) {
        const a = el('a', value);
        a.href = url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        dd.appendChild(a);
      } else {
        dd.textContent = Array.isArray(value) ? value.join(', ') : String(value);
      }
      fields.appendChild(dd);
    };
    row('Description', offer.description);
    row('Adresse', [offer.adresse, offer.complement_adresse, [offer.code_postal, offer.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ')
      + (offer.localisation_approximative ? ' (placée au centre de la commune)' : ''));
    row('Téléphone', offer.telephone);
    row('Courriel', offer.courriel);
    row('Contact', offer.contact_nom_prenom);
    row('Horaires', offer.horaires_accueil);
    const label = (code) => state.labels[code] || code;  // facet labels seen, else the code
    row('Type', label(offer.type));
    row('Thématiques', offer.thematiques);
    row('Publics', (offer.publics || []).map(label));
    row('Précisions sur les publics', offer.publics_precisions);
    row('Frais', [offer.frais, offer.frais_precisions].filter(Boolean).join(' — '));
    row("Modes d'accueil", offer.modes_accueil);
    row("Conditions d'accès", offer.conditions_acces);
    row('Mobilisation', offer.modes_mobilisation);
    row('Lien pour mobiliser', offer.lien_mobilisation, true);
    row('Source', offer.lien_source, true);
    row('Mise à jour', offer.date_maj);
    row('Identifiant', offer.id);
    // The verdict for the person and place of the current search, when there is one.
    const p = state.params || new URLSearchParams();
    if (hasProfile(p) || p.has('place')) {
      const q = new URLSearchParams();
      q.set('id', id);
      for (const [name, value] of p) {
        if (['place', 'radius_km', 'age', 'genre', 'lives_in', 'diplome', 'qpv', 'permis',
          'vehicule', 'statuses'].includes(name)) q.append(name, value);
      }
      try {
        const explanation = await getJSON('/api/explain?' + q.toString());
        if ($('detail-name').textContent !== offer.nom) return;
        $('detail-verdict').replaceChildren(verdictBlock(explanation.verdict, explanation.reasons));
      } catch (e) {
        $('detail-verdict').replaceChildren(el('p', e.message, 'error'));
      }
    }
    panel.scrollIntoView({ block: 'nearest' });
  }

  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; });

  // ---- place autocomplete --------------------------------------------------------------------
  const placeInput = $('place');
  const options = $('place-options');
  let completionSeq = 0;
  let active = -1;

  function closeOptions() {
    options.hidden = true;
    options.replaceChildren();
    placeInput.setAttribute('aria-expanded', 'false');
    active = -1;
  }

  function pick(item) {
    state.place = { label: item.label, value: item.place || 'insee:' + item.code };
    placeInput.value = item.label;
    closeOptions();
    search();
  }

  placeInput.addEventListener('input', debounce(async () => {
    const q = placeInput.value.trim();
    const seq = ++completionSeq;
    if (!q) return closeOptions();
    let list;
    try {
      list = await getJSON('/api/places?limit=8&q=' + encodeURIComponent(q));
    } catch (e) {
      return closeOptions();
    }
    if (seq !== completionSeq) return;
    options.replaceChildren();
    active = -1;
    list.forEach((item, i) => {
      const li = el('li', item.label, 'place-option');
      li.id = 'place-option-' + i;
      li.setAttribute('role', 'option');
      if (item.postcodes && item.postcodes.length) li.appendChild(el('small', ' ' + item.postcodes[0]));
      li.addEventListener('mousedown', (event) => { event.preventDefault(); pick(item); });
      li.item = item;
      options.appendChild(li);
    });
    options.hidden = !list.length;
    placeInput.setAttribute('aria-expanded', String(!!list.length));
  }, 120));

  placeInput.addEventListener('keydown', (event) => {
    const items = [...options.children];
    if (options.hidden || !items.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items.forEach((li, i) => li.classList.toggle('active', i === active));
      placeInput.setAttribute('aria-activedescendant', items[active].id);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      pick(items[active].item);
    } else if (event.key === 'Escape') {
      closeOptions();
    }
  });
  placeInput.addEventListener('blur', () => setTimeout(closeOptions, 150));

  // ---- start ---------------------------------------------------------------------------------
  $('radius').addEventListener('input', () => { $('radius-value').textContent = $('radius').value; });
  $('search-form').addEventListener('submit', (event) => { event.preventDefault(); search(); });
  $('more').addEventListener('click', () => search({ append: true }));
  $('map-area').addEventListener('change', () => search());

  getJSON('/api/config').then((config) => {
    if (config.tiles) {
      // The attribution is the operator's setting (Leaflet shows it as HTML, for its links),
      // never catalogue text.
      L.tileLayer(config.tiles, { attribution: config.tiles_attribution, maxZoom: 19 }).addTo(map);
    }
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
    for (const s of config.statuses) {
      const label = el('label', null, 'inline');
      const box = el('input');
      box.type = 'checkbox';
      box.value = s.code;
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + s.label));
      $('statuses').appendChild(label);
    }
    document.body.dataset.ready = '1';
  }).catch((e) => { $('status').replaceChildren(el('span', e.message, 'error')); });

  // For the browser tests and curious people: what the map holds.
  window.cartoffrePortal = {
    markerCount: () => markers.size,
    markerIds: () => [...markers.keys()],
    openPopup: (id) => {
      const marker = markers.get(id);
      if (marker) cluster.zoomToShowLayer(marker, () => marker.openPopup());
    },
    map,
  };
})();
