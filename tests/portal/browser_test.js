// The portal in Debian's headless Chromium, driven by playwright-core: a person types words,
// picks a place from the autocomplete, sees results and markers over the map's background (a
// fake tile server on the loopback) with the search's centre and radius, filters by a facet,
// loads more, opens an offer, moves the map; catalogue text holding HTML shows as text; the
// search survives in the address, the sheet prints, the page works from the keyboard alone
// and axe-core finds no serious or critical violation in its main states, desktop and phone.
//   node browser_test.js BASE_URL SCREENSHOT_DIR     (run by run_browser_test.sh)
// Each check compares the page with the API answering the same question (facet counts, one
// large page against cursor pages, the viewport), not with numbers written here.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { moreSteps } = require('./browser_more.js');

const [base, shots] = process.argv.slice(2);
const XSS_NAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
let passed = 0;
let failed = 0;

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log('ok   ' + name);
  } catch (e) {
    failed += 1;
    console.log('FAIL ' + name + '\n     ' + String(e.stack || e).split('\n').slice(0, 6).join('\n     '));
  }
}

async function api(pathAndQuery, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  };
  const response = await fetch(base + pathAndQuery, init);
  assert.equal(response.status, 200, pathAndQuery + ' answered ' + response.status);
  return response.json();
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is now.
// The script is evaluated through the DevTools protocol, which the page's CSP does not govern.
async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  assert.ok(result.passes.length > 20, 'axe-core checked ' + result.passes.length + ' rules only');
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}
// The standard's codes a person must never read: « trouver-un-emploi--… », « en-presentiel ».
const CODE = /\b[a-z]+(?:-[a-z]+)*--[a-z-]+|\b(?:en-presentiel|a-distance|demandeurs-emploi|envoyer-un-courriel)\b/;

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cartoffre-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];  // script errors, dialogs, requests leaving the loopback
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss(); });
  // Console errors, but the refusals the error state asks for (400) and the address bar of the
  // test's own pages.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push('console: ' + m.text());
  });
  const personInUrls = [];  // a person's facts must never travel in an address
  page.on('request', (r) => { if (/[?&](age|statuses|lives_in|genre|diplome|qpv|permis|vehicule)=/.test(r.url())) personInUrls.push(r.url()); });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    problems.push('external request: ' + url.href);
    return route.abort();
  });
  const shot = (name, on = page) => on.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  shot.dir = shots;
  // Runs `action`, waits for the search it starts and for the page to show it; the API's answer.
  // The answer to the search the action sends: waiting for its request, not for any response,
  // so that a slower answer to an earlier search is never taken for it.
  // The page POSTs its searches: `sent` is the request's body.
  const searched = async (action, on = page) => {
    const [request] = await Promise.all([
      on.waitForRequest((r) => new URL(r.url()).pathname === '/api/search', { timeout: 30000 }),
      action(),
    ]);
    assert.equal(request.method(), 'POST');
    assert.equal(new URL(request.url()).search, '', 'a search with a query string: ' + request.url());
    const response = await request.response();
    assert.ok(response, 'the search request got no response: ' + request.url());
    const body = await response.json();
    await on.waitForFunction(() => !document.body.classList.contains('busy'));
    return { sent: request.postDataJSON(), body };
  };
  const listedIds = () => page.$$eval('#results li.hit', (items) => items.map((li) => li.dataset.id));
  let first;  // the search near Melun

  try {
    await page.goto(base + '/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });

    await step('words typed, place picked from the autocomplete: results and markers', async () => {
      await page.fill('#words', 'emploi');
      await page.$eval('#radius', (r) => { r.value = '30'; r.dispatchEvent(new Event('input')); });
      await page.click('#place');
      await page.keyboard.type('Melu', { delay: 40 });
      const option = page.locator('#place-options li', { hasText: 'Melun (77)' }).first();
      await option.waitFor({ timeout: 20000 });
      const completions = await api('/api/places?limit=8&q=Melu');
      assert.equal(await page.locator('#place-options li').count(), completions.length);
      first = await searched(() => option.click());
      assert.equal(await page.inputValue('#place'), 'Melun (77)');
      assert.equal(first.sent.words, 'emploi');
      assert.match(first.body.place.label, /Melun/);
      assert.ok(first.body.total > 20, 'expected more than a page near Melun, got ' + first.body.total);
      assert.deepEqual(await listedIds(), first.body.hits.map((h) => h.offer.id));
      const located = first.body.hits.filter((h) => h.offer.location).map((h) => h.offer.id);
      assert.ok(located.length > 0);
      assert.deepEqual((await page.evaluate(() => window.cartoffrePortal.markerIds())).sort(), located.sort());
      assert.ok(await page.locator('#map .leaflet-marker-icon').count() > 0, 'no marker nor cluster drawn');
      const status = await page.textContent('#status .total');
      assert.ok(status.startsWith(first.body.total + ' offres'), status);
      // Whom to call in the first lines of each result, phones and e-mails as links.
      for (const hit of first.body.hits.filter((h) => h.offer.telephone).slice(0, 5)) {
        const link = page.locator(`#results li.hit[data-id="${hit.offer.id}"] .call a[href^="tel:"]`);
        assert.equal(await link.textContent(), hit.offer.telephone);
      }
      // No verdict without a person.
      assert.equal(await page.locator('#results .verdict').count(), 0);
      await shot('1-results-melun');
    });

    await step('the map has its background by default, the centre and the radius drawn', async () => {
      await page.waitForSelector('#map img.leaflet-tile-loaded', { timeout: 20000 });
      const tiles = await page.$$eval('#map img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
      assert.ok(tiles.length > 0 && tiles.every((src) => src.includes('/fake-tiles/')), tiles[0]);
      assert.match(await page.textContent('.leaflet-control-attribution'), /tuiles de test/);
      assert.equal(await page.locator('#map path.search-radius').count(), 1);
      assert.equal(await page.locator('#map path.search-centre').count(), 1);
      // The circle is the radius asked: its drawn width is 2 × 30 km at the map's scale.
      const width = await page.$eval('#map path.search-radius', (p) => p.getBoundingClientRect().width);
      const kmPerPixel = await page.evaluate(() => {
        const m = window.cartoffrePortal.map;
        const size = m.getSize();
        return m.distance(m.containerPointToLatLng([0, size.y / 2]), m.containerPointToLatLng([size.x, size.y / 2])) / 1000 / size.x;
      });
      assert.ok(Math.abs(width * kmPerPixel - 60) < 6, 'radius drawn ' + width * kmPerPixel / 2 + ' km');
    });

    await step('a facet filters the results to its count', async () => {
      const facet = first.body.facets.types.find((f) => f.count < first.body.total) || first.body.facets.types[0];
      const button = page.locator(`#facets [data-facet="types"] button[data-code="${facet.code}"]`);
      const filtered = await searched(() => button.click());
      assert.deepEqual(filtered.sent.types, [facet.code]);
      assert.equal(filtered.body.total, facet.count, 'the facet said ' + facet.count);
      for (const hit of filtered.body.hits) assert.equal(hit.offer.type, facet.code);
      assert.equal(await page.locator('#active-filters .chip').count(), 1);
      assert.equal(await page.locator(`#facets [data-facet="types"] button[data-code="${facet.code}"].active`).count(), 1);
      await shot('2-facet-' + facet.code);
      const back = await searched(() => page.locator('#active-filters .chip').click());
      assert.equal(back.body.total, first.body.total);
    });

    await step('"load more" follows the cursor: two pages are the first 40 of one page', async () => {
      const second = await searched(() => page.click('#more'));
      assert.ok(second.sent.cursor);
      const ids = await listedIds();
      const oneLargePage = await api('/api/search', { ...first.sent, limit: 40 });
      assert.deepEqual(ids, oneLargePage.hits.map((h) => h.offer.id));
      assert.equal(new Set(ids).size, ids.length, 'an offer listed twice');
      const located = oneLargePage.hits.filter((h) => h.offer.location).length;
      assert.equal(await page.evaluate(() => window.cartoffrePortal.markerCount()), located);
      await shot('3-load-more');
    });

    await step('an offer opens with its details in French, no verdict without a person', async () => {
      const hit = first.body.hits[0];
      await page.locator('#results li.hit').first().locator('button.hit-name').click();
      await page.waitForFunction((name) => document.getElementById('detail-name').textContent === name, hit.offer.nom);
      assert.equal(await page.isVisible('#detail'), true);
      const full = await api('/api/offers/' + encodeURIComponent(hit.offer.id));
      const fields = await page.$$eval('#detail-fields dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
      assert.equal(fields.Identifiant, full.id);
      if (full.description) assert.equal(fields.Description, full.description);
      assert.equal(await page.locator('#detail-verdict .verdict').count(), 0);
      const text = await page.innerText('#detail');
      assert.doesNotMatch(text, CODE);
      assert.doesNotMatch(text, /\b(Mo|Tu|We|Th|Fr|Sa|Su)[ ,-][^\n]{0,20}\d\d:\d\d/, 'hours in English');
      await shot('4-offer');
      await page.click('#detail-close');
      assert.equal(await page.isVisible('#detail'), false);
    });

    await step('the map area re-queries with the viewport; a wider view finds more', async () => {
      const inArea = await searched(() => page.click('label[for="map-area"]'));
      const bbox = inArea.sent.bbox.split(',').map(Number);
      assert.equal(inArea.sent.place, undefined);
      for (const hit of inArea.body.hits) {
        const [lat, lon] = hit.offer.location;
        assert.ok(lat >= bbox[0] && lat <= bbox[2] && lon >= bbox[1] && lon <= bbox[3], hit.offer.id + ' outside the view');
      }
      const wider = await searched(() => page.evaluate(() => { const m = window.cartoffrePortal.map; m.setZoom(m.getZoom() - 2); }));
      const outer = wider.sent.bbox.split(',').map(Number);
      assert.ok(outer[0] <= bbox[0] && outer[2] >= bbox[2], 'zooming out should widen the view');
      assert.ok(wider.body.total >= inArea.body.total);
      await shot('5-map-area');
      await searched(() => page.click('label[for="map-area"]'));
    });

    await step('an offer whose name holds HTML and script shows as text', async () => {
      await page.fill('#words', 'xsspiege');
      const found = await searched(() => page.click('#search-button'));
      const hit = found.body.hits.find((h) => h.offer.nom === XSS_NAME);
      assert.ok(hit, 'the fixture offer was not found near Melun');
      const item = page.locator(`#results li.hit[data-id="${hit.offer.id}"]`);
      assert.equal(await item.locator('button.hit-name').textContent(), XSS_NAME);
      assert.equal(await page.locator('#results img, #results script, #results iframe, #results svg').count(), 0);
      await item.locator('button.hit-name').click();
      await page.waitForFunction((name) => document.getElementById('detail-name').textContent === name, XSS_NAME);
      assert.match(await page.textContent('#detail-structure'), /^<svg onload=/);
      assert.equal(await page.locator('#detail a[href^="javascript"], #detail img, #detail iframe').count(), 0);
      await page.evaluate((id) => window.cartoffrePortal.openPopup(id), hit.offer.id);
      await page.waitForSelector('.leaflet-popup-content strong', { timeout: 20000 });
      assert.equal(await page.textContent('.leaflet-popup-content strong'), XSS_NAME);
      assert.equal(await page.locator('.leaflet-marker-pane img[src="x"], .leaflet-popup img').count(), 0);
      await page.waitForTimeout(300);  // an injected onerror would have run by now
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
      await shot('6-html-as-text');
    });

    await step("a person's situation gives each offer its verdict and reasons", async () => {
      await page.fill('#words', 'emploi');
      await page.click('#profile summary');
      await page.fill('#age', '23');
      await page.click('#statuses input[value="rsa"] + label');
      await page.selectOption('#mode', 'inclusive');
      const judged = await searched(() => page.click('#search-button'));
      const sent = judged.sent;
      assert.equal(sent.age, 23);
      assert.deepEqual(sent.statuses, ['rsa']);
      assert.equal(sent.mode, 'inclusive');
      assert.ok(judged.body.hits.length > 0);
      const shown = await page.$$eval('#results li.hit', (items) => items.map((li) => ({
        verdict: [...li.querySelector('.verdict').classList].find((c) => c.startsWith('verdict-')),
        reasons: [...li.querySelectorAll('.reasons li')].map((r) => r.textContent),
      })));
      assert.deepEqual(shown, judged.body.hits.map((h) => ({
        verdict: 'verdict-' + h.verdict,
        reasons: h.reasons.map((r) => r.text),
      })));
      assert.doesNotMatch(page.url(), /age|rsa|statuses/);
      // The detail's verdict, asked by POST for the same person.
      const [explained] = await Promise.all([
        page.waitForRequest((r) => new URL(r.url()).pathname === '/api/explain'),
        page.locator('#results li.hit button.hit-name').first().click(),
      ]);
      assert.equal(explained.method(), 'POST');
      assert.equal(explained.postDataJSON().age, 23);
      await page.waitForSelector('#detail-verdict .verdict', { timeout: 20000 });
      await shot('7-person');
      await page.keyboard.press('Escape');
    });

    await moreSteps({ page, context, step, shot, searched, listedIds, api, axeProblems, CODE, base, shots });

    await step('nothing ran that should not, nothing left the loopback', async () => {
      assert.deepEqual(problems, []);
      assert.deepEqual(personInUrls, []);
    });
  } finally {
    await context.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
