// The portal in Debian's headless Chromium, driven by playwright-core: a person types words,
// picks a place from the autocomplete, sees results and markers, filters by a facet, loads
// more, opens an offer, moves the map; catalogue text holding HTML shows as text.
//   node browser_test.js BASE_URL SCREENSHOT_DIR     (run by run_browser_test.sh)
// Each check compares the page with the API answering the same question (facet counts, one
// large page against cursor pages, the viewport), not with numbers written here.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

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

async function api(pathAndQuery) {
  const response = await fetch(base + pathAndQuery);
  assert.equal(response.status, 200, pathAndQuery + ' answered ' + response.status);
  return response.json();
}

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
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    problems.push('external request: ' + url.href);
    return route.abort();
  });
  const shot = (name) => page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  // Runs `action`, waits for the search it starts and for the page to show it; the API's answer.
  // The answer to the search the action sends: waiting for its request, not for any response,
  // so that a slower answer to an earlier search is never taken for it.
  const searched = async (action) => {
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/search?'), { timeout: 30000 }),
      action(),
    ]);
    const response = await request.response();
    assert.ok(response, 'the search request got no response: ' + request.url());
    const body = await response.json();
    await page.waitForFunction(() => !document.body.classList.contains('busy'));
    return { url: new URL(response.url()), body };
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
      assert.equal(first.url.searchParams.get('words'), 'emploi');
      assert.match(first.body.place.label, /Melun/);
      assert.ok(first.body.total > 20, 'expected more than a page near Melun, got ' + first.body.total);
      assert.deepEqual(await listedIds(), first.body.hits.map((h) => h.offer.id));
      const located = first.body.hits.filter((h) => h.offer.location).map((h) => h.offer.id);
      assert.ok(located.length > 0);
      assert.deepEqual((await page.evaluate(() => window.cartoffrePortal.markerIds())).sort(), located.sort());
      assert.ok(await page.locator('#map .leaflet-marker-icon').count() > 0, 'no marker nor cluster drawn');
      const status = await page.textContent('#status .total');
      assert.ok(status.startsWith(first.body.total + ' offres'), status);
      await shot('1-results-melun');
    });

    await step('a facet filters the results to its count', async () => {
      const facet = first.body.facets.types.find((f) => f.count < first.body.total) || first.body.facets.types[0];
      const button = page.locator(`#facets [data-facet="types"] button[data-code="${facet.code}"]`);
      const filtered = await searched(() => button.click());
      assert.deepEqual(filtered.url.searchParams.getAll('types'), [facet.code]);
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
      assert.ok(second.url.searchParams.get('cursor'));
      const ids = await listedIds();
      const query = new URLSearchParams(first.url.searchParams);
      query.set('limit', '40');
      const oneLargePage = await api('/api/search?' + query.toString());
      assert.deepEqual(ids, oneLargePage.hits.map((h) => h.offer.id));
      assert.equal(new Set(ids).size, ids.length, 'an offer listed twice');
      const located = oneLargePage.hits.filter((h) => h.offer.location).length;
      assert.equal(await page.evaluate(() => window.cartoffrePortal.markerCount()), located);
      await shot('3-load-more');
    });

    await step('an offer opens with its details and verdict for the place', async () => {
      const hit = first.body.hits[0];
      await page.locator('#results li.hit').first().locator('button.hit-name').click();
      await page.waitForFunction((name) => document.getElementById('detail-name').textContent === name, hit.offer.nom);
      assert.equal(await page.isVisible('#detail'), true);
      const full = await api('/api/offers/' + encodeURIComponent(hit.offer.id));
      const fields = await page.$$eval('#detail-fields dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
      assert.equal(fields.Identifiant, full.id);
      if (full.description) assert.equal(fields.Description, full.description);
      await page.waitForSelector('#detail-verdict .verdict', { timeout: 20000 });
      await shot('4-offer');
      await page.click('#detail-close');
    });

    await step('the map area re-queries with the viewport; a wider view finds more', async () => {
      const inArea = await searched(() => page.check('#map-area'));
      const bbox = inArea.url.searchParams.get('bbox').split(',').map(Number);
      assert.equal(inArea.url.searchParams.get('place'), null);
      for (const hit of inArea.body.hits) {
        const [lat, lon] = hit.offer.location;
        assert.ok(lat >= bbox[0] && lat <= bbox[2] && lon >= bbox[1] && lon <= bbox[3], hit.offer.id + ' outside the view');
      }
      const wider = await searched(() => page.evaluate(() => { const m = window.cartoffrePortal.map; m.setZoom(m.getZoom() - 2); }));
      const outer = wider.url.searchParams.get('bbox').split(',').map(Number);
      assert.ok(outer[0] <= bbox[0] && outer[2] >= bbox[2], 'zooming out should widen the view');
      assert.ok(wider.body.total >= inArea.body.total);
      await shot('5-map-area');
      await searched(() => page.uncheck('#map-area'));
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
      await page.check('#statuses input[value="rsa"]');
      await page.selectOption('#mode', 'inclusive');
      const judged = await searched(() => page.click('#search-button'));
      const sent = judged.url.searchParams;
      assert.equal(sent.get('age'), '23');
      assert.deepEqual(sent.getAll('statuses'), ['rsa']);
      assert.equal(sent.get('mode'), 'inclusive');
      assert.ok(judged.body.hits.length > 0);
      const shown = await page.$$eval('#results li.hit', (items) => items.map((li) => ({
        verdict: li.querySelector('.verdict').className,
        reasons: [...li.querySelectorAll('.reasons li')].map((r) => r.textContent),
      })));
      assert.deepEqual(shown, judged.body.hits.map((h) => ({
        verdict: 'verdict verdict-' + h.verdict,
        reasons: h.reasons.map((r) => r.text),
      })));
      await shot('7-person');
    });

    await step('with tiles configured, the map draws them under the markers', async () => {
      // The portal's setting as /api/config gives it, pointing at a tile server on the loopback
      // that this test plays (a 1x1 PNG for every tile).
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
      let tiles = 0;
      await page.route('**/test-tiles/**', (route) => {
        tiles += 1;
        return route.fulfill({ contentType: 'image/png', body: png });
      });
      await page.route('**/api/config', async (route) => {
        const response = await route.fetch();
        const config = await response.json();
        config.tiles = base + '/test-tiles/{z}/{x}/{y}.png';
        config.tiles_attribution = 'tuiles de test';
        return route.fulfill({ response, json: config });
      });
      await page.reload();
      await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
      await page.fill('#words', 'emploi');
      await page.fill('#place', 'Melun (77)');
      const found = await searched(() => page.click('#search-button'));
      assert.ok(found.body.total > 0);
      await page.waitForSelector('#map img.leaflet-tile-loaded', { timeout: 20000 });
      assert.ok(tiles > 0);
      assert.ok(await page.locator('#map .leaflet-marker-icon').count() > 0);
      assert.match(await page.textContent('.leaflet-control-attribution'), /tuiles de test/);
      await shot('8-tiles');
    });

    await step('nothing ran that should not, nothing left the loopback', async () => {
      assert.deepEqual(problems, []);
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
