// The map: a background of tiles (the operator's setting, OpenStreetMap France by default),
// the search's centre and radius, one marker per offer coloured by its verdict (dashed when its
// place is approximate), reachable by keyboard. Catalogue text goes into popups as DOM nodes.
import { el, VERDICTS, NO_VERDICT_COLOUR } from './format.js';

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

  function viewport() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getSouth(), -90, 90), clamp(b.getWest(), -180, 180),
      clamp(b.getNorth(), -90, 90), clamp(b.getEast(), -180, 180)]
      .map((v) => v.toFixed(5)).join(',');
  }

  // Whether the person moved the map (pointer, wheel, keys on it), not a fit of ours.
  let touched = false;
  for (const kind of ['pointerdown', 'wheel', 'keydown']) {
    map.getContainer().addEventListener(kind, () => { touched = true; }, { passive: true });
  }
  map.on('moveend', () => {
    if (!fitting) onMoved(touched);
    touched = false;
  });
  map.on('resize', () => { fitting = true; setTimeout(() => { fitting = false; }, 300); });

  return {
    map, setTiles, addMarker, clear, drawArea, fit, viewport,
    markerIds: () => [...markers.keys()],
    openPopup(id) {
      const marker = markers.get(id);
      if (marker) cluster.zoomToShowLayer(marker, () => marker.openPopup());
    },
    closePopup: () => map.closePopup(),
  };
}
