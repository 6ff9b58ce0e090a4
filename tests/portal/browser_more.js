// The portal's browser test, second half (browser_test.js runs it): the sheet to print, the
// search in the address, the keyboard alone, "ouvert maintenant", and axe-core on each main
// state at desktop and phone sizes. Screenshots of every state go with the others.
'use strict';
const assert = require('node:assert/strict');

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

async function moreSteps({ page, context, step, shot, searched, listedIds, api, axeProblems, CODE, base }) {
  const ready = async (p) => p.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  // A search near Melun typed and submitted, results shown; the API's answer.
  const melun = async (p, words = 'emploi') => {
    await p.fill('#words', words);
    await p.fill('#place', 'Melun (77)');
    await p.$eval('#radius', (r) => { r.value = '30'; r.dispatchEvent(new Event('input')); });
    return searched(() => p.click('#search-button'), p);
  };

  await step('the sheet prints the ticked offers with phone and hours, the person only when ticked', async () => {
    // The person of the previous step is still in the form.
    assert.equal(await page.inputValue('#age'), '23');
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
    const boxes = page.locator('#results li.hit .sheet-tick input');
    await boxes.nth(0).locator('xpath=following-sibling::label').click();
    await boxes.nth(1).locator('xpath=following-sibling::label').click();
    assert.match(await page.textContent('#sheet-count'), /^2 offres cochées/);
    const ticked = await page.$$eval('#results li.hit', (items) => items.slice(0, 2).map((li) => li.dataset.id));
    await page.click('#print');
    await page.waitForFunction(() => window.__printed === 1);
    const names = await page.$$eval('#sheet .sheet-offer h2', (hs) => hs.map((h) => h.textContent));
    const expected = await Promise.all(ticked.map((id) => api('/api/offers/' + encodeURIComponent(id))));
    assert.deepEqual(names, expected.map((o) => o.nom));
    // An offer with a phone and readable hours, on the sheet.
    const near = await api('/api/search', { words: 'numerique', place: 'Melun (77)', radius_km: 40, limit: 100, full: true });
    const offer = near.hits.map((h) => h.offer).find((o) => o.telephone && /^(Mo|Tu|We|Th|Fr)/.test(o.horaires_accueil));
    assert.ok(offer, 'no offer with a phone and hours near Melun');
    await page.evaluate((id) => window.cartoffrePortal.prepareSheet([id]), offer.id);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#sheet'), true);
    // A small map around the offer, from the same tiles as the page's map.
    const plan = await page.$$eval('#sheet .sheet-map img', (imgs) => imgs.map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 })));
    assert.ok(plan.length >= 2 && plan.every((t) => t.ok && t.src.includes('/fake-tiles/16/')), JSON.stringify(plan));
    assert.equal(await page.isVisible('#sheet .sheet-map-dot'), true);
    assert.equal(await page.isVisible('#results-panel'), false);
    assert.equal(await page.isVisible('#map'), false);
    const text = await page.innerText('#sheet');
    assert.ok(text.includes(offer.nom) && text.includes(offer.telephone), text);
    assert.match(text, /Aujourd'hui \((lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\)/);
    assert.match(text, /(lundi|mardi|mercredi|jeudi|vendredi)[^\n]* : \d+ h/);
    assert.doesNotMatch(text, /Âge|23 ans|RSA|Situation de la personne/i);
    assert.doesNotMatch(text, CODE);
    await page.screenshot({ path: shot.dir + '/9-sheet-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.click('label[for="sheet-with-person"]');
    await page.evaluate((id) => window.cartoffrePortal.prepareSheet([id]), offer.id);
    assert.match(await page.textContent('#sheet'), /Âge : 23 ans/);
    await page.click('label[for="sheet-with-person"]');
  });

  await step('the address holds the search, not the person: opened again, the same results', async () => {
    const facet = (await page.$$eval('#facets [data-facet="types"] button', (bs) => bs.map((b) => b.dataset.code)))[0];
    const filtered = await searched(() => page.click(`#facets [data-facet="types"] button[data-code="${facet}"]`));
    const address = new URL(page.url());
    assert.equal(address.searchParams.get('mots'), 'emploi');
    assert.deepEqual(address.searchParams.getAll('types'), [facet]);
    for (const name of ['age', 'statuses', 'mode', 'genre', 'lives_in']) assert.equal(address.searchParams.get(name), null);
    assert.doesNotMatch(address.search, /23|rsa/);
    const other = await context.newPage();
    try {
      const again = await searched(() => other.goto(address.href), other);
      // The same question, the person left out.
      const withoutPerson = JSON.parse(JSON.stringify({ ...filtered.sent, age: undefined, statuses: undefined, mode: undefined }));
      assert.deepEqual(again.sent, withoutPerson);
      const expected = await api('/api/search', withoutPerson);
      assert.ok(expected.total > 0);
      assert.deepEqual(again.body.hits.map((h) => h.offer.id), expected.hits.map((h) => h.offer.id));
      await shot('10-address-reopened', other);
      assert.equal(await other.inputValue('#words'), 'emploi');
      assert.equal(await other.locator(`#facets button[data-code="${facet}"][aria-pressed="true"]`).count(), 1);
      // A link to one offer opens it.
      const id = again.body.hits[0].offer.id;
      await other.locator('#results li.hit button.hit-name').first().click();
      await other.waitForFunction((nom) => document.getElementById('detail-name').textContent === nom, again.body.hits[0].offer.nom);
      const link = await other.getAttribute('#detail-link', 'href');
      assert.equal(new URL(link, base).searchParams.get('offre'), id);
      const third = await context.newPage();
      await third.goto(new URL(link, base).href);
      await third.waitForFunction((nom) => document.getElementById('detail-name').textContent === nom, again.body.hits[0].offer.nom, { timeout: 30000 });
      await shot('10-shared-offer', third);
      await third.close();
    } finally {
      await other.close();
    }
  });

  await step('keyboard alone: search, reach a result, open it as a dialog, Tab stays inside, Escape closes', async () => {
    await page.goto(base + '/');
    await ready(page);
    const focused = () => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.className));
    const tabTo = async (test, most) => {
      for (let i = 0; i < most; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(test)) return;
      }
      assert.fail('not reached by Tab; focus on ' + (await focused()));
    };
    await tabTo(() => document.activeElement.id === 'words', 15);
    await page.keyboard.type('emploi');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'place');
    await page.keyboard.type('Melun', { delay: 30 });
    const found = await searched(() => page.keyboard.press('Enter'));
    assert.ok(found.body.total > 0);
    await page.waitForTimeout(400);
    assert.equal(await page.isVisible('#place-options'), false, 'the autocomplete stayed open');
    await tabTo(() => document.activeElement.classList.contains('hit-name'), 120);
    const name = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press('Enter');
    await page.waitForFunction((nom) => document.getElementById('detail-name').textContent === nom, name);
    assert.equal(await page.getAttribute('#detail', 'role'), 'dialog');
    for (let i = 0; i < 25; i += 1) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      assert.ok(await page.evaluate(() => document.getElementById('detail').contains(document.activeElement)),
        'focus left the dialog: ' + (await focused()));
    }
    await shot('11-keyboard-detail');
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#detail'), false);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), name, 'focus not given back');
    // Markers can be reached too.
    await tabTo(() => document.activeElement.classList.contains('leaflet-marker-icon'), 200);
  });

  await step('"ouvert maintenant" asks the API for the offers open now', async () => {
    const open = await searched(() => page.click('label[for="open-now"]'));
    assert.equal(open.sent.open_now, true);
    const all = await api('/api/search', { ...open.sent, open_now: false, limit: 1 });
    assert.ok(open.body.total <= all.total);
    assert.equal(new URL(page.url()).searchParams.get('ouvert'), '1');
    await searched(() => page.click('label[for="open-now"]'));
  });

  await step('the coverage layer: each commune of the département by distance to the theme', async () => {
    await page.selectOption('#theme', 'numerique');
    await page.click('label[for="coverage"]');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/coverage'),
      searched(() => page.click('#search-button')),
    ]);
    const layer = await answer.json();
    assert.equal(new URL(answer.url()).searchParams.get('departement'), '77');
    await page.waitForFunction((n) => document.querySelectorAll('#map path.coverage-commune').length === n, layer.communes.length);
    assert.ok(layer.communes.length > 400);
    assert.match(await page.textContent('.coverage-legend'), /Offre la plus proche/);
    await page.waitForSelector('#coverage-note .coverage-summary');
    const t = layer.totaux[0];
    assert.match(await page.textContent('#coverage-note'), new RegExp(t.communes_au_dela + ' communes sur ' + t.communes));
    assert.equal(new URL(page.url()).searchParams.get('couverture'), '1');
    await page.evaluate(() => { const m = window.cartoffrePortal.map; m.setZoom(m.getZoom() - 1); });
    await shot('12-coverage');
    await page.click('label[for="coverage"]');
    assert.equal(await page.locator('#map path.coverage-commune').count(), 0);
    await page.selectOption('#theme', '');
    await searched(() => page.click('#search-button'));
  });

  await step('no code of the standard in the page: results and facets in French', async () => {
    const text = await page.innerText('body');
    assert.doesNotMatch(text, CODE);
  });

  // The main states, each checked by axe-core and photographed, at desktop and phone sizes.
  const states = [
    ['empty', async (p) => { await p.goto(base + '/'); await ready(p); }],
    ['results', async (p) => { await p.goto(base + '/'); await ready(p); await melun(p); }],
    ['person', async (p) => {
      await p.goto(base + '/');
      await ready(p);
      await p.click('#profile summary');
      await p.fill('#age', '23');
      await p.click('#statuses input[value="rsa"] + label');
      await p.selectOption('#mode', 'inclusive');
      await melun(p);
      await p.waitForSelector('#results .verdict');
    }],
    ['detail', async (p) => {
      await p.locator('#results li.hit button.hit-name').first().click();
      await p.waitForSelector('#detail-fields dt');
      await p.waitForSelector('#detail-verdict .verdict');
    }],
    ['error', async (p) => {
      await p.keyboard.press('Escape');
      await p.fill('#place', 'Zzzyxville');
      await searched(() => p.click('#search-button'), p);
      await p.waitForSelector('#status .fr-alert--error');
    }],
  ];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await step(`axe-core: no serious or critical violation in each state (${size})`, async () => {
      await page.setViewportSize(viewport);
      // The check can fail: an unnamed field added to the page is caught.
      await page.evaluate(() => document.getElementById('results-panel').appendChild(Object.assign(document.createElement('input'), { id: 'axe-canary' })));
      assert.ok((await axeProblems(page)).some((p) => p.startsWith('label ')), 'axe-core missed an unnamed field');
      await page.evaluate(() => document.getElementById('axe-canary').remove());
      const found = [];
      for (const [name, reach] of states) {
        await reach(page);
        await shot(`axe-${size}-${name}`);
        for (const problem of await axeProblems(page)) found.push(name + ': ' + problem);
      }
      assert.deepEqual(found, []);
    });
  }
  await page.setViewportSize(DESKTOP);
}

module.exports = { moreSteps };
