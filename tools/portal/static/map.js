// The map: a background of tiles (the operator's setting, OpenStreetMap France by default),
// the search's centre and radius, one marker per offer coloured by its verdict (dashed when its
// place is approximate), reachable by keyboard. Catalogue text goes into popups as DOM nodes.
import { el, VERDICTS, NO_VERDICT_COLOUR } from './format.js';

const COVERAGE_CLASSES = [
  { upTo: 5, colour: '#1f8d49', label: 'à 5 km au plus' },
  { upTo: 15, colour: '#c3992a', label: 'de 5 à 15 km' },
  { upTo: 30, colour: '#e4794a', label: 'de 15 à 30 km' },
  { upTo: Infinity, colour: '#ce0500', label: 'à plus de 30 km' },
];
const COVERAGE_NONE = { colour: '#3a3a3a', label: 'aucune' };

export function createMap({ onOpen, onMoved }) {
  const map = L.map('map', { zoomControl: true, minZoom: 3, maxZoom: 18, keyboard: true })
    .setView([46.6, 2.4], 6);
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  const area = L.layerGroup();  // the centre and the radius circle
  const markers = new Map();    // offer id -> marker
  map.addLayer(cluster);
  map.addLayer(area);
  let fitting = false;          // the map moves because of us, not the person

  function setTiles(config) {
    if (!config.tiles) return;
    // The attribution is the operator's setting (HTML for its links), never catalogue text.
    L.tileLayer(config.tiles, {
      attribution: config.tiles_attribution, maxZoom: 19,
      subdomains: config.tiles_subdomains || 'abc',
    }).addTo(map);
  }

  function addMarker(hit) {
    const offer = hit.offer;
    if (!offer.location || markers.has(offer.id)) return;
    const colour = hit.verdict ? (VERDICTS[hit.verdict] || {}).colour || NO_VERDICT_COLOUR
      : NO_VERDICT_COLOUR;
    const approx = offer.localisation_approximative;
    const icon = L.divIcon({
      className: 'offer-marker' + (approx ? ' approx' : '') + (hit.verdict ? ' verdict-' + hit.verdict : ''),
      iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10],
    });
    // title names the marker for keyboard and screen reader users (Leaflet sets it as a
    // property); ≈ says the place is the commune's centre.
    const marker = L.marker(offer.location, {
      icon, keyboard: true, alt: offer.nom,
      title: (approx ? '≈ ' : '') + offer.nom + (offer.commune ? ' — ' + offer.commune : ''),
    });
    marker.on('add', () => {
      const node = marker.getElement();
      if (node) {
        node.style.setProperty('--marker-colour', colour);
        node.setAttribute('aria-label', marker.options.title);
        node.dataset.id = offer.id;
      }
    });
    const popup = el('div', null, 'popup');
    popup.appendChild(el('strong', offer.nom));
    popup.appendChild(el('div', [offer.structure_nom, offer.commune].filter(Boolean).join(' · ')));
    if (approx) popup.appendChild(el('div', '≈ lieu approché (centre de la commune)', 'approx-note'));
    const open = el('button', 'Voir le détail', 'fr-btn fr-btn--sm popup-open');
    open.type = 'button';
    open.addEventListener('click', () => onOpen(offer.id, open));
    popup.appendChild(open);
    marker.bindPopup(popup);
    markers.set(offer.id, marker);
    cluster.addLayer(marker);
  }

  function clear() {
    cluster.clearLayers();
    markers.clear();
    area.clearLayers();
  }

  // The centre of the search and its radius (one per origin: a postcode may cover several
  // communes); their bounds, for the view.
  function drawArea(place, radiusKm) {
    area.clearLayers();
    const origins = (place && place.origins) || [];
    let bounds = null;
    for (const point of origins) {
      const circle = L.circle(point, {
        radius: radiusKm * 1000, color: '#000091', weight: 2, fill: true, fillOpacity: 0.04,
        interactive: false, className: 'search-radius',
      });
      area.addLayer(circle);
      area.addLayer(L.circleMarker(point, {
        radius: 6, color: '#ffffff', weight: 2, fillColor: '#000091', fillOpacity: 1,
        interactive: false, className: 'search-centre',
      }));
      bounds = bounds ? bounds.extend(circle.getBounds()) : circle.getBounds();
    }
    return bounds;
  }

  function fit(areaBounds) {
    let bounds = areaBounds;
    if (!bounds && markers.size) bounds = L.latLngBounds([...markers.values()].map((m) => m.getLatLng())).pad(0.1);
    if (!bounds) return;
    fitting = true;
    map.fitBounds(bounds, { maxZoom: 14, animate: false });
    // Clusters and a resize may move the map once more after the fit: still ours.
    setTimeout(() => { fitting = false; }, 300);
  }

  // The coverage layer: each commune of the département at its centre (the gazetteer has no
  // outlines), coloured by the distance to the nearest offer of the theme open to its
  // residents, sized by population. Under the offers' markers, not focusable: the same
  // figures are written in the results' header.
  const coverage = L.layerGroup();
  map.addLayer(coverage);
  let legend = null;
  function drawCoverage(data) {
    coverage.clearLayers();
    if (legend) legend.remove();
    legend = null;
    if (!data) return;
    for (const c of data.communes) {
      const cls = COVERAGE_CLASSES.find((k) => c.distance_km !== null && c.distance_km <= k.upTo)
        || COVERAGE_NONE;
      coverage.addLayer(L.circleMarker(c.centre, {
        radius: Math.max(3, Math.min(14, Math.sqrt(c.population) / 12)), stroke: false,
        fillColor: cls.colour, fillOpacity: 0.55, interactive: false, className: 'coverage-commune',
      }));
    }
    legend = L.control({ position: 'bottomleft' });
    legend.onAdd = () => {
      const box = el('div', null, 'coverage-legend');
      box.appendChild(el('strong', 'Offre la plus proche'));
      for (const k of [...COVERAGE_CLASSES, COVERAGE_NONE]) {
        const line = el('div');
        const swatch = el('span', null, 'swatch');
        swatch.style.background = k.colour;
        line.append(swatch, document.createTextNode(' ' + k.label));
        box.appendChild(line);
      }
      return box;
    };
    legend.addTo(map);
  }

  function viewport() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180),
      clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)]
      .map((v) => v.toFixed(5)).join(',');
  }

  // Whether the person moved the map (pointer, wheel, keys on it), not a fit of ours.
  let touched = false;
  const container = map.getContainer();
  for (const kind of ['pointerdown', 'wheel']) container.addEventListener(kind, () => { touched = true; }, { passive: true });
  // The keys Leaflet pans and zooms with; Tab through the markers moves nothing.
  container.addEventListener('keydown', (event) => {
    if (/^(Arrow|\+|-|=|_)/.test(event.key)) touched = true;
  });
  map.on('moveend', () => {
    if (!fitting) onMoved(touched);
    touched = false;
  });
  map.on('resize', () => { fitting = true; setTimeout(() => { fitting = false; }, 300); });

  return {
    map, setTiles, addMarker, clear, drawArea, fit, viewport, drawCoverage,
    markerIds: () => [...markers.keys()],
    openPopup(id) {
      const marker = markers.get(id);
      if (marker) cluster.zoomToShowLayer(marker, () => marker.openPopup());
    },
    closePopup: () => map.closePopup(),
  };
}
