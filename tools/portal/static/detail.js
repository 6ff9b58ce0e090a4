// One offer's detail, as a dialog: focus moves into it, Tab stays inside, Escape or « Fermer »
// closes it and gives the focus back to what opened it. And the sheet to hand over: the chosen
// offers with address, phone, hours, what to bring, printed (or saved as PDF) by the browser.
import {
  el, label, labels, readHours, hoursLines, todayLine, timeZone, phoneLink, mailLink, safeHref,
  address, VERDICTS,
} from './format.js';
import { sheetMap, tilesLoaded } from './sheetmap.js';

const $ = (id) => document.getElementById(id);

export async function getJSON(url, body) {
  const init = { headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let answer;
  try {
    answer = await response.json();
  } catch (e) {
    throw new Error('réponse illisible du serveur (' + response.status + ')');
  }
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

export function verdictBlock(verdict, reasons) {
  const box = el('div', null, 'verdict-box');
  const v = VERDICTS[verdict] || { label: verdict, badge: '' };
  box.appendChild(el('p', v.label, 'verdict fr-badge fr-badge--sm ' + v.badge + ' verdict-' + verdict));
  const list = el('ul', null, 'reasons');
  for (const reason of reasons || []) list.appendChild(el('li', reason.text, 'reason outcome-' + reason.outcome));
  box.appendChild(list);
  return box;
}

// Rows of an offer as [label, node or text]; empty values left out.
function rows(offer) {
  const out = [];
  const add = (name, value) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) return;
    out.push([name, Array.isArray(value) ? value.join(', ') : value]);
  };
  add('Structure', [offer.structure_nom, offer.structure_typologie ? label('structure_typologie', offer.structure_typologie) : ''].filter(Boolean).join(' — '));
  // The contacts the index pools across a cluster of duplicates (this offer's first).
  const contacts = (name, list, single, link) => {
    const values = list && list.length ? list : single ? [single] : [];
    if (!values.length) return;
    const span = el('span');
    values.forEach((value, i) => {
      if (i) span.appendChild(document.createTextNode(' · '));
      span.appendChild(link(value));
    });
    add(values.length > 1 ? name + 's' : name, span);
  };
  contacts('Téléphone', offer.telephones, offer.telephone, phoneLink);
  contacts('Courriel', offer.courriels, offer.courriel, mailLink);
  add('Adresse', address(offer) + (offer.localisation_approximative ? ' (≈ lieu approché : centre de la commune)' : ''));
  add('Contact', offer.contact_nom_prenom);
  const hours = readHours(offer.horaires_accueil);
  if (hours) {
    const list = el('ul', null, 'hours');
    list.appendChild(el('li', todayLine(hours, timeZone(offer.code_insee)), 'today'));
    for (const line of hoursLines(hours)) list.appendChild(el('li', line));
    add('Horaires', list);
  } else {
    add('Horaires', offer.horaires_accueil);
  }
  add('Description', offer.description);
  add("Conditions d'accès, pièces à apporter", offer.conditions_acces);
  add('Type', offer.type ? label('type', offer.type) : '');
  add('Thématiques', labels('thematiques', offer.thematiques));
  add('Publics', labels('publics', offer.publics));
  add('Précisions sur les publics', offer.publics_precisions);
  add('Frais', [offer.frais ? label('frais', offer.frais) : '', offer.frais_precisions].filter(Boolean).join(' — '));
  add("Modes d'accueil", labels('modes_accueil', offer.modes_accueil));
  add('Pour mobiliser', labels('modes_mobilisation', offer.modes_mobilisation));
  add('Mobilisable par', labels('mobilisable_par', offer.mobilisable_par));
  add('Précisions', offer.mobilisation_precisions);
  for (const [name, value] of [['Lien pour mobiliser', offer.lien_mobilisation], ['Source', offer.lien_source]]) {
    const url = value ? safeHref(value) : null;
    if (url) {
      const a = el('a', value);
      a.href = url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.title = value + ' — nouvelle fenêtre';
      add(name, a);
    } else {
      add(name, value);
    }
  }
  const others = (offer.liens || []).filter((link) => link !== offer.lien_source && link !== offer.lien_mobilisation);
  for (const value of others) {
    const url = safeHref(value);
    if (!url) continue;
    const a = el('a', value);
    a.href = url;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    a.title = value + ' — nouvelle fenêtre';
    add('Autre fiche du même lieu', a);
  }
  add('Mise à jour', offer.date_maj ? new Date(offer.date_maj + 'T12:00:00').toLocaleDateString('fr-FR') : '');
  add('Identifiant', offer.id);
  return out;
}

function fillList(dl, offer) {
  dl.replaceChildren();
  for (const [name, value] of rows(offer)) {
    dl.appendChild(el('dt', name));
    const dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
}

export function createDetail({ explainFor, linkFor, onClose }) {
  const panel = $('detail');
  let opener = null;
  let current = null;

  function focusables() {
    return [...panel.querySelectorAll('a[href], button, [tabindex="0"]')].filter((n) => !n.hidden && n.offsetParent !== null);
  }

  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      const items = focusables();
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === $('detail-name'))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  $('detail-close').addEventListener('click', () => close());

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    current = null;
    document.body.classList.remove('dialog-open');
    onClose();
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  async function open(id, from) {
    opener = from || document.activeElement;
    panel.hidden = false;
    document.body.classList.add('dialog-open');
    current = id;
    $('detail-name').textContent = 'Chargement…';
    for (const part of ['detail-structure', 'detail-open']) $(part).textContent = '';
    $('detail-verdict').replaceChildren();
    $('detail-fields').replaceChildren();
    $('detail-link').href = linkFor(id);
    $('detail-name').focus();
    let offer;
    try {
      offer = await getJSON('/api/offers/' + encodeURIComponent(id));
    } catch (e) {
      $('detail-name').textContent = e.message;
      return;
    }
    if (current !== id) return;
    $('detail-name').textContent = offer.nom;
    $('detail-structure').textContent = offer.structure_nom;
    const now = offer.ouvert_maintenant || {};
    $('detail-open').textContent = now.ouvert === true ? 'Ouvert maintenant' : now.ouvert === false ? 'Fermé maintenant' : '';
    $('detail-open').className = now.ouvert === true ? 'fr-badge fr-badge--success' : now.ouvert === false ? 'fr-badge' : '';
    fillList($('detail-fields'), offer);
    // The verdict only for a person: with none entered there is nothing to judge.
    const question = explainFor(id);
    if (question) {
      try {
        const explanation = await getJSON('/api/explain', question);
        if (current !== id) return;
        $('detail-verdict').replaceChildren(verdictBlock(explanation.verdict, explanation.reasons));
      } catch (e) {
        $('detail-verdict').replaceChildren(el('p', e.message, 'fr-error-text'));
      }
    }
  }

  return { open, close, current: () => current };
}

// The sheet: the offers, full, one block each; the person's situation only when ticked.
export async function prepareSheet(ids, personLines) {
  const box = $('sheet-offers');
  box.replaceChildren();
  $('sheet-date').textContent = 'Fiche remise le ' + new Date().toLocaleDateString('fr-FR');
  const person = $('sheet-person');
  person.replaceChildren();
  if (personLines && personLines.length) {
    person.appendChild(el('h2', 'Situation de la personne'));
    const list = el('ul');
    for (const line of personLines) list.appendChild(el('li', line));
    person.appendChild(list);
  }
  const offers = await Promise.all(ids.map((id) => getJSON('/api/offers/' + encodeURIComponent(id))));
  for (const offer of offers) {
    const block = el('article', null, 'sheet-offer');
    block.appendChild(el('h2', offer.nom));
    const dl = el('dl');
    fillList(dl, offer);
    // The sheet keeps what the person needs to go there and call.
    const keep = new Set(['Structure', 'Téléphone', 'Courriel', 'Adresse', 'Contact', 'Horaires',
      "Conditions d'accès, pièces à apporter", 'Frais', 'Pour mobiliser', 'Lien pour mobiliser']);
    for (const dt of [...dl.querySelectorAll('dt')]) {
      if (!keep.has(dt.textContent)) { dt.nextElementSibling.remove(); dt.remove(); }
    }
    block.appendChild(dl);
    const plan = sheetMap(offer.latitude, offer.longitude, offer.nom);
    if (plan) block.appendChild(plan);
    box.appendChild(block);
  }
  await tilesLoaded(box);
}
