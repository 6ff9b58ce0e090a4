// A small map for the printed sheet: the tiles around an offer laid out by hand and a dot at
// its place. Leaflet cannot draw into the sheet, which is hidden until printed.
import { el } from './format.js';

const WIDTH = 320;
const HEIGHT = 180;
const ZOOM = 16;
let tiles = null;

export function setSheetTiles(config) {
  tiles = config.tiles ? config : null;
}

function tileUrl(x, y) {
  const subdomains = tiles.tiles_subdomains || 'abc';
  return tiles.tiles.replace('{s}', subdomains[(x + y) % subdomains.length])
    .replace('{z}', ZOOM).replace('{x}', x).replace('{y}', y).replace('{r}', '');
}

// null when there are no tiles or no place.
export function sheetMap(lat, lon, name) {
  if (!tiles || lat === null || lon === null || lat === undefined) return null;
  const scale = 256 * 2 ** ZOOM;
  const rad = (lat * Math.PI) / 180;
  const px = ((lon + 180) / 360) * scale;
  const py = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * scale;
  const left = px - WIDTH / 2;
  const top = py - HEIGHT / 2;
  const box = el('div', null, 'sheet-map');
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', 'Plan autour de ' + name);
  for (let x = Math.floor(left / 256); x <= Math.floor((left + WIDTH) / 256); x += 1) {
    for (let y = Math.floor(top / 256); y <= Math.floor((top + HEIGHT) / 256); y += 1) {
      const img = el('img');
      img.alt = '';
      img.src = tileUrl(x, y);
      img.style.left = Math.round(x * 256 - left) + 'px';
      img.style.top = Math.round(y * 256 - top) + 'px';
      box.appendChild(img);
    }
  }
  box.appendChild(el('span', null, 'sheet-map-dot'));
  if (tiles.tiles_attribution) {
    // The operator's attribution as text: the sheet is paper, links are of no use there.
    const holder = document.createElement('template');
    holder.innerHTML = tiles.tiles_attribution;
    box.appendChild(el('small', holder.content.textContent, 'sheet-map-credit'));
  }
  return box;
}

// The sheet's images loaded (or failed), at most `ms` to wait: then the browser prints.
export function tilesLoaded(root, ms = 3000) {
  const pending = [...root.querySelectorAll('img')].filter((img) => !img.complete)
    .map((img) => new Promise((done) => { img.onload = done; img.onerror = done; }));
  return Promise.race([Promise.all(pending), new Promise((done) => setTimeout(done, ms))]);
}
